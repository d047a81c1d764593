/* pd-cli-check.c: `progdiff check FILE…`, validate documents only. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-cli.h"

int
pd_cli_check (int argc, char **argv)
{
  gboolean quiet = FALSE;
  g_autofree char *repo_dir = NULL;
  const GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "Print problems only, not a line for each valid file", NULL },
    { "repository", 'C', 0, G_OPTION_ARG_FILENAME, &repo_dir,
      "Read REV:PATH arguments from the repository at DIR (default: the one "
      "around the current directory)", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  /* GOption prints the program name in its usage line. */
  g_set_prgname ("progdiff check");
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE…");
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "Check that each FILE is a valid programme document.\n"
                                "A FILE may be REV:PATH to check a version in git.\n"
                                "Problems are printed as FILE:LINE:COLUMN: error: MESSAGE.");
  g_option_context_set_description (context,
                                    "Exit status: 0 when every file is valid (warnings "
                                    "allowed), 2 when any is not.");
  if (!pd_cli_parse_options (context, entries, "check", &argc, &argv))
    return PD_CLI_EXIT_TROUBLE;
  if (argc < 2)
    return pd_cli_usage_error ("check", "missing operand: need at least one FILE");

  int status = PD_CLI_EXIT_SAME;
  g_autoptr(PdRepo) repo = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(PdDocument) document = pd_cli_load_document (argv[i], repo_dir, &repo);
      if (document == NULL)
        {
          status = PD_CLI_EXIT_TROUBLE;
          continue;
        }
      if (quiet)
        continue;
      g_autofree char *name = pd_escape_visible (strcmp (argv[i], "-") == 0 ? PD_CLI_STDIN_NAME
                                                                           : argv[i], -1);
      guint n = pd_document_get_n_areas (document);
      g_string_append_printf (report, "%s: ok, %u %s\n", name, n, n == 1 ? "area" : "areas");
    }
  if (!pd_cli_write (NULL, report, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return status;
}
