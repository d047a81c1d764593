/* main.c: process set-up and dispatch to a subcommand; nothing else. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "pd-cli.h"

static int print_help (int argc, char **argv);

static const PdCliCommand commands[] = {
  { "diff", pd_cli_diff, "Compare two versions of a programme area by area" },
  { "check", pd_cli_check, "Validate programme documents" },
  { "log", pd_cli_log, "List the commits that changed a programme, with area counts" },
  { "blame", pd_cli_blame, "Show where each area of a programme came from in git" },
  { "timeline", pd_cli_timeline, "Show an areas \u00d7 versions matrix" },
  { "git-setup", pd_cli_git_setup, "Make 'git diff' use progdiff for *.programme files" },
  { "git-driver", pd_cli_git_driver, "git's external diff driver (run by git)" },
  { "help", print_help, "Show this help, or a command's help" },
};

static const PdCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static int
print_help (int argc, char **argv)
{
  /* "progdiff help --help" is the general help, not an unknown command. */
  if (argc > 1 && strcmp (argv[1], "--help") != 0 && strcmp (argv[1], "-h") != 0)
    {
      const PdCliCommand *command = find_command (argv[1]);
      if (command == NULL)
        return pd_cli_usage_error (NULL, "unknown command '%s'", argv[1]);
      char *help_argv[] = { (char *) command->name, (char *) "--help", NULL };
      return command->handler (2, help_argv);
    }
  g_autoptr(GString) text = g_string_new (NULL);
  g_string_append (text,
                   "Usage: progdiff [diff] [OPTION…] OLD NEW\n"
                   "       progdiff COMMAND [OPTION…] [ARG…]\n\n"
                   "Compare versions of structured programme documents area by area.\n\n"
                   "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, commands[i].summary);
  g_string_append (text,
                   "\nOptions:\n"
                   "  -h, --help     Show this help\n"
                   "  --version      Show the version\n\n"
                   "Run 'progdiff COMMAND --help' for a command's options.\n"
                   "Exit status: 0 same, 1 different, 2 trouble.\n");
  g_autoptr(GError) error = NULL;
  if (!pd_cli_write (NULL, text, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return PD_CLI_EXIT_SAME;
}

static int
print_version (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_string_append_printf (text, "progdiff %s\n", pd_version_string ());
  if (!pd_cli_write (NULL, text, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return PD_CLI_EXIT_SAME;
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_set_prgname ("progdiff");
  pd_cli_output_init ();

  if (argc < 2)
    return pd_cli_usage_error (NULL, "missing command or files");
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    return print_help (1, argv);
  if (strcmp (argv[1], "--version") == 0)
    return print_version ();

  const PdCliCommand *command = find_command (argv[1]);
  if (command != NULL)
    return command->handler (argc - 1, argv + 1);
  /* "progdiff OLD NEW" is "progdiff diff OLD NEW", as with GNU diff. */
  return pd_cli_diff (argc, argv);
}
