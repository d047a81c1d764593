/* pd-cli-log.c: `progdiff log [REV] [--] PATH`, the commits that changed
 * a programme, newest first, each with its area counts. */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "pd-cli.h"

typedef struct
{
  char *repo_dir;
  char *format;
  char *color;
  char *area;
  char *since;
  char *until;
  char *output;
  char *max_count_text;   /* -n as given, NULL: no limit */
  int max_count;          /* -1: no limit */
  gboolean patch;
  gboolean reverse;
  gboolean follow;
} LogOptions;

static void
log_options_clear (LogOptions *o)
{
  g_free (o->repo_dir);
  g_free (o->format);
  g_free (o->color);
  g_free (o->area);
  g_free (o->since);
  g_free (o->until);
  g_free (o->output);
  g_free (o->max_count_text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LogOptions, log_options_clear)

/* Follows one area back through the history (--area). */
typedef struct
{
  PdLogReport *report;
  const char *spec;       /* ID or title as the user wrote it */
  char *spec_title;       /* normalised */
  char *tracked;          /* the area's ID in the version being looked at */
  char *start_commit;     /* NULL, or the commit before which nothing is listed */
  gint64 since, until;    /* --since and --until, checked here when start_commit is set */
  gboolean done;          /* the area's first appearance was passed */
  guint max;
  guint kept;
  gboolean stopped;       /* -n reached: the walk's "error" is not one */
} Collect;

static gboolean
matches (Collect *c, const PdArea *area)
{
  if (area == NULL)
    return FALSE;
  if (c->tracked != NULL)
    return g_str_equal (pd_area_get_id (area), c->tracked);
  g_autofree char *title = pd_match_normalize_title (pd_area_get_title (area));
  return g_str_equal (pd_area_get_id (area), c->spec) || g_str_equal (title, c->spec_title);
}

/* The change of the tracked area in @comparison, or NULL. Until the
 * area is found, the user may have named it as it was before a rename,
 * so the old side counts too; the name it has now comes first. */
static const PdAreaChange *
find_change (Collect *c, const PdComparison *comparison)
{
  guint n = pd_comparison_get_n_changes (comparison);

  for (guint k = 0; k < n; k++)
    {
      const PdAreaChange *ch = pd_comparison_get_change (comparison, k);
      if (matches (c, ch->new_area != NULL ? ch->new_area : ch->old_area))
        return ch;
    }
  for (guint k = 0; c->tracked == NULL && k < n; k++)
    {
      const PdAreaChange *ch = pd_comparison_get_change (comparison, k);
      if (ch->new_area != NULL && matches (c, ch->old_area))
        return ch;
    }
  return NULL;
}

/* One rename or removal seen by resolve_area(): the area's ID and title
 * before, its ID after (NULL: removed), and the commit where it shows.
 * With no old ID, the commit deleted the whole document. */
typedef struct
{
  char *old_id;
  char *old_title;   /* normalised */
  char *new_id;
  char *commit;
} Rename;

static void
rename_clear (gpointer data)
{
  Rename *r = data;

  g_free (r->old_id);
  g_free (r->old_title);
  g_free (r->new_id);
  g_free (r->commit);
}

/* The walk of resolve_area(): renames and removals, newest first. */
typedef struct
{
  GArray *renames;
  const PdCompareOptions *compare;
  PdDocument *gap_top;   /* the valid version above invalid ones, until one below is read */
  char *gap_commit;
} RenameWalk;

static void
add_renames (GArray *renames, const PdComparison *comparison, const char *commit)
{
  for (guint k = 0; k < pd_comparison_get_n_changes (comparison); k++)
    {
      const PdAreaChange *ch = pd_comparison_get_change (comparison, k);
      if (ch->status != PD_AREA_STATUS_RENAMED && ch->status != PD_AREA_STATUS_REMOVED)
        continue;
      Rename r = { g_strdup (pd_area_get_id (ch->old_area)),
                   pd_match_normalize_title (pd_area_get_title (ch->old_area)),
                   ch->new_area != NULL ? g_strdup (pd_area_get_id (ch->new_area)) : NULL,
                   g_strdup (commit) };
      g_array_append_val (renames, r);
    }
}

static gboolean
collect_renames (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  RenameWalk *w = user_data;

  /* Across invalid versions, what changed shows in the valid one above
   * them, as blame has it. */
  if (w->gap_top != NULL && entry->new_document != NULL)
    {
      g_autoptr(PdComparison) across = pd_comparison_new (entry->new_document, w->gap_top,
                                                          w->compare);
      add_renames (w->renames, across, w->gap_commit);
    }
  if (entry->new_document != NULL || !entry->new_invalid)
    {
      g_clear_pointer (&w->gap_top, pd_document_unref);
      g_clear_pointer (&w->gap_commit, g_free);
    }
  if (entry->new_document == NULL && !entry->new_invalid)
    {
      Rename deleted = { NULL, NULL, NULL, g_strdup (entry->commit->id) };
      g_array_append_val (w->renames, deleted);
    }
  else if (entry->comparison != NULL)
    add_renames (w->renames, entry->comparison, entry->commit->id);
  else if (entry->new_document != NULL && entry->old_document == NULL && entry->problem != NULL)
    {
      w->gap_top = pd_document_ref (entry->new_document);
      w->gap_commit = g_strdup (entry->commit->id);
    }
  return TRUE;
}

/* --area may name an area as it was before a rename. Following it only
 * from the renaming commit back would miss the commits after it, so when
 * no area of the starting version has that name, one walk first finds
 * the ID the area ended up with, and sets c->tracked to it. Where the
 * area was removed in the end, its last ID may name another area since:
 * then c->start_commit is the removal, and nothing newer is listed (the
 * walk must then see every commit: dates are checked in collect()). */
static gboolean
resolve_area (PdRepo *repo, const PdLogOptions *log, Collect *c, GError **error)
{
  g_autoptr(PdDocument) start = pd_repo_load_document (repo, log->rev != NULL ? log->rev : "HEAD",
                                                       log->path, NULL, NULL);
  for (guint i = 0; start != NULL && i < pd_document_get_n_areas (start); i++)
    if (matches (c, pd_document_get_area (start, i)))
      return TRUE;

  PdLogOptions all = *log;
  all.max_count = 0;
  all.since = G_MININT64;
  all.until = G_MAXINT64;
  all.compare.flags |= PD_COMPARE_FLAGS_NO_WORD_DIFF;
  g_autoptr(GArray) renames = g_array_new (FALSE, FALSE, sizeof (Rename));
  g_array_set_clear_func (renames, rename_clear);
  RenameWalk w = { renames, &all.compare, NULL, NULL };
  gboolean ok = pd_history_log (repo, &all, collect_renames, &w, error);
  g_clear_pointer (&w.gap_top, pd_document_unref);
  g_free (w.gap_commit);
  if (!ok)
    return FALSE;

  const char *name = NULL;   /* the area's ID once a rename from the spec is found */
  const Rename *removal = NULL;
  for (guint i = renames->len; i-- > 0 && removal == NULL;)   /* oldest first */
    {
      const Rename *r = &g_array_index (renames, Rename, i);
      if (name != NULL && (r->old_id == NULL || g_str_equal (r->old_id, name)))
        {
          if (r->new_id == NULL)
            removal = r;
          else
            name = r->new_id;
        }
      else if (name == NULL && r->new_id != NULL
               && (g_str_equal (r->old_id, c->spec) || g_str_equal (r->old_title, c->spec_title)))
        name = r->new_id;
    }
  c->tracked = g_strdup (name);
  c->start_commit = removal != NULL ? g_strdup (removal->commit) : NULL;
  return TRUE;
}

/* Whether @entry touched the tracked area; moves the tracking one version back. */
static gboolean
touches_area (Collect *c, const PdLogEntry *entry)
{
  if (c->done)
    return FALSE;
  if (c->start_commit != NULL && !g_str_equal (entry->commit->id, c->start_commit))
    return FALSE;
  g_clear_pointer (&c->start_commit, g_free);
  if (entry->comparison == NULL)
    {
      /* The document appeared (or a side is invalid): the area did too, if
       * here. Deleted, it went with the document, if it was there. */
      PdDocument *doc = entry->new_document != NULL ? entry->new_document
                        : !entry->new_invalid      ? entry->old_document
                                                   : NULL;
      gboolean here = FALSE;
      for (guint i = 0; doc != NULL && i < pd_document_get_n_areas (doc); i++)
        here = here || matches (c, pd_document_get_area (doc, i));
      c->done = here && entry->new_document != NULL && entry->old_document == NULL
                && entry->problem == NULL;
      return here;
    }
  const PdAreaChange *ch = find_change (c, entry->comparison);
  if (ch == NULL)
    return FALSE;
  g_free (c->tracked);
  c->tracked = ch->old_area != NULL ? g_strdup (pd_area_get_id (ch->old_area)) : NULL;
  c->done = ch->status == PD_AREA_STATUS_ADDED;
  return ch->status != PD_AREA_STATUS_UNCHANGED;
}

static gboolean
collect (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  Collect *c = user_data;

  if (c->spec != NULL && !touches_area (c, entry))
    return TRUE;
  if (entry->commit->time < c->since || entry->commit->time > c->until)
    return TRUE;
  if (!pd_log_report_add (c->report, entry, error))
    return FALSE;
  if (c->max > 0 && ++c->kept >= c->max)
    {
      /* Enough entries: stop the walk; the caller ignores this error. */
      c->stopped = TRUE;
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FAILED, "stopped");
      return FALSE;
    }
  return TRUE;
}

/* -n 0: the first entry ends the walk, and none is kept. */
static gboolean
collect_none (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  Collect *c = user_data;

  c->stopped = TRUE;
  g_set_error_literal (error, PD_ERROR, PD_ERROR_FAILED, "stopped");
  return FALSE;
}

static gboolean
parse_args (int *argc, char ***argv, LogOptions *o)
{
  const GOptionEntry entries[] = {
    { "repository", 'C', 0, G_OPTION_ARG_FILENAME, &o->repo_dir,
      "Use the repository at DIR (default: the one around the current directory)", "DIR" },
    { "patch", 'p', 0, G_OPTION_ARG_NONE, &o->patch, "Show each commit's area diff", NULL },
    { "area", 0, 0, G_OPTION_ARG_STRING, &o->area,
      "Only commits that touched the area with this ID or title, followed through renames",
      "AREA" },
    { "max-count", 'n', 0, G_OPTION_ARG_STRING, &o->max_count_text, "Show at most N commits",
      "N" },
    { "since", 0, 0, G_OPTION_ARG_STRING, &o->since,
      "Only commits on or after DATE (YYYY-MM-DD or ISO 8601)", "DATE" },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o->until, "Only commits on or before DATE", "DATE" },
    { "reverse", 0, 0, G_OPTION_ARG_NONE, &o->reverse, "Oldest commit first", NULL },
    { "follow", 0, 0, G_OPTION_ARG_NONE, &o->follow, "Follow renames of the file itself", NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
      "Report format: text (default), markdown, json, or html (one self-contained page)",
      "FORMAT" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &o->color,
      "Colour the text report: auto (default), always or never", "WHEN" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      "Write the report to FILE (replaced atomically)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;

  g_set_prgname ("progdiff log");
  g_autoptr(GOptionContext) context = g_option_context_new ("[REV] [--] PATH");
  g_option_context_set_summary (context,
                                "List the commits that changed a programme document, newest "
                                "first,\nfollowing first parents from REV (default HEAD), each "
                                "with its area\ncounts: +added \u2212removed ~modified "
                                "\u21bbrenamed (\u2195moved).");
  g_option_context_set_description (context,
                                    "At a merge only the first parent is followed, so what a "
                                    "merge brought in shows at the merge.\n"
                                    "Exit status: 0 on success, 2 on trouble.");
  if (!pd_cli_parse_options (context, entries, "log", argc, argv))
    return FALSE;

  guint64 n = 0;
  if (o->max_count_text != NULL
      && !g_ascii_string_to_unsigned (o->max_count_text, 10, 0, G_MAXINT, &n, NULL))
    {
      g_autofree char *shown = pd_escape_visible (o->max_count_text, -1);
      pd_cli_usage_error ("log", "-n takes a number of commits, 0 or more, not '%s'", shown);
      return FALSE;
    }
  o->max_count = o->max_count_text != NULL ? (int) n : -1;
  return TRUE;
}

static gboolean
build_options (const LogOptions *o, PdLogOptions *log, PdReportOptions *report)
{
  gboolean color = FALSE;

  if (o->format != NULL && !pd_report_format_from_string (o->format, &report->format))
    {
      pd_cli_usage_error ("log", "unknown format '%s' (expected text, markdown, json or html)",
                          o->format);
      return FALSE;
    }
  if (!pd_cli_want_color (o->color, &color))
    {
      pd_cli_usage_error ("log", "unknown --color value '%s'", o->color);
      return FALSE;
    }
  if ((o->since != NULL && !pd_cli_parse_date (o->since, FALSE, &log->since))
      || (o->until != NULL && !pd_cli_parse_date (o->until, TRUE, &log->until)))
    {
      pd_cli_usage_error ("log", "invalid date '%s' (expected YYYY-MM-DD or ISO 8601)",
                          o->since != NULL && log->since == G_MININT64 ? o->since : o->until);
      return FALSE;
    }
  if (o->area != NULL && *o->area == '\0')
    {
      pd_cli_usage_error ("log", "--area needs an area's ID or title");
      return FALSE;
    }
  log->follow = o->follow;
  /* Without patches only the counts show: skip the word diffs. */
  if (!o->patch)
    log->compare.flags |= PD_COMPARE_FLAGS_NO_WORD_DIFF;
  if (o->area == NULL && o->max_count > 0)
    log->max_count = o->max_count;
  report->flags |= (o->patch ? PD_REPORT_FLAGS_PATCH : 0) | (o->reverse ? PD_REPORT_FLAGS_REVERSE : 0)
                   | (color && o->output == NULL && report->format == PD_REPORT_FORMAT_TEXT
                        ? PD_REPORT_FLAGS_COLOR : 0);
  return TRUE;
}

int
pd_cli_log (int argc, char **argv)
{
  g_auto(LogOptions) o = { .max_count = -1 };
  PdLogOptions log = PD_LOG_OPTIONS_INIT;
  PdReportOptions report_options = PD_REPORT_OPTIONS_INIT;
  const char *rev = NULL, *path = NULL;

  if (!parse_args (&argc, &argv, &o) || !build_options (&o, &log, &report_options)
      || !pd_cli_history_operands ("log", argc, argv, &rev, &path))
    return PD_CLI_EXIT_TROUBLE;

  g_autoptr(GError) error = NULL;
  PdCliProgress progress;
  pd_cli_walk_begin (&progress, &log);
  g_autoptr(PdRepo) repo = pd_repo_open (o.repo_dir, &error);
  g_autoptr(PdLogReport) report = pd_log_report_new (&report_options, path);
  g_autofree char *spec_title = o.area != NULL ? pd_match_normalize_title (o.area) : NULL;
  Collect c = { .report = report, .spec = o.area, .spec_title = spec_title,
                .since = G_MININT64, .until = G_MAXINT64, .max = (guint) MAX (o.max_count, 0) };
  log.rev = rev;
  log.path = path;
  /* -n 0 shows no commit, as in git, but REV and PATH are still checked. */
  gboolean ok = repo != NULL && pd_cli_check_output_not_document (o.output, repo, path, &error)
                && (c.spec == NULL || resolve_area (repo, &log, &c, &error));
  if (ok && c.start_commit != NULL)
    {
      /* Commit dates need not run in order: the start must be seen. */
      c.since = log.since;
      c.until = log.until;
      log.since = G_MININT64;
      log.until = G_MAXINT64;
    }
  ok = ok && pd_history_log (repo, &log, o.max_count == 0 ? collect_none : collect, &c, &error);
  pd_cli_walk_end (&progress);
  g_free (c.tracked);
  g_free (c.start_commit);
  if (!ok && !c.stopped)
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  g_clear_error (&error);

  /* Written in pieces: with -p the report can be larger than all the
   * versions it compares. */
  g_autoptr(PdCliOutput) out = pd_cli_output_open (o.output, &error);
  if (out == NULL || !pd_log_report_write (report, pd_cli_output_write, out, &error)
      || !pd_cli_output_close (g_steal_pointer (&out), &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return PD_CLI_EXIT_SAME;
}
