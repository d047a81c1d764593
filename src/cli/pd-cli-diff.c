/* pd-cli-diff.c: `progdiff diff OLD NEW`, the area-by-area comparison.
 *
 * parse options -> load both documents -> compare -> render -> write.
 * The whole report is rendered before anything is written, so an error
 * never leaves half a report behind.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pd-cli.h"

typedef struct
{
  char *format;
  char *color;
  char *lang;
  char *threshold;
  char *output;
  char *repo_dir;
  gboolean stat;
  gboolean quiet;
} DiffOptions;

static void
diff_options_clear (DiffOptions *o)
{
  g_free (o->format);
  g_free (o->color);
  g_free (o->lang);
  g_free (o->threshold);
  g_free (o->output);
  g_free (o->repo_dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiffOptions, diff_options_clear)

/* Reads "0.6" (or "60%") as basis points. */
static gboolean
parse_threshold (const char *text, guint *out)
{
  /* Plain decimals only: strtod would also take " 0.5", "0x1p-1" and "5e-1". */
  gsize digits = strspn (text, "0123456789.");
  if (digits == 0 || (text[digits] != '\0' && strcmp (text + digits, "%") != 0))
    return FALSE;

  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text)
    return FALSE;
  if (*end == '%')
    value /= 100, end++;
  if (*end != '\0' || !(value >= 0 && value <= 1))
    return FALSE;
  *out = (guint) (value * PD_SCORE_SCALE + 0.5);
  return TRUE;
}

static gboolean
parse_args (int *argc, char ***argv, DiffOptions *o)
{
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
      "Report format: text (default), markdown, json, or html (one self-contained page)",
      "FORMAT" },
    { "stat", 0, 0, G_OPTION_ARG_NONE, &o->stat, "Show the counts only", NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &o->color,
      "Colour the text report: auto (default: when writing to a terminal and "
      "NO_COLOR is unset or empty), always or never", "WHEN" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &o->lang,
      "Show titles in language LANG (Title[LANG]) where a document has them", "LANG" },
    { "threshold", 't', 0, G_OPTION_ARG_STRING, &o->threshold,
      "Least similarity (0 to 1, or a percentage; default 0.5) that pairs two "
      "areas whose IDs, titles and aliases do not match", "SCORE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      "Write the report to FILE (replaced atomically) instead of standard output", "FILE" },
    { "repository", 'C', 0, G_OPTION_ARG_FILENAME, &o->repo_dir,
      "Read REV:PATH arguments from the repository at DIR (default: the one "
      "around the current directory)", "DIR" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
      "Print no report and no warnings, only errors; report differences by the "
      "exit status only", NULL },
    G_OPTION_ENTRY_NULL
  };
  /* GOption prints the program name in its usage line. */
  g_set_prgname ("progdiff diff");
  g_autoptr(GOptionContext) context = g_option_context_new ("OLD NEW");

  /* OLD and NEW are files, or REV:PATH to read from git. */
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "Compare two versions of a programme document area by area.\n"
                                "OLD and NEW are files, or REV:PATH to read a version from git\n"
                                "(e.g. HEAD~1:plan.programme).");
  g_option_context_set_description (context,
                                    "Exit status: 0 when the documents have the same areas, "
                                    "text and order of areas, 1 when they differ (a moved "
                                    "area counts), 2 on trouble.\n"
                                    "See progdiff(1) and docs/format.md.");
  return pd_cli_parse_options (context, entries, "diff", argc, argv);
}

/* Turns the parsed strings into library options; prints what is wrong. */
static gboolean
build_options (const DiffOptions *o, PdReportOptions *report, PdCompareOptions *compare)
{
  gboolean color = FALSE;

  if (o->format != NULL && !pd_report_format_from_string (o->format, &report->format))
    {
      pd_cli_usage_error ("diff", "unknown format '%s' (expected text, markdown, json or html)",
                          o->format);
      return FALSE;
    }
  if (!pd_cli_want_color (o->color, &color))
    {
      pd_cli_usage_error ("diff", "unknown --color value '%s' (expected auto, always or never)",
                          o->color);
      return FALSE;
    }
  if (o->threshold != NULL && !parse_threshold (o->threshold, &compare->match.threshold))
    {
      pd_cli_usage_error ("diff", "invalid threshold '%s' (expected a number from 0 to 1, "
                                  "or a percentage such as 60%%)", o->threshold);
      return FALSE;
    }
  if (!pd_cli_check_lang ("diff", o->lang))
    return FALSE;
  /* Colour is for terminals: never put escape codes into a file. */
  if (color && report->format == PD_REPORT_FORMAT_TEXT && o->output == NULL)
    report->flags |= PD_REPORT_FLAGS_COLOR;
  if (o->stat)
    report->flags |= PD_REPORT_FLAGS_STAT;
  report->lang = o->lang;
  return TRUE;
}

int
pd_cli_diff (int argc, char **argv)
{
  g_auto(DiffOptions) o = { 0 };
  PdReportOptions report = PD_REPORT_OPTIONS_INIT;
  PdCompareOptions compare = PD_COMPARE_OPTIONS_INIT;

  if (!parse_args (&argc, &argv, &o) || !build_options (&o, &report, &compare))
    return PD_CLI_EXIT_TROUBLE;
  if (argc != 3)
    return pd_cli_usage_error ("diff", argc < 3 ? "missing operand: need OLD and NEW"
                                                : "extra operand '%s'", argv[MIN (argc - 1, 3)]);

  const char *inputs[] = { argv[1], argv[2], NULL };
  g_autoptr(GError) error = NULL;
  if (!pd_cli_check_output_not_input (o.output, inputs, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }

  g_autoptr(PdRepo) repo = NULL;
  g_autoptr(PdDocument) old_doc = NULL, new_doc = NULL;
  if (o.quiet)
    pd_cli_hide_warnings ();
  if (!pd_cli_load_pair (argv[1], argv[2], o.repo_dir, &repo, &old_doc, &new_doc))
    return PD_CLI_EXIT_TROUBLE;

  g_autoptr(PdComparison) comparison = pd_comparison_new (old_doc, new_doc, &compare);
  int status = pd_comparison_has_differences (comparison) ? PD_CLI_EXIT_DIFFERENT
                                                          : PD_CLI_EXIT_SAME;
  if (o.quiet)
    return status;

  /* Written as it is rendered: a report can be larger than both inputs. */
  g_autoptr(PdCliOutput) out = pd_cli_output_open (o.output, &error);
  if (out == NULL
      || !pd_report_write_comparison (comparison, &report, pd_cli_output_write, out, &error)
      || !pd_cli_output_close (g_steal_pointer (&out), &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  pd_cli_keep_until_exit (g_steal_pointer (&comparison));
  pd_cli_keep_until_exit (g_steal_pointer (&old_doc));
  pd_cli_keep_until_exit (g_steal_pointer (&new_doc));
  return status;
}
