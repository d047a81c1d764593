/* pd-cli-timeline.c: `progdiff timeline`, an areas × versions matrix over
 * files (ordered by Supersedes, then Date) or over a document's commits. */
#include "config.h"

#include <stdio.h>

#include "pd-cli.h"

typedef struct
{
  GPtrArray *documents;   /* newest first, as the walk yields them */
  GPtrArray *labels;
  GPtrArray *commits;
  GPtrArray *left_out;    /* why each invalid version has no column, newest first */
  char *boundary;         /* where a shallow clone's history begins, if reached */
} Versions;

/* A version's document, or NULL where the commit deleted it. */
static void
unref_document (gpointer document)
{
  if (document != NULL)
    pd_document_unref (document);
}

static gboolean
collect_version (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  Versions *v = user_data;

  /* An invalid version has no areas to place (a problem of the parent's
   * version does not count); a deletion is a column where every area is
   * gone. */
  if (entry->boundary)
    v->boundary = g_strdup (entry->commit->short_id);
  if (entry->new_invalid)
    {
      g_ptr_array_add (v->left_out, pd_escape_visible (entry->problem, -1));
      return TRUE;
    }
  g_ptr_array_add (v->documents, entry->new_document != NULL
                                   ? pd_document_ref (entry->new_document) : NULL);
  g_ptr_array_add (v->labels, g_strdup (entry->commit->short_id));
  g_ptr_array_add (v->commits, g_strdup (entry->commit->id));
  return TRUE;
}

static PdTimeline *
timeline_from_git (const char *repo_dir, const char *rev, const char *path, const char *output,
                   GError **error)
{
  Versions v = { g_ptr_array_new_with_free_func (unref_document),
                 g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
                 g_ptr_array_new_with_free_func (g_free), NULL };
  PdLogOptions log = PD_LOG_OPTIONS_INIT;
  PdCliProgress progress;
  PdTimeline *timeline = NULL;

  log.rev = rev;
  log.path = path;
  /* A renamed file is the same document: its columns go on. */
  log.follow = TRUE;
  pd_cli_walk_begin (&progress, &log);
  g_autoptr(PdRepo) repo = pd_repo_open (repo_dir, error);
  gboolean walked = repo != NULL && pd_cli_check_output_not_document (output, repo, path, error)
                    && pd_history_log (repo, &log, collect_version, &v, error);
  pd_cli_walk_end (&progress);
  /* Said after the walk's progress line, oldest first as the columns. */
  for (guint i = v.left_out->len; walked && i-- > 0;)
    fprintf (stderr, "progdiff: warning: %s (left out of the timeline)\n",
             (const char *) v.left_out->pdata[i]);
  if (walked && v.boundary != NULL)
    fprintf (stderr, "progdiff: warning: the repository is a shallow clone whose history begins "
                     "at %s: an area in the timeline's first column may be older\n", v.boundary);
  gboolean any_valid = FALSE;   /* deletions are columns too, but show nothing */
  for (guint i = 0; i < v.documents->len; i++)
    any_valid = any_valid || v.documents->pdata[i] != NULL;
  if (walked && !any_valid)
    {
      g_autofree char *shown = pd_escape_visible (path, -1);
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT,
                   "%s: no valid version to show", shown);
    }
  else if (walked)
    {
      timeline = pd_timeline_new (NULL);
      gboolean begun = FALSE;   /* a deletion before any valid version has nothing to remove */
      for (guint i = v.documents->len; i-- > 0;)
        if ((begun = begun || v.documents->pdata[i] != NULL))
          pd_timeline_add (timeline, v.documents->pdata[i], v.labels->pdata[i],
                           v.commits->pdata[i], NULL);
    }
  g_ptr_array_unref (v.documents);
  g_ptr_array_unref (v.labels);
  g_ptr_array_unref (v.commits);
  g_ptr_array_unref (v.left_out);
  g_free (v.boundary);
  return timeline;
}

static PdTimeline *
timeline_from_files (int argc, char **argv, const char *repo_dir, const char *output)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_document_unref);
  g_autoptr(PdRepo) repo = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  g_autofree const char **inputs = g_new0 (const char *, argc);
  for (int i = 1; i < argc; i++)
    inputs[i - 1] = argv[i];
  if (!pd_cli_check_output_not_input (output, inputs, &error))
    {
      pd_cli_print_gerror (error);
      return NULL;
    }
  for (int i = 1; i < argc; i++)
    {
      PdDocument *doc = pd_cli_load_document (argv[i], repo_dir, &repo);
      if (doc == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (documents, doc);
    }
  if (!ok)
    return NULL;
  pd_timeline_sort_documents (documents);
  PdTimeline *timeline = pd_timeline_new (NULL);
  for (guint i = 0; i < documents->len; i++)
    {
      PdDocument *doc = documents->pdata[i];
      pd_timeline_add (timeline, doc, pd_document_get_version (doc), NULL,
                       pd_document_get_name (doc));
    }
  return timeline;
}

int
pd_cli_timeline (int argc, char **argv)
{
  g_autofree char *repo_dir = NULL, *format = NULL, *rev = NULL, *path = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "path", 0, 0, G_OPTION_ARG_STRING, &path,
      "Use the commits that changed PATH in git instead of files", "PATH" },
    { "rev", 0, 0, G_OPTION_ARG_STRING, &rev, "With --path, start from REV (default HEAD)", "REV" },
    { "repository", 'C', 0, G_OPTION_ARG_FILENAME, &repo_dir,
      "Read --path, and REV:PATH FILEs, from the repository at DIR", "DIR" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      "Report format: text (default), markdown, json, or html (coloured cells, one "
      "self-contained page)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the report to FILE (replaced atomically)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;

  g_set_prgname ("progdiff timeline");
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE…]");
  g_option_context_set_summary (context,
                                "Show which areas each version has: an areas × versions matrix.\n"
                                "Versions are the FILEs (ordered by Supersedes, then Date), or with\n"
                                "--path the commits that changed PATH, oldest first, followed through\n"
                                "renames of the file.");
  g_option_context_set_description (context, "Exit status: 0 on success, 2 on trouble.");
  if (!pd_cli_parse_options (context, entries, "timeline", &argc, &argv))
    return PD_CLI_EXIT_TROUBLE;

  PdReportOptions report = PD_REPORT_OPTIONS_INIT;
  if (format != NULL && !pd_report_format_from_string (format, &report.format))
    return pd_cli_usage_error ("timeline",
                               "unknown format '%s' (expected text, markdown, json or html)",
                               format);
  if ((path == NULL) == (argc < 2))
    return pd_cli_usage_error ("timeline", path == NULL ? "missing operand: need FILEs or --path"
                                                        : "give either FILEs or --path, not both");
  if (rev != NULL && path == NULL)
    return pd_cli_usage_error ("timeline", "--rev needs --path (a FILE may be REV:PATH)");

  g_autoptr(PdTimeline) timeline = path != NULL
                                      ? timeline_from_git (repo_dir, rev, path, output, &error)
                                      : timeline_from_files (argc, argv, repo_dir, output);
  if (timeline == NULL)
    {
      if (error != NULL)
        pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  g_autoptr(GString) text = g_string_new (NULL);
  if (!pd_report_render_timeline (timeline, &report, text, &error)
      || !pd_cli_write (output, text, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return PD_CLI_EXIT_SAME;
}
