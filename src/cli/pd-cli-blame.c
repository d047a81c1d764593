/* pd-cli-blame.c: `progdiff blame [REV] [--] PATH`, where each area of a
 * version came from. */
#include "config.h"

#include "pd-cli.h"

int
pd_cli_blame (int argc, char **argv)
{
  g_autofree char *repo_dir = NULL, *format = NULL, *lang = NULL, *output = NULL;
  const GOptionEntry entries[] = {
    { "repository", 'C', 0, G_OPTION_ARG_FILENAME, &repo_dir,
      "Use the repository at DIR (default: the one around the current directory)", "DIR" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      "Report format: text (default), markdown or json", "FORMAT" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, "Show Title[LANG] where present", "LANG" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the report to FILE (replaced atomically)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GError) error = NULL;

  g_set_prgname ("progdiff blame");
  g_autoptr(GOptionContext) context = g_option_context_new ("[REV] [--] PATH");
  g_option_context_set_summary (context,
                                "For each area of the document at REV (default HEAD): the "
                                "commit, date and\ndocument Version where it first appeared "
                                "(followed through renames\nof the area and of the file), the last "
                                "commit that changed it, and how many\ncommits added or changed it.");
  g_option_context_set_description (context, "Exit status: 0 on success, 2 on trouble.");
  if (!pd_cli_parse_options (context, entries, "blame", &argc, &argv))
    return PD_CLI_EXIT_TROUBLE;

  PdReportOptions report = PD_REPORT_OPTIONS_INIT;
  const char *rev = NULL, *path = NULL;
  /* HTML reports exist for diff, log and timeline only. */
  if (format != NULL && (!pd_report_format_from_string (format, &report.format)
                         || report.format == PD_REPORT_FORMAT_HTML))
    return pd_cli_usage_error ("blame", "unknown format '%s' (expected text, markdown or json)",
                               format);
  if (!pd_cli_history_operands ("blame", argc, argv, &rev, &path))
    return PD_CLI_EXIT_TROUBLE;
  if (!pd_cli_check_lang ("blame", lang))
    return PD_CLI_EXIT_TROUBLE;
  report.lang = lang;

  PdCliProgress progress;
  PdLogOptions log = PD_LOG_OPTIONS_INIT;
  log.rev = rev;
  log.path = path;
  /* As git blame: an area is as old as the document, whatever its file
   * was called then. */
  log.follow = TRUE;
  pd_cli_walk_begin (&progress, &log);
  g_autoptr(PdRepo) repo = pd_repo_open (repo_dir, &error);
  g_autoptr(PdBlame) blame
      = repo != NULL && pd_cli_check_output_not_document (output, repo, path, &error)
          ? pd_history_blame (repo, &log, &error)
          : NULL;
  pd_cli_walk_end (&progress);

  g_autoptr(GString) text = g_string_new (NULL);
  if (blame == NULL
      || !pd_report_render_blame (blame, &report, path, rev != NULL ? rev : "HEAD", text, &error)
      || !pd_cli_write (output, text, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return PD_CLI_EXIT_SAME;
}
