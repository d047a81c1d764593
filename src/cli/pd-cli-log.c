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

typedef struct
{
  PdLogReport *report;
  gboolean stopped;       /* -n 0: the walk's "error" is not one */
} Collect;

static gboolean
collect (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  Collect *c = user_data;

  return pd_log_report_add (c->report, entry, error);
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
  if (o->max_count > 0)
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
  Collect c = { report, FALSE };
  log.rev = rev;
  log.path = path;
  gboolean ok = repo != NULL && pd_cli_check_output_not_document (o.output, repo, path, &error);
  /* -n 0 shows no commit, as in git, but REV and PATH are still checked. */
  if (ok && o.max_count == 0)
    ok = pd_history_log (repo, &log, collect_none, &c, &error);
  else if (ok && o.area != NULL)
    ok = pd_history_log_area (repo, &log, o.area, collect, &c, &error);
  else if (ok)
    ok = pd_history_log (repo, &log, collect, &c, &error);
  pd_cli_walk_end (&progress);
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
