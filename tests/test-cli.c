/* test-cli.c: the progdiff command as a user runs it.
 *
 * Spawns $PROGDIFF (set by the test environment) and checks exit
 * statuses, standard output and standard error.
 */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <git2/version.h>   /* LIBGIT2_SOVERSION: the soname progdiff loads */

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-test-html.h"
#include "pd-test-json.h"
#include "pd-test-util.h"

/* Runs progdiff with the NULL-terminated arguments, with one standard
 * stream redirected by the shell when @redirect is "<", ">" or ">>"
 * (@path then names the file) or a whole redirection such as ">&-"
 * (@path NULL), or none when @redirect is NULL. */
static void
run_progdiff_full (PdTestRun *run, const char *redirect, const char *path, const char *first_arg,
                   va_list args)
{
  const char *progdiff = g_getenv ("PROGDIFF");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (progdiff);
  if (redirect != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("/bin/sh"));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, path != NULL
                               ? g_strdup_printf ("file=$1; shift; exec \"$@\" %s\"$file\"",
                                                  redirect)
                               : g_strdup_printf ("exec \"$@\" %s", redirect));
      g_ptr_array_add (argv, g_strdup ("sh"));
      if (path != NULL)
        g_ptr_array_add (argv, g_strdup (path));
    }
  g_ptr_array_add (argv, g_strdup (progdiff));
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void G_GNUC_NULL_TERMINATED
run_progdiff (PdTestRun *run, const char *first_arg, ...)
{
  va_list args;

  va_start (args, first_arg);
  run_progdiff_full (run, NULL, NULL, first_arg, args);
  va_end (args);
}

static void G_GNUC_NULL_TERMINATED
run_progdiff_to (PdTestRun *run, const char *stdout_path, const char *first_arg, ...)
{
  va_list args;

  va_start (args, first_arg);
  run_progdiff_full (run, ">", stdout_path, first_arg, args);
  va_end (args);
}

/* Runs progdiff with standard input from @stdin_path. */
static void G_GNUC_NULL_TERMINATED
run_progdiff_from (PdTestRun *run, const char *stdin_path, const char *first_arg, ...)
{
  va_list args;

  va_start (args, first_arg);
  run_progdiff_full (run, "<", stdin_path, first_arg, args);
  va_end (args);
}

/* Runs progdiff with standard output appended to @stdout_path. */
static void G_GNUC_NULL_TERMINATED
run_progdiff_appending (PdTestRun *run, const char *stdout_path, const char *first_arg, ...)
{
  va_list args;

  va_start (args, first_arg);
  run_progdiff_full (run, ">>", stdout_path, first_arg, args);
  va_end (args);
}

static char *
nj (const char *name)
{
  return pd_test_fixture_path ("nato-japan", name, NULL);
}

static void
test_cli_exit_same (void)
{
  g_autofree char *a = nj ("itpp-2023.programme");
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, "diff", a, a, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "16 \u2192 16 areas: 0 added, 0 removed, 16 unchanged"));
}

/* Order is part of a programme: areas that only changed places are a
 * difference (status 1), as the exit status docs say. */
static void
test_cli_exit_moved_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.programme", NULL);
  g_autofree char *b = g_build_filename (dir, "b.programme", NULL);
  const char *header = "[Programme]\nId=p\nTitle=P\nVersion=1\n\n";
  const char *x = "[Area x]\nTitle=X\nSummary=The x text.\n\n";
  const char *y = "[Area y]\nTitle=Y\nSummary=The y text.\n\n";
  g_autofree char *ab = g_strconcat (header, x, y, NULL);
  g_autofree char *ba = g_strconcat (header, y, x, NULL);
  g_auto(PdTestRun) run = { 0 };

  g_assert_true (g_file_set_contents (a, ab, -1, NULL));
  g_assert_true (g_file_set_contents (b, ba, -1, NULL));
  run_progdiff (&run, "diff", a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "2 unchanged"));
  g_assert_nonnull (strstr (run.out, "1 moved"));
  pd_test_remove_tree (dir);
}

static void
test_cli_exit_different (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) run = { 0 };

  /* The short form, as with GNU diff. */
  run_progdiff (&run, a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "9 \u2192 16 areas: 7 added, 0 removed, "));
  g_assert_nonnull (strstr (run.out, "2 renamed"));
}

static void
test_cli_quiet (void)
{
  g_autofree char *a = nj ("ipcp-2018.programme");
  g_autofree char *b = nj ("ipcp-2020.programme");
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, "diff", "-q", a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");

  /* Warnings are left out too; an error still says why the status is 2. */
  g_autofree char *warned = pd_test_fixture_path ("valid", "unknown-key-warning.programme", NULL);
  g_autofree char *minimal = pd_test_fixture_path ("valid", "minimal.programme", NULL);
  g_auto(PdTestRun) loud = { 0 }, hushed = { 0 }, broken = { 0 };

  run_progdiff (&loud, "diff", warned, minimal, NULL);
  g_assert_nonnull (strstr (loud.err, "warning: unknown key 'Budget'"));
  run_progdiff (&hushed, "diff", "-q", warned, minimal, NULL);
  g_assert_cmpint (hushed.status, ==, 1);
  g_assert_cmpstr (hushed.out, ==, "");
  g_assert_cmpstr (hushed.err, ==, "");

  run_progdiff (&broken, "diff", "-q", warned, "/dev/null", NULL);
  g_assert_cmpint (broken.status, ==, 2);
  g_assert_cmpstr (broken.out, ==, "");
  g_assert_true (g_str_has_prefix (broken.err, "/dev/null:"));
}

/* Asserts that @text is what json-glib's pretty printer (indent 2) makes
 * of its own parse, but for the escape json-glib 1.6.6 leaves out (J1):
 * the layout users and docs/json.md saw is kept, whatever writes it. */
static void
assert_json_layout (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_autofree char *again = pd_test_json_glib_text (json_parser_get_root (parser));
  g_autofree char *expected = g_strconcat (again, "\n", NULL);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_cli_json (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  run_progdiff (&run, "--format=json", a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_json_layout (run.out);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonObject *summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "renamed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "old"),
                                               "areas"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "new"),
                                               "areas"), ==, 16);
}

static void
test_cli_markdown (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, "diff", "--format", "markdown", a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "## Added (7)"));
  g_assert_nonnull (strstr (run.out, "## Renamed (2)"));
  g_assert_nonnull (strstr (run.out, "**Emerging and disruptive technologies**"));
}

static void
test_cli_html (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, "diff", "-f", "html", "--color=always", a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_null (strchr (run.out, 0x1B));
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (run.out);
  pd_test_html_assert_inert (html);
  pd_test_html_assert_counts (html, 9, 16, 7, 0, 2, 7, 0, 2);
}

static void
test_cli_color (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) always = { 0 }, never = { 0 }, piped = { 0 };

  run_progdiff (&always, "--color=always", a, b, NULL);
  run_progdiff (&never, "--color=never", a, b, NULL);
  run_progdiff (&piped, a, b, NULL);
  g_assert_nonnull (strchr (always.out, 0x1B));
  g_assert_null (strchr (never.out, 0x1B));
  /* auto: standard output is a pipe here. */
  g_assert_null (strchr (piped.out, 0x1B));
}

/* --color=auto colours on a terminal unless NO_COLOR is set; script(1)
 * gives progdiff a terminal. */
static void
test_cli_color_tty (void)
{
  g_autofree char *script = g_find_program_in_path ("script");
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");

  if (script == NULL)
    {
      g_test_skip ("script(1) is not installed");
      return;
    }
  for (int no_color = 0; no_color <= 1; no_color++)
    {
      g_autofree char *cmd = g_strdup_printf ("%s--color=auto '%s' '%s'", "", a, b);
      g_autofree char *line = g_strdup_printf ("'%s' %s", g_getenv ("PROGDIFF"), cmd);
      const char *argv[] = { script, "-qec", line, "/dev/null", NULL };
      g_auto(GStrv) env = g_get_environ ();
      env = g_environ_setenv (env, "TERM", "xterm", TRUE);
      env = no_color ? g_environ_setenv (env, "NO_COLOR", "1", TRUE)
                     : g_environ_unsetenv (env, "NO_COLOR");
      g_autofree char *out = NULL;
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &out, NULL, &status, NULL));
      g_assert_nonnull (strstr (out, "16 areas"));
      if (no_color)
        g_assert_null (strchr (out, 0x1B));
      else
        g_assert_nonnull (strchr (out, 0x1B));
    }
}

static void
test_cli_lang (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) ja = { 0 }, plain = { 0 };

  run_progdiff (&ja, "--lang=ja", a, b, NULL);
  run_progdiff (&plain, a, b, NULL);
  g_assert_cmpint (ja.status, ==, 1);
  g_assert_nonnull (strstr (ja.out, "+ \xe5\xae\x87\xe5\xae\x99 [space] added\n"));
  g_assert_nonnull (strstr (plain.out, "+ Space [space] added\n"));
  /* An area without Title[ja] keeps its title. */
  g_assert_nonnull (strstr (ja.out, "+ Resilience [resilience] added\n"));
}

static void
test_cli_usage_errors (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  static const char *const bad[][4] = {
    { "--format=xml", NULL },
    { "--color=sometimes", NULL },
    { "--threshold=1.5", NULL },
    { "--threshold=0x1p-1", NULL },
    { "--threshold= 0.5", NULL },
    { "--threshold=5e-1", NULL },
    { "--no-such-option", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      run_progdiff (&run, "diff", bad[i][0], a, a, NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "progdiff: error: "));
      g_assert_nonnull (strstr (run.err, "--help"));
    }

  /* A percentage is the same threshold as its fraction. */
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) percent = { 0 }, fraction = { 0 };
  run_progdiff (&percent, "diff", "--threshold=15%", a, b, NULL);
  run_progdiff (&fraction, "diff", "-t", ".15", a, b, NULL);
  g_assert_cmpint (percent.status, ==, 1);
  g_assert_cmpstr (percent.out, ==, fraction.out);

  g_auto(PdTestRun) one = { 0 }, none = { 0 }, three = { 0 };
  run_progdiff (&one, "diff", a, NULL);
  run_progdiff (&none, NULL, NULL);
  run_progdiff (&three, "diff", a, a, a, NULL);
  g_assert_cmpint (one.status, ==, 2);
  g_assert_nonnull (strstr (one.err, "missing operand"));
  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpint (three.status, ==, 2);
  g_assert_nonnull (strstr (three.err, "extra operand"));

  /* An option that would be ignored is refused. */
  g_auto(PdTestRun) rev_without_path = { 0 };
  run_progdiff (&rev_without_path, "timeline", "--rev=HEAD", a, a, NULL);
  g_assert_cmpint (rev_without_path.status, ==, 2);
  g_assert_cmpstr (rev_without_path.out, ==, "");
  g_assert_nonnull (strstr (rev_without_path.err, "--rev needs --path"));
}

static void
test_cli_missing_file (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, a, "does-not-exist.programme", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "does-not-exist.programme"));
  g_assert_nonnull (strstr (run.err, "No such file or directory"));
}

/* Every file in fixtures/bad/ fails with FILE:LINE: and exit 2, and
 * nothing reaches standard output. */
static void
test_cli_bad_fixtures (void)
{
  g_autofree char *dir = pd_test_fixture_path ("bad", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_has_suffix (name, ".programme"))
        continue;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *good = nj ("ipcp-2020.programme");
      g_auto(PdTestRun) run = { 0 };
      g_autofree char *prefix = g_strdup_printf ("%s:", path);

      run_progdiff (&run, good, path, NULL);
      g_test_message ("%s: %s", name, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, prefix));
      g_assert_true (g_ascii_isdigit (run.err[strlen (prefix)]));
      g_assert_nonnull (strstr (run.err, ": error: "));
      n++;
    }
  g_assert_cmpuint (n, >=, 10);
}


/* Both documents of a diff are read at once when they are files; their
 * messages still come in argument order, every time. */
static void
test_cli_errors_both_in_order (void)
{
  g_autofree char *dir = pd_test_fixture_path ("bad", NULL);
  g_autofree char *first = g_build_filename (dir, "nul-byte.programme", NULL);
  g_autofree char *second = g_build_filename (dir, "conflict-marker.programme", NULL);

  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second, G_FILE_TEST_EXISTS));
  for (guint round = 0; round < 5; round++)
    {
      g_auto(PdTestRun) run = { 0 };
      g_autofree char *first_prefix = g_strdup_printf ("%s:", first);
      g_autofree char *second_prefix = g_strdup_printf ("\n%s:", second);

      run_progdiff (&run, first, second, NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, first_prefix));
      g_assert_nonnull (strstr (run.err, second_prefix));
    }
}

static void
test_cli_check (void)
{
  g_autofree char *a = nj ("ipcp-2014.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *bad = pd_test_fixture_path ("bad", "duplicate-key.programme", NULL);
  g_auto(PdTestRun) ok = { 0 }, fail = { 0 };

  run_progdiff (&ok, "check", a, b, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "itpp-2023.programme: ok, 16 areas\n"));
  run_progdiff (&fail, "check", a, bad, NULL);
  g_assert_cmpint (fail.status, ==, 2);
  g_assert_nonnull (strstr (fail.out, "ipcp-2014.programme: ok, 8 areas\n"));
  g_assert_nonnull (strstr (fail.err, "duplicate-key.programme:"));
}

static void
test_cli_help_and_version (void)
{
  g_auto(PdTestRun) help = { 0 }, diff_help = { 0 }, version = { 0 }, help_cmd = { 0 };

  run_progdiff (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Usage: progdiff"));
  g_assert_nonnull (strstr (help.out, "check"));
  run_progdiff (&diff_help, "diff", "--help", NULL);
  g_assert_cmpint (diff_help.status, ==, 0);
  g_assert_nonnull (strstr (diff_help.out, "--format"));
  g_assert_nonnull (strstr (diff_help.out, "--threshold"));
  run_progdiff (&help_cmd, "help", "check", NULL);
  g_assert_cmpint (help_cmd.status, ==, 0);
  g_assert_nonnull (strstr (help_cmd.out, "check"));
  for (guint i = 0; i < 2; i++)
    {
      g_auto(PdTestRun) help_help = { 0 };
      run_progdiff (&help_help, "help", i == 0 ? "--help" : "-h", NULL);
      g_assert_cmpint (help_help.status, ==, 0);
      g_assert_cmpstr (help_help.out, ==, help.out);
    }
  run_progdiff (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_cmpstr (version.out, ==, "progdiff " PACKAGE_VERSION "\n");
}

/* Write errors are trouble, --help included (GOption exits by itself). */
static void
test_cli_write_error (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) diff = { 0 }, help = { 0 };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  run_progdiff_to (&diff, "/dev/full", a, b, NULL);
  g_assert_cmpint (diff.status, ==, 2);
  g_assert_nonnull (strstr (diff.err, "write error"));
  run_progdiff_to (&help, "/dev/full", "diff", "--help", NULL);
  g_assert_cmpint (help.status, ==, 2);
  g_assert_nonnull (strstr (help.err, "write error"));
}

static void
test_cli_output_file (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  g_autofree char *input_copy = g_build_filename (dir, "input.programme", NULL);
  g_autofree char *contents = NULL;
  g_auto(PdTestRun) run = { 0 }, same = { 0 };

  run_progdiff (&run, "-o", report, "--format=json", a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{"));

  /* Writing the report over an input is refused and leaves it intact. */
  g_autofree char *original = NULL;
  g_assert_true (g_file_get_contents (a, &original, NULL, NULL));
  g_assert_true (g_file_set_contents (input_copy, original, -1, NULL));
  run_progdiff (&same, "-o", input_copy, input_copy, b, NULL);
  g_assert_cmpint (same.status, ==, 2);
  g_assert_nonnull (strstr (same.err, "refusing"));
  g_autofree char *after = NULL;
  g_assert_true (g_file_get_contents (input_copy, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, original);

  /* The longest name a directory can hold is written, and replaced:
   * the temporary file's name does not grow from it. */
  g_autofree char *longest_name = g_strnfill (255, 'r');
  g_autofree char *longest = g_build_filename (dir, longest_name, NULL);
  for (guint i = 0; i < 2; i++)
    {
      g_auto(PdTestRun) long_run = { 0 };
      run_progdiff (&long_run, "-o", longest, a, b, NULL);
      g_assert_cmpstr (long_run.err, ==, "");
      g_assert_cmpint (long_run.status, ==, 1);
      g_assert_true (g_file_test (longest, G_FILE_TEST_IS_REGULAR));
    }

  /* A directory is named as one, with or without a slash. */
  g_autofree char *slashed = g_strconcat (dir, "/", NULL);
  const char *dirs[] = { dir, slashed };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_auto(PdTestRun) into_dir = { 0 };
      run_progdiff (&into_dir, "-o", dirs[i], a, b, NULL);
      g_assert_cmpint (into_dir.status, ==, 2);
      g_assert_nonnull (strstr (into_dir.err, ": Is a directory\n"));
    }

  pd_test_remove_tree (dir);
}

/* -o on a device writes to it: replacing it through a temporary file
 * and a rename would, as root, destroy /dev/null. A copy of /dev/null
 * made with mknod (root only) shows it. */
static void
test_cli_output_device (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *node = g_build_filename (dir, "null", NULL);
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_auto(PdTestRun) run = { 0 };
  GStatBuf st;

  if (mknod (node, S_IFCHR | 0666, makedev (1, 3)) != 0)
    {
      g_test_skip ("cannot make a device node (not root)");
      g_rmdir (dir);
      return;
    }
  run_progdiff (&run, "-o", node, a, a, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (g_stat (node, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_unlink (node);
  g_rmdir (dir);
}

static gboolean
is_symlink (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode);
}

/* -o through a symbolic link writes the file it leads to and leaves the
 * link: "-o /dev/stdout" with standard output in a file once replaced
 * /dev/stdout itself (as root). A report over an existing file keeps
 * that file's permissions. */
static void
test_cli_output_links (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *a = nj ("ipcp-2014.programme");
  g_autofree char *b = nj ("ipcp-2018.programme");
  g_autofree char *target = g_build_filename (dir, "target", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "nowhere", NULL);
  g_autofree char *stdout_link = g_build_filename (dir, "stdout", NULL);
  g_autofree char *captured = g_build_filename (dir, "captured", NULL);
  g_autofree char *text = NULL;
  g_auto(PdTestRun) expected = { 0 }, run = { 0 }, dang = { 0 }, through = { 0 };
  GStatBuf st;

  run_progdiff (&expected, "--stat", a, b, NULL);
  g_assert_cmpint (expected.status, ==, 1);

  g_assert_true (g_file_set_contents (target, "old\n", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0640), ==, 0);
  g_assert_cmpint (symlink ("target", link), ==, 0);
  run_progdiff (&run, "--stat", "-o", link, a, b, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (is_symlink (link));
  g_assert_true (g_file_get_contents (target, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected.out);
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);

  g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);
  run_progdiff (&dang, "--stat", "-o", dangling, a, b, NULL);
  g_assert_cmpint (dang.status, ==, 1);
  g_assert_true (is_symlink (dangling));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (nowhere, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, expected.out);

  /* Through /proc to standard output, in a file opened for appending:
   * the report is added to what the file held, which stays. */
  g_assert_cmpint (symlink ("/proc/self/fd/1", stdout_link), ==, 0);
  g_assert_true (g_file_set_contents (captured, "before\n", -1, NULL));
  run_progdiff_appending (&through, captured, "--stat", "-o", stdout_link, a, b, NULL);
  g_assert_cmpint (through.status, ==, 1);
  g_assert_true (is_symlink (stdout_link));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (captured, &text, NULL, NULL));
  g_autofree char *appended = g_strconcat ("before\n", expected.out, NULL);
  g_assert_cmpstr (text, ==, appended);

  for (const char *const *p = (const char *const[]) { target, link, dangling, nowhere,
                                                      stdout_link, captured, NULL };
       *p != NULL; p++)
    g_unlink (*p);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* "-" reads a version from standard input, as diff does; only once. */
static void
test_cli_stdin (void)
{
  g_autofree char *a = nj ("ipcp-2014.programme");
  g_autofree char *b = nj ("ipcp-2018.programme");
  g_auto(PdTestRun) files = { 0 }, piped = { 0 }, twice = { 0 }, bad = { 0 };

  run_progdiff (&files, "--color=never", a, b, NULL);
  run_progdiff_from (&piped, a, "--color=never", "-", b, NULL);
  g_assert_cmpint (files.status, ==, 1);
  g_assert_cmpint (piped.status, ==, 1);
  g_assert_true (g_str_has_prefix (piped.out, "--- (standard input)\n"));
  /* The same report but for the old version's name. */
  g_assert_cmpstr (strchr (piped.out, '\n'), ==, strchr (files.out, '\n'));

  run_progdiff_from (&twice, a, "-", "-", NULL);
  g_assert_cmpint (twice.status, ==, 2);
  g_assert_nonnull (strstr (twice.err, "standard input"));

  g_auto(PdTestRun) check_ok = { 0 };
  run_progdiff_from (&check_ok, a, "check", "-", NULL);
  g_assert_cmpint (check_ok.status, ==, 0);
  g_assert_cmpstr (check_ok.out, ==, "(standard input): ok, 8 areas\n");

  run_progdiff_from (&bad, "/dev/null", "check", "-", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "empty"));
  g_assert_true (g_str_has_prefix (bad.err, "(standard input):"));

  g_auto(PdTestRun) check_twice = { 0 };
  run_progdiff_from (&check_twice, a, "check", "-", "-", NULL);
  g_assert_cmpint (check_twice.status, ==, 2);
  g_assert_nonnull (strstr (check_twice.err, "standard input ('-') can be given only once"));
}

/* A file whose name starts with '-' is reachable after "--". */
static void
test_cli_dashdash (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *original = NULL;
  g_autofree char *odd = g_build_filename (dir, "-odd.programme", NULL);
  g_auto(PdTestRun) run = { 0 };

  g_assert_true (g_file_get_contents (a, &original, NULL, NULL));
  g_assert_true (g_file_set_contents (odd, original, -1, NULL));
  g_autofree char *cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (dir), ==, 0);
  run_progdiff (&run, "diff", "--", "-odd.programme", "-odd.programme", NULL);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpint (run.status, ==, 0);
  g_unlink (odd);
  g_rmdir (dir);
}

/* ---- the man page says what --help says ---- */

/* One line of roff as plain text: the font macros' arguments joined as
 * groff joins them, font escapes dropped, "\-" read as "-". Enough for
 * the lines that name options; not a roff interpreter. */
static char *
roff_text (const char *line)
{
  static const char *const joined[] = { "BR", "RB", "BI", "IB", "IR", "RI", NULL };
  static const char *const spaced[] = { "B", "I", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = line;

  if (*p == '.')
    {
      const char *name_end = p + 1 + strcspn (p + 1, " ");
      g_autofree char *name = g_strndup (p + 1, name_end - (p + 1));
      gboolean alternate = g_strv_contains (joined, name);
      if (!alternate && !g_strv_contains (spaced, name))
        return g_strdup (line);
      /* The arguments: words, or "quoted strings" that may hold spaces. */
      for (p = name_end; *p != '\0';)
        {
          while (*p == ' ')
            p++;
          if (*p == '\0')
            break;
          if (out->len > 0 && !alternate)
            g_string_append_c (out, ' ');
          if (*p == '"')
            {
              const char *end = strchr (p + 1, '"');
              end = end != NULL ? end : p + strlen (p);
              g_string_append_len (out, p + 1, end - (p + 1));
              p = *end == '"' ? end + 1 : end;
            }
          else
            {
              size_t n = strcspn (p, " ");
              g_string_append_len (out, p, n);
              p += n;
            }
        }
    }
  else
    g_string_append (out, line);

  g_autoptr(GString) text = g_string_new (NULL);
  for (const char *q = out->str; *q != '\0'; q++)
    {
      if (q[0] == '\\' && q[1] == 'f' && q[2] != '\0')
        q += 2;  /* \fB, \fI, \fR, \fP */
      else if (q[0] == '\\' && q[1] == '-')
        g_string_append_c (text, '-'), q++;
      else if (q[0] == '\\' && q[1] == '&')
        q++;
      else
        g_string_append_c (text, *q);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The lines of the man page from ".SH @section" (or ".SS @section"
 * within @lines) to the next heading of that level; NULL when missing. */
static GStrv
roff_section (char **lines, const char *macro, const char *section)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = g_strdup_printf ("%s ", macro);
  gboolean inside = FALSE, found = FALSE;

  for (char **l = lines; *l != NULL; l++)
    {
      if (g_str_has_prefix (*l, prefix) || g_str_has_prefix (*l, ".SH "))
        {
          g_autofree char *name = roff_text (*l + strlen (prefix));
          g_strstrip (g_strdelimit (name, "\"", ' '));
          inside = g_str_has_prefix (*l, prefix) && g_str_equal (name, section);
          found = found || inside;
          continue;
        }
      if (inside)
        g_strv_builder_add (builder, *l);
    }
  return found ? g_strv_builder_end (builder) : NULL;
}

/* The section as plain text, and the tags of its .TP items. */
static char *
roff_section_text (char **section, GPtrArray *tags)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (char **l = section; *l != NULL; l++)
    {
      g_autofree char *line = roff_text (*l);
      g_string_append_printf (text, "%s\n", line);
      if (tags != NULL && g_str_equal (*l, ".TP") && l[1] != NULL)
        g_ptr_array_add (tags, roff_text (l[1]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The options a --help output lists, as written there: "-f, --format=FORMAT",
 * "--stat", "--color[=WHEN]"; -h, --help left out. */
static GPtrArray *
help_options (const char *help)
{
  g_autoptr(GRegex) re = g_regex_new ("^[ \\t]+(-[^ \\t].*?)(?:[ \\t]{2,}|$)", G_REGEX_MULTILINE,
                                      0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *options = g_ptr_array_new_with_free_func (g_free);

  g_regex_match (re, help, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *spec = g_match_info_fetch (match, 1);
      if (!g_str_equal (spec, "-h, --help") && strstr (spec, "--") != NULL)
        g_ptr_array_add (options, g_steal_pointer (&spec));
    }
  return options;
}

static gboolean
spec_in (GPtrArray *specs, const char *spec)
{
  for (guint i = 0; i < specs->len; i++)
    if (g_str_equal (specs->pdata[i], spec))
      return TRUE;
  return FALSE;
}

/* Each option in @help is in @section of the man page, written the same
 * way, and each option the section lists is in @help. Appends what is
 * wrong to @problems. */
static void
check_options (const char *what, const char *help, char **section, GString *problems)
{
  g_autoptr(GPtrArray) options = help_options (help);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = roff_section_text (section, tags);

  for (guint i = 0; i < options->len; i++)
    if (strstr (text, options->pdata[i]) == NULL)
      g_string_append_printf (problems, "%s: --help lists '%s', the man page does not\n", what,
                              (char *) options->pdata[i]);
  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = tags->pdata[i];
      if (tag[0] == '-' && !g_str_equal (tag, "--") && !g_str_equal (tag, "-h, --help")
          && !spec_in (options, tag))
        g_string_append_printf (problems, "%s: the man page lists '%s', --help does not\n", what,
                                tag);
    }
}

/* The commands that 'progdiff --help' lists. */
static GStrv
help_commands (const char *help)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *start = strstr (help, "\nCommands:\n");

  g_assert_nonnull (start);
  g_auto(GStrv) lines = g_strsplit (start + strlen ("\nCommands:\n"), "\n", -1);
  for (char **l = lines; *l != NULL && g_str_has_prefix (*l, "  "); l++)
    {
      g_autofree char *name = g_strndup (*l + 2, strcspn (*l + 2, " "));
      g_strv_builder_add (builder, name);
    }
  return g_strv_builder_end (builder);
}

static char **
read_man_page (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "docs", "progdiff.1", NULL);
  g_autofree char *roff = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &roff, NULL, &error));
  g_assert_no_error (error);
  return g_strsplit (roff, "\n", -1);
}

/* docs/progdiff.1 cannot drift from the program: every command has an
 * item under COMMANDS and a subsection under OPTIONS, and every option of
 * every command's --help is in that subsection, spelt as --help spells
 * it (short name, long name, argument), and the other way round. */
static void
test_cli_man_page (void)
{
  g_auto(GStrv) man = read_man_page ();
  g_autoptr(GString) problems = g_string_new (NULL);
  g_auto(PdTestRun) top = { 0 };

  g_test_summary ("The man page lists every command and option that --help lists");
  g_assert_true (g_str_has_prefix (man[0], ".TH PROGDIFF 1 "));
  g_assert_nonnull (strstr (man[0], "\"progdiff " PACKAGE_VERSION "\""));

  run_progdiff (&top, "--help", NULL);
  g_assert_cmpint (top.status, ==, 0);
  g_auto(GStrv) commands = help_commands (top.out);
  g_assert_cmpuint (g_strv_length (commands), >=, 8);

  g_auto(GStrv) commands_section = roff_section (man, ".SH", "COMMANDS");
  g_auto(GStrv) options_section = roff_section (man, ".SH", "OPTIONS");
  g_auto(GStrv) synopsis = roff_section (man, ".SH", "SYNOPSIS");
  g_assert_nonnull (commands_section);
  g_assert_nonnull (options_section);
  g_assert_nonnull (synopsis);
  g_autoptr(GPtrArray) command_tags = g_ptr_array_new_with_free_func (g_free);
  /* Only the tags of the COMMANDS items are needed, not its text. */
  g_free (roff_section_text (commands_section, command_tags));
  g_autofree char *synopsis_text = roff_section_text (synopsis, NULL);

  /* Without a command: the options before the first subsection. */
  g_auto(GStrv) preamble = g_strdupv (options_section);
  for (char **l = preamble; *l != NULL; l++)
    if (g_str_has_prefix (*l, ".SS "))
      {
        for (char **rest = l; *rest != NULL; rest++)
          g_clear_pointer (rest, g_free);
        break;
      }
  check_options ("progdiff", top.out, preamble, problems);

  for (char **c = commands; *c != NULL; c++)
    {
      g_autofree char *usage = g_strdup_printf ("progdiff %s", *c);
      if (!spec_in (command_tags, *c))
        g_string_append_printf (problems, "%s: no item under COMMANDS\n", *c);
      if (strstr (synopsis_text, usage) == NULL && !g_str_equal (*c, "diff"))
        g_string_append_printf (problems, "%s: not in the SYNOPSIS\n", *c);
      if (g_str_equal (*c, "help"))
        continue;

      g_auto(PdTestRun) help = { 0 };
      run_progdiff (&help, *c, "--help", NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_auto(GStrv) section = roff_section (options_section, ".SS", *c);
      if (section == NULL)
        g_string_append_printf (problems, "%s: no subsection under OPTIONS\n", *c);
      else
        check_options (*c, help.out, section, problems);
    }
  g_assert_cmpstr (problems->str, ==, "");
}

/* groff reads the man page without a warning, and every command shows. */
static void
test_cli_man_page_renders (void)
{
  g_autofree char *groff = g_find_program_in_path ("groff");
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "docs", "progdiff.1", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_auto(PdTestRun) top = { 0 };
  int status = 0;

  if (groff == NULL)
    {
      g_test_skip ("groff is not installed (Debian: groff-base)");
      return;
    }
  const char *argv[] = { groff, "-man", "-Tutf8", "-ww", "-P-cbou", path, NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  g_assert_null (strstr (out, "added ,"));

  /* On an ASCII terminal (man in the C locale) the log's glyphs are named,
   * not dropped, and groff has nothing to warn about. */
  g_autofree char *ascii = NULL, *ascii_err = NULL;
  const char *ascii_argv[] = { groff, "-man", "-Tascii", "-ww", "-P-cbou", path, NULL };
  g_assert_true (g_spawn_sync (NULL, (char **) ascii_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &ascii, &ascii_err, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (ascii_err, ==, "");
  g_assert_nonnull (strstr (ascii, "<U+21BB> renamed"));
  g_assert_nonnull (strstr (ascii, "<U+2195> moved"));

  run_progdiff (&top, "--help", NULL);
  g_auto(GStrv) commands = help_commands (top.out);
  const char *commands_start = strstr (out, "\nCOMMANDS\n");
  g_assert_nonnull (commands_start);
  for (char **c = commands; *c != NULL; c++)
    {
      g_autofree char *pattern = g_strdup_printf ("^ {7}%s( |$)", *c);
      g_assert_true (g_regex_match_simple (pattern, commands_start, G_REGEX_MULTILINE, 0));
    }
}

/* ---- history commands, on the sample repository the README offers ---- */

static char *sample_dir;

static const char *
sample (void)
{
  if (sample_dir == NULL)
    {
      g_autofree char *script = pd_test_fixture_path ("make-sample-history.sh", NULL);
      g_autofree char *parent = g_dir_make_tmp ("progdiff-sample-XXXXXX", NULL);
      sample_dir = g_build_filename (parent, "repo", NULL);
      const char *argv[] = { "/bin/sh", script, sample_dir, NULL };
      g_autofree char *out = NULL, *err = NULL;
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, NULL));
      g_test_message ("%s%s", out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  return sample_dir;
}

static void
test_cli_log (void)
{
  g_auto(PdTestRun) run = { 0 }, json = { 0 }, reverse = { 0 };

  run_progdiff (&run, "log", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_nonnull (strstr (lines[0], " 2023-07-12 "));
  g_assert_nonnull (strstr (lines[0], "+7 \u22120 ~7 \u21bb2"));
  g_assert_nonnull (strstr (lines[1], " 2020-06-26 "));
  g_assert_nonnull (strstr (lines[1], "+1 \u22120 ~0 \u21bb0"));
  g_assert_nonnull (strstr (lines[2], " 2018-05-01 "));
  g_assert_nonnull (strstr (lines[3], " 2014-05-06 "));
  g_assert_nonnull (strstr (lines[3], "new document, +8"));

  run_progdiff (&reverse, "log", "--reverse", "-n", "2", "-C", sample (), "--",
                "nato-japan.programme", NULL);
  g_assert_cmpint (reverse.status, ==, 0);
  g_assert_true (strstr (reverse.out, "2020-06-26") < strstr (reverse.out, "2023-07-12"));
  g_assert_null (strstr (reverse.out, "2018-05-01"));

  g_autoptr(JsonParser) parser = json_parser_new ();
  run_progdiff (&json, "log", "-p", "--format=json", "-C", sample (), "v2023",
                "nato-japan.programme", NULL);
  g_assert_cmpint (json.status, ==, 0);
  assert_json_layout (json.out);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *commits = json_object_get_array_member (root, "commits");
  g_assert_cmpuint (json_array_get_length (commits), ==, 4);
  JsonObject *first = json_array_get_object_element (commits, 0);
  g_assert_cmpuint (strlen (json_object_get_string_member (first, "id")), ==, 40);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "date"), "2023-07-12T"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "summary"),
                                               "added"), ==, 7);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "areas")), ==, 16);
}

/* log, timeline in HTML on the sample history; blame has no HTML page. */
static void
test_cli_history_html (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *page = g_build_filename (dir, "log.html", NULL);
  g_autofree char *contents = NULL;
  g_auto(PdTestRun) log = { 0 }, timeline = { 0 }, blame = { 0 };

  run_progdiff (&log, "log", "-p", "--format=html", "-o", page, "-C", sample (),
                "nato-japan.programme", NULL);
  g_assert_cmpint (log.status, ==, 0);
  g_assert_cmpstr (log.out, ==, "");
  g_assert_true (g_file_get_contents (page, &contents, NULL, NULL));
  g_autoptr(PdTestHtml) lh = pd_test_html_parse_xml (contents);
  pd_test_html_assert_inert (lh);
  g_assert_cmpuint (pd_test_html_count (lh, "li", "commit"), ==, 4);
  /* Newest first: the 2023 commit with its counts and its area diff. */
  pd_test_html_assert_counts (lh, 9, 16, 7, 0, 2, 7, 0, 2);
  g_assert_cmpuint (pd_test_html_count (lh, "article", "renamed"), ==, 2);

  run_progdiff (&timeline, "timeline", "--format=html", "--path", "nato-japan.programme", "-C",
                sample (), NULL);
  g_assert_cmpint (timeline.status, ==, 0);
  g_autoptr(PdTestHtml) th = pd_test_html_parse_xml (timeline.out);
  pd_test_html_assert_inert (th);
  g_assert_cmpuint (pd_test_html_count (th, "div", "cell"), ==, 64);

  run_progdiff (&blame, "blame", "--format=html", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (blame.status, ==, 2);
  g_assert_cmpstr (blame.out, ==, "");
  g_assert_nonnull (strstr (blame.err, "unknown format 'html'"));
  pd_test_remove_tree (dir);
}

/* --area follows an area back through its rename in 2023. */
static void
test_cli_log_area (void)
{
  g_auto(PdTestRun) run = { 0 }, by_title = { 0 };

  run_progdiff (&run, "log", "--area", "science-technology", "-C", sample (),
                "nato-japan.programme", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[0], "2023-07-12"));
  g_assert_nonnull (strstr (lines[1], "2014-05-06"));

  run_progdiff (&by_title, "log", "--area", "Human Security", "-C", sample (),
                "nato-japan.programme", NULL);
  g_assert_cmpint (by_title.status, ==, 0);
  g_assert_nonnull (strstr (by_title.out, "2020-06-26"));
  g_assert_null (strstr (by_title.out, "2014-05-06"));

  /* Named as it was before the rename, the area lists the same commits,
   * the renaming one included. */
  const char *old_names[] = { "defence-science-technology", "Defence science and technology" };
  for (guint i = 0; i < G_N_ELEMENTS (old_names); i++)
    {
      g_auto(PdTestRun) by_old = { 0 };

      run_progdiff (&by_old, "log", "--area", old_names[i], "-C", sample (),
                    "nato-japan.programme", NULL);
      g_assert_cmpint (by_old.status, ==, 0);
      g_assert_cmpstr (by_old.out, ==, run.out);
    }
}

static void git_in (const char *dir, const char *const *args);

/* Commits @name0, @name1, … of @name.programme in the repository at @dir
 * (made if need be), on the given days of January 2020 (@days NULL: now):
 * @versions[i] follows a fixed [Programme] and area, NULL deletes the
 * file, "!" writes an invalid version. */
static void
commit_versions (const char *dir, const char *name, const char *const *versions,
                 const guint *days, guint n)
{
  g_autofree char *file = g_strconcat (name, ".programme", NULL);
  g_autofree char *doc = g_build_filename (dir, file, NULL);
  const char *head = "[Programme]\nId=p\nTitle=P\nVersion=1\n\n[Area keep]\nTitle=Kept\n\n";

  git_in (dir, (const char *const[]) { "init", "-q", NULL });
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *date = days != NULL ? g_strdup_printf ("2020-01-%02u 12:00:00 +0000",
                                                              days[i])
                                           : NULL;
      g_autofree char *message = g_strdup_printf ("%s%u", name, i);
      if (date != NULL)
        g_setenv ("GIT_COMMITTER_DATE", date, TRUE);
      if (versions[i] == NULL)
        git_in (dir, (const char *const[]) { "rm", "-q", file, NULL });
      else
        {
          g_autofree char *text = g_str_equal (versions[i], "!")
                                    ? g_strdup ("[Programme]\nnot a key\n")
                                    : g_strconcat (head, versions[i], NULL);
          g_assert_true (g_file_set_contents (doc, text, -1, NULL));
          git_in (dir, (const char *const[]) { "add", file, NULL });
        }
      git_in (dir, (const char *const[]) { "commit", "-q", "-m", message, NULL });
    }
  g_unsetenv ("GIT_COMMITTER_DATE");
}

/* Named as it was before a rename, an area shows the commits after the
 * rename too, followed through a second rename and a change of title. */
static void
test_cli_log_area_renamed_earlier (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-area-XXXXXX", NULL);
  const char *versions[] = {
    "[Area old]\nTitle=Space policy\nSummary=First text.\n",
    "[Area middle]\nTitle=Space policy\nSummary=First text.\n",
    "[Area middle]\nTitle=Space policy\nSummary=Second text.\n",
    "[Area newest]\nTitle=Space policy\nSummary=Second text.\n",
    "[Area newest]\nTitle=Space security policy\nSummary=Second text.\n",
    "[Area newest]\nTitle=Space security policy\nSummary=Third text.\n",
  };

  commit_versions (dir, "p", versions, NULL, G_N_ELEMENTS (versions));

  g_auto(PdTestRun) current = { 0 };
  run_progdiff (&current, "log", "--area", "newest", "-C", dir, "p.programme", NULL);
  g_assert_cmpint (current.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (current.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (versions) + 1);
  const char *names[] = { "old", "middle", "Space policy" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(PdTestRun) earlier = { 0 };
      run_progdiff (&earlier, "log", "--area", names[i], "-C", dir, "p.programme", NULL);
      g_test_message ("--area %s", names[i]);
      g_assert_cmpint (earlier.status, ==, 0);
      g_assert_cmpstr (earlier.out, ==, current.out);
    }

  /* Renamed, then removed, and its last ID taken by another area since:
   * the old name lists the removal and what came before, not the other. */
  const char *reused[] = {
    "[Area x]\nTitle=Space\nSummary=First.\n",
    "[Area x]\nTitle=Space\nSummary=Second.\n",
    "[Area y]\nTitle=Space\nSummary=Second.\n",
    "[Area y]\nTitle=Space\nSummary=Third.\n",
    "",
    "[Area y]\nTitle=Fisheries\nSummary=Fish.\n",
    "[Area y]\nTitle=Fisheries\nSummary=More fish.\n",
  };
  commit_versions (dir, "q", reused, NULL, G_N_ELEMENTS (reused));
  const char *old_names[] = { "x", "Space" };
  for (guint i = 0; i < G_N_ELEMENTS (old_names); i++)
    {
      g_auto(PdTestRun) gone = { 0 };
      run_progdiff (&gone, "log", "--area", old_names[i], "-C", dir, "q.programme", NULL);
      g_test_message ("--area %s", old_names[i]);
      g_assert_cmpint (gone.status, ==, 0);
      g_assert_true (g_regex_match_simple ("^[0-9a-f]+ [-0-9]+ T  q4  [^\n]*\n"
                                           "[0-9a-f]+ [-0-9]+ T  q3  [^\n]*\n"
                                           "[0-9a-f]+ [-0-9]+ T  q2  [^\n]*\n"
                                           "[0-9a-f]+ [-0-9]+ T  q1  [^\n]*\n"
                                           "[0-9a-f]+ [-0-9]+ T  q0  [^\n]*\n$",
                                           gone.out, 0, 0));
    }
  g_auto(PdTestRun) other = { 0 };
  run_progdiff (&other, "log", "--area", "y", "-C", dir, "q.programme", NULL);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]+ [-0-9]+ T  q6  [^\n]*\n"
                                       "[0-9a-f]+ [-0-9]+ T  q5  [^\n]*\n$", other.out, 0, 0));
  pd_test_remove_tree (dir);
}

/* The subjects ("q3 q1 q0") of a log's lines. */
static char *
log_subjects (const char *out)
{
  g_autoptr(GRegex) subject = g_regex_new (" T  (q[0-9]+)  ", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GString *s = g_string_new (NULL);

  for (g_regex_match (subject, out, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *q = g_match_info_fetch (match, 1);
      g_string_append_printf (s, "%s%s", s->len > 0 ? " " : "", q);
    }
  return g_string_free (s, FALSE);
}

/* The earlier name of an area that went with the whole file, through an
 * invalid version, or after --until (with dates out of order, too), lists
 * that area's own commits and not those of the area that took its ID. */
static void
test_cli_log_area_removed_by_file_or_date (void)
{
  static const struct
  {
    const char *versions[7];
    guint days[7];
    const char *args[4];
    const char *expected;
  } cases[] = {
    { { "[Area x]\nTitle=Space\nSummary=First.\n", "[Area y]\nTitle=Space\nSummary=First.\n",
        "[Area y]\nTitle=Space\nSummary=Second.\n", NULL,
        "[Area y]\nTitle=Fisheries\nSummary=Fish.\n",
        "[Area y]\nTitle=Fisheries\nSummary=More fish.\n" },
      { 1, 2, 3, 4, 5, 6 }, { "--area", "x" }, "q3 q2 q1 q0" },
    { { "[Area x]\nTitle=Space\nSummary=First.\n", "[Area y]\nTitle=Space\nSummary=First.\n",
        "[Area y]\nTitle=Space\nSummary=Second.\n", NULL,
        "[Area y]\nTitle=Fisheries\nSummary=Fish.\n" },
      { 1, 2, 3, 4, 5 }, { "--area", "Space", "--until", "2020-01-02" }, "q1 q0" },
    { { "[Area x]\nTitle=Space\nSummary=First.\n", "[Area y]\nTitle=Space\nSummary=First.\n",
        "!", "", "[Area y]\nTitle=Fisheries\nSummary=Fish.\n",
        "[Area y]\nTitle=Fisheries\nSummary=More fish.\n" },
      { 1, 2, 3, 4, 5, 6 }, { "--area", "x" }, "q1 q0" },
    /* The removal dated after --until, the other area's addition before. */
    { { "[Area x]\nTitle=Space\nSummary=First.\n", "[Area y]\nTitle=Space\nSummary=First.\n",
        "[Area y]\nTitle=Space\nSummary=Second.\n", "",
        "[Area y]\nTitle=Fisheries\nSummary=Fish.\n" },
      { 1, 2, 4, 6, 3 }, { "--area", "x", "--until", "2020-01-05" }, "q2 q1 q0" },
    /* The removal dated before --since, the area's own changes after. */
    { { "[Area x]\nTitle=Space\nSummary=First.\n", "[Area y]\nTitle=Space\nSummary=First.\n",
        "[Area y]\nTitle=Space\nSummary=Second.\n", "",
        "[Area y]\nTitle=Fisheries\nSummary=Fish.\n" },
      { 1, 5, 6, 3, 7 }, { "--area", "x", "--since", "2020-01-04" }, "q2 q1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = g_dir_make_tmp ("progdiff-area-XXXXXX", NULL);
      guint n = 0;
      while (n < G_N_ELEMENTS (cases[i].days) && cases[i].days[n] != 0)
        n++;
      commit_versions (dir, "q", cases[i].versions, cases[i].days, n);

      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_ptr_array_add (argv, (gpointer) g_getenv ("PROGDIFF"));
      g_ptr_array_add (argv, (gpointer) "log");
      for (guint k = 0; k < G_N_ELEMENTS (cases[i].args) && cases[i].args[k] != NULL; k++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[k]);
      g_ptr_array_add (argv, (gpointer) "-C");
      g_ptr_array_add (argv, dir);
      g_ptr_array_add (argv, (gpointer) "q.programme");
      g_ptr_array_add (argv, NULL);
      g_autofree char *out = NULL, *err = NULL;
      int status = 0;
      g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, NULL));
      g_test_message ("case %u: %s%s", i, out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_autofree char *subjects = log_subjects (out);
      g_assert_cmpstr (subjects, ==, cases[i].expected);
      pd_test_remove_tree (dir);
    }
}

static void
test_cli_blame (void)
{
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, "blame", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);
  gboolean human = FALSE, space = FALSE;
  for (char **l = lines; *l != NULL; l++)
    {
      if (g_str_has_prefix (*l, "human-security "))
        human = strstr (*l, "2020-06-26 (2020)") != NULL;
      if (g_str_has_prefix (*l, "space "))
        space = strstr (*l, "2023-07-12 (2023)") != NULL;
    }
  g_assert_true (human);
  g_assert_true (space);

  g_auto(PdTestRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  run_progdiff (&json, "blame", "--format=json", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (json.status, ==, 0);
  assert_json_layout (json.out);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  JsonArray *areas = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                   "areas");
  g_assert_cmpuint (json_array_get_length (areas), ==, 16);
}

static void
test_cli_timeline (void)
{
  g_autofree char *a = nj ("ipcp-2014.programme"), *b = nj ("ipcp-2018.programme");
  g_autofree char *c = nj ("ipcp-2020.programme"), *d = nj ("itpp-2023.programme");
  g_auto(PdTestRun) files = { 0 }, git = { 0 };
  g_autoptr(JsonParser) pf = json_parser_new (), pg = json_parser_new ();

  run_progdiff (&files, "timeline", "--format=json", d, b, a, c, NULL);
  run_progdiff (&git, "timeline", "--format=json", "--path", "nato-japan.programme", "-C",
                sample (), NULL);
  g_assert_cmpint (files.status, ==, 0);
  g_assert_cmpint (git.status, ==, 0);
  assert_json_layout (files.out);
  assert_json_layout (git.out);
  g_assert_true (json_parser_load_from_data (pf, files.out, -1, NULL));
  g_assert_true (json_parser_load_from_data (pg, git.out, -1, NULL));
  JsonArray *fa = json_object_get_array_member (json_node_get_object (json_parser_get_root (pf)), "areas");
  JsonArray *ga = json_object_get_array_member (json_node_get_object (json_parser_get_root (pg)), "areas");
  g_assert_cmpuint (json_array_get_length (fa), ==, 16);
  g_assert_cmpuint (json_array_get_length (ga), ==, 16);
  for (guint i = 0; i < 16; i++)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      JsonNode *x = json_object_get_member (json_array_get_object_element (fa, i), "cells");
      JsonNode *y = json_object_get_member (json_array_get_object_element (ga, i), "cells");
      json_generator_set_root (gen, x);
      g_autofree char *xs = json_generator_to_data (gen, NULL);
      json_generator_set_root (gen, y);
      g_autofree char *ys = json_generator_to_data (gen, NULL);
      g_assert_cmpstr (xs, ==, ys);
    }
  g_assert_nonnull (strstr (files.out, "\"cells\" : [\n        \"absent\",\n        \"absent\",\n"
                                       "        \"added\",\n        \"changed\"\n"));
}

static void
test_cli_history_errors (void)
{
  g_autofree char *not_repo = g_dir_make_tmp ("progdiff-norepo-XXXXXX", NULL);
  g_auto(PdTestRun) a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };

  run_progdiff (&a, "log", "-C", not_repo, "x.programme", NULL);
  g_assert_cmpint (a.status, ==, 2);
  g_assert_nonnull (strstr (a.err, "not a git repository"));
  g_assert_nonnull (strstr (a.err, not_repo));
  /* A REV:PATH argument that needed the repository is named (it may be
   * a file name mistyped). */
  g_auto(PdTestRun) spec = { 0 };
  run_progdiff (&spec, "diff", "-C", not_repo, "no:such.programme", "HEAD:y.programme", NULL);
  g_assert_cmpint (spec.status, ==, 2);
  g_assert_true (g_str_has_prefix (spec.err, "progdiff: error: no:such.programme: no such file, "
                                             "and not readable from git: "));
  g_assert_nonnull (strstr (spec.err, "not a git repository"));
  /* git show's ":PATH" (the index) is not read: the message says what to write. */
  g_auto(PdTestRun) index = { 0 };
  run_progdiff (&index, "diff", "-C", sample (), ":nato-japan.programme", "HEAD:nato-japan.programme",
                NULL);
  g_assert_cmpint (index.status, ==, 2);
  g_assert_nonnull (strstr (index.err, "index (:PATH) cannot be read; name a commit, e.g. "
                                       "HEAD:nato-japan.programme"));
  run_progdiff (&b, "blame", "-C", sample (), "no-such-rev", "nato-japan.programme", NULL);
  g_assert_cmpint (b.status, ==, 2);
  g_assert_nonnull (strstr (b.err, "unknown revision 'no-such-rev'"));
  run_progdiff (&c, "log", "-C", sample (), "nothing.programme", NULL);
  g_assert_cmpint (c.status, ==, 2);
  g_assert_nonnull (strstr (c.err, "nothing.programme"));
  run_progdiff (&d, "log", "-C", sample (), "HEAD\033[31m", "nato-japan.programme", NULL);
  g_assert_cmpint (d.status, ==, 2);
  g_assert_null (strchr (d.err, 0x1B));
  g_assert_cmpstr (a.out, ==, "");
  g_rmdir (not_repo);
}

static gboolean dir_has_prefix (const char *dir, const char *prefix);

/* A log report is written in pieces, to standard output or through -o's
 * temporary file: the same bytes either way, and a write error is one. */
static void
test_cli_history_output (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-log-out-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "log.txt", NULL);
  g_auto(PdTestRun) out = { 0 }, to_file = { 0 }, full = { 0 }, full_o = { 0 };
  g_autofree char *written = NULL;

  run_progdiff (&out, "log", "-p", "--color=never", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (out.status, ==, 0);
  g_assert_nonnull (strstr (out.out, "new document, +"));
  /* The commit that added the document lists its areas, as git's driver
   * shows a new file. */
  g_assert_nonnull (strstr (out.out, "\n\n+ Cyber defence [cyber-defence] added\n"));
  g_assert_true (g_str_has_suffix (out.out, "\n0 \u2192 8 areas: 8 added\n\n"));
  run_progdiff (&to_file, "log", "-p", "-o", file, "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (to_file.status, ==, 0);
  g_assert_cmpstr (to_file.out, ==, "");
  g_assert_true (g_file_get_contents (file, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, out.out);
  g_assert_false (dir_has_prefix (dir, ".progdiff-"));

  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      run_progdiff_to (&full, "/dev/full", "log", "-p", "-C", sample (), "nato-japan.programme",
                       NULL);
      g_assert_cmpint (full.status, ==, 2);
      g_assert_cmpstr (full.err, ==, "progdiff: error: write error on standard output: "
                                     "No space left on device\n");
      run_progdiff (&full_o, "log", "-o", "/dev/full", "-C", sample (), "nato-japan.programme",
                    NULL);
      g_assert_cmpint (full_o.status, ==, 2);
      g_assert_cmpstr (full_o.err, ==, "progdiff: error: write error on /dev/full: "
                                       "No space left on device\n");
    }
  pd_test_remove_tree (dir);
}

/* -o never replaces what a report is about: the work tree's copy of a
 * history's document, or a timeline's input file. */
static void
test_cli_history_output_not_document (void)
{
  g_autofree char *doc = g_build_filename (sample (), "nato-japan.programme", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "copy.programme", NULL);
  g_autofree char *other = nj ("ipcp-2014.programme");
  const char *commands[][6] = {
    { "log", "-o", doc, "-C", sample (), "nato-japan.programme" },
    { "blame", "-o", doc, "-C", sample (), "nato-japan.programme" },
    { "timeline", "-o", doc, "-C", sample (), "--path=nato-japan.programme" },
    { "timeline", "-o", copy, copy, other, NULL },
  };

  g_assert_true (g_file_get_contents (doc, &before, NULL, NULL));
  g_assert_true (g_file_set_contents (copy, before, -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      const char *target = commands[i][2];
      run_progdiff (&run, commands[i][0], commands[i][1], commands[i][2], commands[i][3],
                    commands[i][4], commands[i][5], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "refusing to write the report over an input file"));
      g_clear_pointer (&after, g_free);
      g_assert_true (g_file_get_contents (target, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, before);
    }
  /* PATH from the current directory ("./"), -o relative to it too. */
  g_autofree char *cwd = g_get_current_dir ();
  g_auto(PdTestRun) here = { 0 };
  g_assert_cmpint (g_chdir (sample ()), ==, 0);
  run_progdiff (&here, "log", "-o", "nato-japan.programme", "./nato-japan.programme", NULL);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpint (here.status, ==, 2);
  g_assert_nonnull (strstr (here.err, "refusing to write the report over an input file"));
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (doc, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);

  /* An input given as "-" is standard input, and may be a file as well. */
  const char *from_stdin[][5] = {
    { "diff", "-o", copy, "-", other },
    { "timeline", "-o", copy, "-", other },
  };
  for (guint i = 0; i < G_N_ELEMENTS (from_stdin); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      run_progdiff_from (&run, copy, from_stdin[i][0], from_stdin[i][1], from_stdin[i][2],
                         from_stdin[i][3], from_stdin[i][4], NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "refusing to write the report over an input file"));
      g_clear_pointer (&after, g_free);
      g_assert_true (g_file_get_contents (copy, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, before);
    }
  pd_test_remove_tree (dir);
}

/* Runs progdiff with @redirect (such as ">&-") applied by the shell. */
static void G_GNUC_NULL_TERMINATED
run_progdiff_redirected (PdTestRun *run, const char *redirect, const char *first_arg, ...)
{
  va_list args;

  va_start (args, first_arg);
  run_progdiff_full (run, redirect, NULL, first_arg, args);
  va_end (args);
}

/* A standard stream closed at the start is not taken over by a file
 * progdiff opens: with nothing to write, standard output may be closed;
 * a report to it fails; "-" on a closed standard input is an error, not
 * whatever file came next (libgit2's pack). */
static void
test_cli_closed_standard_streams (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "report.txt", NULL);
  g_auto(PdTestRun) quiet = { 0 }, to_file = { 0 }, to_closed = { 0 }, log = { 0 }, in = { 0 };

  run_progdiff_redirected (&quiet, ">&-", "diff", "-q", a, a, NULL);
  g_assert_cmpint (quiet.status, ==, 0);
  g_assert_cmpstr (quiet.err, ==, "");

  run_progdiff_redirected (&to_file, ">&-", "diff", "-o", report, a, b, NULL);
  g_assert_cmpint (to_file.status, ==, 1);
  g_assert_cmpstr (to_file.err, ==, "");
  g_assert_true (g_file_test (report, G_FILE_TEST_IS_REGULAR));

  run_progdiff_redirected (&to_closed, ">&-", "diff", a, b, NULL);
  g_assert_cmpint (to_closed.status, ==, 2);
  g_assert_nonnull (strstr (to_closed.err, "write error on standard output"));

  /* -o /dev/null is /dev/null; /dev/stdout is the closed stream. */
  g_auto(PdTestRun) to_null = { 0 }, to_stdout = { 0 };
  run_progdiff_redirected (&to_null, ">&-", "diff", "-o", "/dev/null", a, b, NULL);
  g_assert_cmpint (to_null.status, ==, 1);
  g_assert_cmpstr (to_null.err, ==, "");
  run_progdiff_redirected (&to_stdout, ">&-", "diff", "-o", "/dev/stdout", a, b, NULL);
  g_assert_cmpint (to_stdout.status, ==, 2);
  g_assert_nonnull (strstr (to_stdout.err, "write error on /dev/stdout"));
  /* ... by any name: a relative link to a link to it, say. */
  g_autofree char *fd1 = g_build_filename (dir, "fd1", NULL);
  g_autofree char *via = g_build_filename (dir, "via", NULL);
  g_auto(PdTestRun) to_link = { 0 };
  g_assert_cmpint (symlink ("/proc/self/fd/1", fd1), ==, 0);
  g_assert_cmpint (symlink ("fd1", via), ==, 0);
  run_progdiff_redirected (&to_link, ">&-", "diff", "-o", via, a, b, NULL);
  g_assert_cmpint (to_link.status, ==, 2);
  g_assert_nonnull (strstr (to_link.err, "Bad file descriptor"));

  run_progdiff_redirected (&log, ">&-", "log", "-p", "-C", sample (), "nato-japan.programme",
                           NULL);
  g_assert_cmpint (log.status, ==, 2);
  g_assert_nonnull (strstr (log.err, "write error on standard output"));

  /* /dev/stdin on a closed standard input fails at once, read or
   * written: no hang, no report lost. */
  g_auto(PdTestRun) dev_stdin = { 0 }, to_stdin = { 0 };
  run_progdiff_redirected (&dev_stdin, "<&-", "check", "/dev/stdin", NULL);
  g_assert_cmpint (dev_stdin.status, ==, 2);
  g_assert_nonnull (strstr (dev_stdin.err, "/dev/stdin: "));
  run_progdiff_redirected (&to_stdin, "<&-", "diff", "-o", "/dev/stdin", a, b, NULL);
  g_assert_cmpint (to_stdin.status, ==, 2);
  g_assert_nonnull (strstr (to_stdin.err, "/dev/stdin: "));

  run_progdiff_redirected (&in, "<&-", "check", "-C", sample (), "HEAD:nato-japan.programme",
                           "-", NULL);
  g_assert_cmpint (in.status, ==, 2);
  g_assert_nonnull (strstr (in.err, "(standard input): Bad file descriptor"));
  g_assert_null (strstr (in.err, "UTF-8"));
  pd_test_remove_tree (dir);
}

/* timeline reads REV:PATH files from -C's repository, as diff does. */
static void
test_cli_timeline_repository (void)
{
  g_auto(PdTestRun) run = { 0 };

  run_progdiff (&run, "timeline", "-C", sample (), "v2014:nato-japan.programme",
                "v2023:nato-japan.programme", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "v2014:nato-japan.programme"));
  g_assert_nonnull (strstr (run.out, "v2023:nato-japan.programme"));
}

/* Options as git users type them: a short option's value attached
 * ("-n1", "-t0.3", "-fjson"), --color without a value, -n 0 for no
 * commit; and GLib's parse errors in this tool's style. */
static void
test_cli_options_git_habits (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) n1 = { 0 }, n_1 = { 0 }, n0 = { 0 }, t = { 0 }, t_sep = { 0 };
  g_auto(PdTestRun) f = { 0 }, color = { 0 }, never = { 0 }, bogus = { 0 }, bad_n = { 0 };

  run_progdiff (&n1, "log", "-n1", "-C", sample (), "nato-japan.programme", NULL);
  run_progdiff (&n_1, "log", "-n", "1", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (n1.status, ==, 0);
  g_assert_cmpstr (n1.out, ==, n_1.out);
  g_auto(GStrv) lines = g_strsplit (n1.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[1], ==, "");

  run_progdiff (&n0, "log", "-n", "0", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (n0.status, ==, 0);
  g_assert_cmpstr (n0.out, ==, "");
  /* An option's value is left alone, even one that looks like "-n1". */
  g_auto(PdTestRun) value = { 0 };
  run_progdiff (&value, "log", "--area", "-n1", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (value.status, ==, 0);
  g_assert_cmpstr (value.out, ==, "");
  g_auto(PdTestRun) n0_bad = { 0 };
  run_progdiff (&n0_bad, "log", "-n", "0", "-C", sample (), "no-such-rev", "nato-japan.programme",
                NULL);
  g_assert_cmpint (n0_bad.status, ==, 2);

  run_progdiff (&t, "--stat", "-t0.9", a, b, NULL);
  run_progdiff (&t_sep, "--stat", "-t", "0.9", a, b, NULL);
  g_assert_cmpint (t.status, ==, 1);
  g_assert_cmpstr (t.out, ==, t_sep.out);

  run_progdiff (&f, "-fjson", a, b, NULL);
  g_assert_cmpint (f.status, ==, 1);
  g_assert_true (g_str_has_prefix (f.out, "{"));

  run_progdiff (&color, "--color", a, b, NULL);
  run_progdiff (&never, "--color=never", a, b, NULL);
  g_assert_cmpint (color.status, ==, 1);
  g_assert_nonnull (strstr (color.out, "\033["));
  g_assert_null (strstr (never.out, "\033["));

  run_progdiff (&bogus, "--bogus", a, b, NULL);
  g_assert_cmpint (bogus.status, ==, 2);
  g_assert_true (g_str_has_prefix (bogus.err, "progdiff: error: unknown option --bogus\n"));
  run_progdiff (&bad_n, "log", "-n", "many", "nato-japan.programme", NULL);
  g_assert_cmpint (bad_n.status, ==, 2);
  g_assert_null (strstr (bad_n.err, "\u201c"));
  g_assert_nonnull (strstr (bad_n.err, "'many'"));

  /* Every negative count is refused, the most negative too (it was once
   * the mark of -n not given), and so is an empty --area. */
  const char *refused[][2] = { { "-n", "-1" }, { "-n", "-2147483648" }, { "-n", "1x" },
                               { "--area", "" } };
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      run_progdiff (&run, "log", refused[i][0], refused[i][1], "-C", sample (),
                    "nato-japan.programme", NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "progdiff: error: "));
    }
}

/* --lang takes a locale as documents write them; anything else is a
 * usage error, not silently no translation. */
static void
test_cli_options_lang (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_auto(PdTestRun) empty = { 0 }, junk = { 0 }, blame = { 0 }, ja = { 0 };

  run_progdiff (&empty, "--lang=", a, b, NULL);
  g_assert_cmpint (empty.status, ==, 2);
  g_assert_true (g_str_has_prefix (empty.err, "progdiff: error: invalid --lang ''"));
  run_progdiff (&junk, "--lang=!!", a, b, NULL);
  g_assert_cmpint (junk.status, ==, 2);
  run_progdiff (&blame, "blame", "--lang=!!", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_cmpint (blame.status, ==, 2);
  g_assert_nonnull (strstr (blame.err, "invalid --lang '!!'"));
  run_progdiff (&ja, "--lang=ja", "--color=never", a, b, NULL);
  g_assert_cmpint (ja.status, ==, 1);
  g_assert_nonnull (strstr (ja.out, "\u5b87\u5b99"));
}

static void
git_in (const char *dir, const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  for (const char *const *a = (const char *const[]) { "git", "-C", dir, "-c", "user.name=T",
                                                      "-c", "user.email=t@example.com", NULL };
       *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (gpointer) *a);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL,
                               NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* In a shallow clone the history commands say where its history begins,
 * instead of calling that commit the document's creation. */
static void
test_cli_history_shallow (void)
{
  g_autofree char *parent = g_dir_make_tmp ("progdiff-shallow-XXXXXX", NULL);
  g_autofree char *clone = g_build_filename (parent, "clone", NULL);
  g_autofree char *url = g_strconcat ("file://", sample (), NULL);
  g_auto(PdTestRun) log = { 0 }, patch = { 0 }, json = { 0 }, blame = { 0 }, blame_json = { 0 },
                    full_json = { 0 }, timeline = { 0 };

  git_in (parent, (const char *const[]) { "clone", "-q", "--depth", "2", url, clone, NULL });
  run_progdiff (&log, "log", "-C", clone, "nato-japan.programme", NULL);
  g_assert_cmpint (log.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (log.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_suffix (lines[1], "  shallow clone starts here, 9 areas"));
  g_autofree char *boundary = g_strndup (lines[1], 7);

  /* -p lists no area as added where nothing was. */
  run_progdiff (&patch, "log", "-p", "-C", clone, "nato-japan.programme", NULL);
  g_assert_cmpint (patch.status, ==, 0);
  g_assert_true (g_str_has_suffix (patch.out, "shallow clone starts here, 9 areas\n"));

  g_auto(PdTestRun) markdown = { 0 };
  run_progdiff (&markdown, "log", "-p", "--format=markdown", "-C", clone, "nato-japan.programme",
                NULL);
  g_assert_true (g_str_has_suffix (markdown.out, "The shallow clone starts here, with 9 areas; "
                                                 "the older history is not in it.\n"));
  g_assert_null (strstr (markdown.out, "New document"));

  run_progdiff (&json, "log", "--format=json", "-C", clone, "nato-japan.programme", NULL);
  g_assert_nonnull (strstr (json.out, "\"document\" : \"boundary\""));
  g_assert_null (strstr (json.out, "\"document\" : \"added\""));

  run_progdiff (&blame, "blame", "-C", clone, "nato-japan.programme", NULL);
  g_autofree char *note = g_strdup_printf ("\n\nThe repository is a shallow clone whose history "
                                           "begins at %s: an area dated to where that history "
                                           "starts may be older, and its changes before it are "
                                           "not counted.\n", boundary);
  g_assert_true (g_str_has_suffix (blame.out, note));
  /* Seen from the boundary itself, nothing has been seen to change. */
  g_auto(PdTestRun) at_boundary = { 0 };
  run_progdiff (&at_boundary, "blame", "--format=json", "-C", clone, boundary,
                "nato-japan.programme", NULL);
  g_assert_cmpint (at_boundary.status, ==, 0);
  g_assert_nonnull (strstr (at_boundary.out, "\"changes\" : 0"));
  g_assert_null (strstr (at_boundary.out, "\"changes\" : 1"));
  run_progdiff (&blame_json, "blame", "--format=json", "-C", clone, "nato-japan.programme", NULL);
  g_autofree char *member = g_strdup_printf ("\"shallow_boundary\" : {\n    \"commit\" : \"%s",
                                             boundary);
  g_assert_nonnull (strstr (blame_json.out, member));
  run_progdiff (&full_json, "blame", "--format=json", "-C", sample (), "nato-japan.programme", NULL);
  g_assert_nonnull (strstr (full_json.out, "\"shallow_boundary\" : null"));

  run_progdiff (&timeline, "timeline", "-C", clone, "--path=nato-japan.programme", NULL);
  g_assert_cmpint (timeline.status, ==, 0);
  g_autofree char *warning = g_strdup_printf ("progdiff: warning: the repository is a shallow "
                                              "clone whose history begins at %s: an area in "
                                              "the timeline's first column may be older\n",
                                              boundary);
  g_assert_cmpstr (timeline.err, ==, warning);
  pd_test_remove_tree (parent);
}

/* A shallow clone whose first commit holds an invalid version: log and
 * timeline say where the history begins, and blame dates the areas to
 * the first valid version without counting that as their change. */
static void
test_cli_history_shallow_invalid (void)
{
  g_autofree char *parent = g_dir_make_tmp ("progdiff-shallow-XXXXXX", NULL);
  g_autofree char *full = g_build_filename (parent, "full", NULL);
  g_autofree char *clone = g_build_filename (parent, "clone", NULL);
  g_autofree char *doc = g_build_filename (full, "p.programme", NULL);
  g_autofree char *url = g_strconcat ("file://", full, NULL);
  const char *versions[] = {
    "[Programme]\nId=p\nTitle=P\nVersion=1\n[Area a]\nTitle=A\nSummary=one\n",
    "[Programme]\nId=p\nTitle=P\nVersion=2\n[Area a]\nTitle=A\nSummary=two\n",
    "[Programme]\nnot a key\n",
    "[Programme]\nId=p\nTitle=P\nVersion=4\n[Area a]\nTitle=A\nSummary=two\n",
    "[Programme]\nId=p\nTitle=P\nVersion=5\n[Area a]\nTitle=A\nSummary=two\n"
    "[Area b]\nTitle=B\n",
  };

  g_assert_cmpint (g_mkdir (full, 0700), ==, 0);
  git_in (full, (const char *const[]) { "init", "-q", NULL });
  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autofree char *message = g_strdup_printf ("v%u", i + 1);
      g_assert_true (g_file_set_contents (doc, versions[i], -1, NULL));
      git_in (full, (const char *const[]) { "add", "p.programme", NULL });
      git_in (full, (const char *const[]) { "commit", "-q", "-m", message, NULL });
    }
  git_in (parent, (const char *const[]) { "clone", "-q", "--depth", "3", url, clone, NULL });

  g_auto(PdTestRun) log = { 0 }, blame = { 0 }, timeline = { 0 };
  run_progdiff (&log, "log", "-C", clone, "p.programme", NULL);
  g_assert_cmpint (log.status, ==, 0);
  g_assert_true (g_regex_match_simple ("  v3  not a valid document; shallow clone starts here\n",
                                       log.out, 0, 0));

  run_progdiff (&blame, "blame", "--format=json", "-C", clone, "p.programme", NULL);
  g_assert_cmpint (blame.status, ==, 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, blame.out, -1, NULL));
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (json_object_get_object_member (root, "shallow_boundary"));
  JsonObject *a = json_array_get_object_element (json_object_get_array_member (root, "areas"), 0);
  g_assert_cmpstr (json_object_get_string_member (a, "id"), ==, "a");
  g_assert_cmpint (json_object_get_int_member (a, "changes"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (a, "introduced"),
                                                  "version"), ==, "4");

  run_progdiff (&timeline, "timeline", "-C", clone, "--path=p.programme", NULL);
  g_assert_cmpint (timeline.status, ==, 0);
  g_assert_nonnull (strstr (timeline.err, "shallow clone whose history begins at"));
  pd_test_remove_tree (parent);
}

/* blame and timeline --path follow the document through a rename of its
 * file, as git blame does: its areas are as old as they are. */
static void
test_cli_history_file_rename (void)
{
  g_autofree char *parent = g_dir_make_tmp ("progdiff-rename-XXXXXX", NULL);
  g_autofree char *clone = g_build_filename (parent, "clone", NULL);
  g_auto(PdTestRun) blame = { 0 }, timeline = { 0 };

  git_in (parent, (const char *const[]) { "clone", "-q", sample (), clone, NULL });
  git_in (clone, (const char *const[]) { "mv", "nato-japan.programme", "plan.programme", NULL });
  git_in (clone, (const char *const[]) { "commit", "-q", "-m", "rename", NULL });

  run_progdiff (&blame, "blame", "-C", clone, "plan.programme", NULL);
  g_assert_cmpint (blame.status, ==, 0);
  g_autofree char *pattern = g_strdup ("\ncyber-defence +[0-9a-f]{7} 2014-05-06 ");
  g_assert_true (g_regex_match_simple (pattern, blame.out, 0, 0));

  run_progdiff (&timeline, "timeline", "-C", clone, "--path=plan.programme", NULL);
  g_assert_cmpint (timeline.status, ==, 0);
  g_assert_nonnull (strstr (timeline.out, "version 2014 of 2014-05-06"));
  pd_test_remove_tree (parent);
}

/* timeline --path: a deletion is a column, also after an invalid version
 * (whose problem is the deleting commit's parent's, not its own). */
static void
test_cli_timeline_deleted (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-deleted-XXXXXX", NULL);
  g_autofree char *doc = g_build_filename (dir, "p.programme", NULL);
  g_autofree char *fixture = nj ("ipcp-2014.programme");
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (fixture, &text, NULL, NULL));
  g_auto(PdTestRun) run = { 0 };

  git_in (dir, (const char *const[]) { "init", "-q", NULL });
  g_assert_true (g_file_set_contents (doc, text, -1, NULL));
  git_in (dir, (const char *const[]) { "add", "p.programme", NULL });
  git_in (dir, (const char *const[]) { "commit", "-q", "-m", "valid", NULL });
  g_assert_true (g_file_set_contents (doc, "[Programme]\nnot a key\n", -1, NULL));
  git_in (dir, (const char *const[]) { "commit", "-q", "-a", "-m", "invalid", NULL });
  git_in (dir, (const char *const[]) { "rm", "-q", "p.programme", NULL });
  git_in (dir, (const char *const[]) { "commit", "-q", "-m", "deleted", NULL });

  run_progdiff (&run, "timeline", "-C", dir, "--path=p.programme", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_regex_match_simple ("\n  [0-9a-f]{7}   deleted, ", run.out, 0, 0));
  g_assert_true (g_regex_match_simple ("\ncyber-defence +\\+ +- ", run.out, 0, 0));
  /* The invalid version is left out, and said to be. */
  g_assert_true (g_regex_match_simple ("^progdiff: warning: [0-9a-f]{7}:p\\.programme:2:1: "
                                       "error: .* \\(left out of the timeline\\)\n$",
                                       run.err, 0, 0));

  /* With no valid version, there is nothing to show. */
  g_autofree char *only_bad = g_build_filename (dir, "bad.programme", NULL);
  g_auto(PdTestRun) none = { 0 };
  g_assert_true (g_file_set_contents (only_bad, "\001binary", -1, NULL));
  git_in (dir, (const char *const[]) { "add", "bad.programme", NULL });
  git_in (dir, (const char *const[]) { "commit", "-q", "-m", "bad", NULL });
  /* ... also once it is deleted, which is a column but shows nothing. */
  git_in (dir, (const char *const[]) { "rm", "-q", "bad.programme", NULL });
  git_in (dir, (const char *const[]) { "commit", "-q", "-m", "bad gone", NULL });
  run_progdiff (&none, "timeline", "--format=json", "-C", dir, "--path=bad.programme", NULL);
  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpstr (none.out, ==, "");
  g_assert_nonnull (strstr (none.err, "(left out of the timeline)\n"));
  g_assert_true (g_str_has_suffix (none.err, "progdiff: error: bad.programme: no valid version "
                                             "to show\n"));

  /* Added again, valid: the timeline starts there, with no column for
   * the deletion before it. */
  g_auto(PdTestRun) later = { 0 };
  g_assert_true (g_file_set_contents (only_bad, text, -1, NULL));
  git_in (dir, (const char *const[]) { "add", "bad.programme", NULL });
  git_in (dir, (const char *const[]) { "commit", "-q", "-m", "good now", NULL });
  run_progdiff (&later, "timeline", "--format=json", "-C", dir, "--path=bad.programme", NULL);
  g_assert_cmpint (later.status, ==, 0);
  g_assert_null (strstr (later.out, "\"deleted\" : true"));
  g_assert_nonnull (strstr (later.out, "\"deleted\" : false"));
  pd_test_remove_tree (dir);
}

/* ---- bad input: sizes and resources (issue 4) ----
 *
 * Heavy cases shrink under valgrind (make check-valgrind), where
 * progdiff runs 20 to 50 times slower; the test log says by how much.
 * Generated documents go to a temporary directory per test. */

/* How a run is made, beyond its arguments. */
typedef struct
{
  char **env;               /* NULL: the test's own */
  const char *stdout_path;  /* standard output to this file instead of captured */
  gsize address_space;      /* RLIMIT_AS in bytes; 0: unchanged */
  gsize file_size;          /* RLIMIT_FSIZE in bytes; 0: unchanged */
  gboolean ignore_sigpipe;
} RunSetup;

static void
child_setup (gpointer data)
{
  const RunSetup *setup = data;

  if (setup->address_space > 0)
    {
      struct rlimit limit = { setup->address_space, setup->address_space };
      if (setrlimit (RLIMIT_AS, &limit) != 0)
        _exit (127);
    }
  if (setup->file_size > 0)
    {
      struct rlimit limit = { setup->file_size, setup->file_size };
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (127);
    }
  signal (SIGPIPE, setup->ignore_sigpipe ? SIG_IGN : SIG_DFL);
}

/* Runs progdiff as run_progdiff() does, with @setup; returns the raw
 * wait status, so that a death by signal can be told from an exit. */
static int G_GNUC_NULL_TERMINATED
run_progdiff_setup (PdTestRun *run, const RunSetup *setup, const char *first_arg, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  if (setup->stdout_path != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("/bin/sh"));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup ("out=$1; shift; exec \"$@\" >\"$out\""));
      g_ptr_array_add (argv, g_strdup ("sh"));
      g_ptr_array_add (argv, g_strdup (setup->stdout_path));
    }
  g_ptr_array_add (argv, g_strdup (g_getenv ("PROGDIFF")));
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, setup->env, G_SPAWN_DEFAULT,
                               child_setup, (gpointer) setup, &run->out, &run->err,
                               &wait_status, &error));
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return wait_status;
}

/* The summary line of a text report, "N → M areas: …", or NULL. */
static const char *
summary_line (const char *out)
{
  const char *last = g_strrstr (out, "\n");

  if (last == NULL || last[1] != '\0')
    return NULL;
  const char *start = last;
  while (start > out && start[-1] != '\n')
    start--;
  return start;
}

/* A failed run: exit status 2, nothing on standard output, and every
 * line of standard error starting with @prefix. */
static void
assert_trouble_with (const PdTestRun *run, const char *prefix)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_auto(GStrv) lines = g_strsplit (run->err, "\n", -1);
  for (char **l = lines; l[1] != NULL; l++)
    g_assert_true (g_str_has_prefix (*l, prefix));
}

static char *
write_temp (const char *dir, const char *name, const char *text, gssize length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, length, &error));
  g_assert_no_error (error);
  return path;
}

#define PROGRAMME_HEADER "[Programme]\nId=p\nTitle=P\nVersion=1\n"

/* @n_bytes of space-separated words drawn from @n_words "wN" words
 * with @prefix ("w" or another letter), from a fixed seed. */
static GString *
random_words (const char *prefix, gsize n_bytes, guint n_words, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GString *text = g_string_sized_new (n_bytes + 16);

  while (text->len < n_bytes)
    g_string_append_printf (text, "%s%s%u", text->len > 0 ? " " : "", prefix,
                            g_rand_int_range (rand, 0, (gint32) n_words));
  return text;
}

static void
test_cli_limits_long_line (void)
{
  gsize size = pd_test_under_valgrind () ? 2 * 1024 * 1024 : 50 * 1024 * 1024;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autoptr(GString) old_text = g_string_new (PROGRAMME_HEADER "[Area a]\nTitle=A\nSummary=");
  g_autoptr(GString) words = random_words ("w", size, 100000, 1);
  g_auto(PdTestRun) check = { 0 }, same = { 0 }, changed = { 0 };

  g_test_summary ("A 50 MiB line (2 MiB under valgrind), one word changed in its middle: "
                  "read, compared and reported whole");
  g_string_append_len (old_text, words->str, words->len);
  g_string_append_c (old_text, '\n');
  g_autofree char *old_path = write_temp (dir, "old.programme", old_text->str, old_text->len);
  gsize middle = old_text->len / 2;
  while (old_text->str[middle] != ' ')
    middle++;
  g_string_insert (old_text, middle, " CHANGED");
  g_autofree char *new_path = write_temp (dir, "new.programme", old_text->str, old_text->len);
  g_test_message ("line of %" G_GSIZE_FORMAT " bytes", words->len);

  run_progdiff (&check, "check", old_path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  run_progdiff (&same, "--stat", old_path, old_path, NULL);
  g_assert_cmpint (same.status, ==, 0);
  run_progdiff (&changed, old_path, new_path, NULL);
  g_assert_cmpint (changed.status, ==, 1);
  g_assert_cmpstr (changed.err, ==, "");
  g_assert_nonnull (strstr (changed.out, " {+CHANGED +}"));
  g_assert_cmpstr (summary_line (changed.out), ==,
                   "1 \u2192 1 area: 0 added, 0 removed, 0 unchanged, 1 modified, 0 renamed, "
                   "0 moved\n");
  pd_test_remove_tree (dir);
}

/* N areas "[Area aK] Title=Area K"; with @changed, every 1000th one gets
 * a summary and the last 1000 are replaced by 1000 others, whose titles
 * share no word with them (so that none pairs by similarity). */
static GString *
many_areas (guint n, gboolean changed)
{
  GString *text = g_string_new (PROGRAMME_HEADER);

  for (guint k = 0; k < n; k++)
    {
      if (changed && k >= n - 1000)
        g_string_append_printf (text, "[Area z%u]\nTitle=Extra %u\n", k, k + n);
      else
        g_string_append_printf (text, "[Area a%u]\nTitle=Area %u\n", k, k);
      if (changed && k % 1000 == 0 && k < n - 1000)
        g_string_append (text, "Summary=A summary now.\n");
    }
  return text;
}

static void
test_cli_limits_many_areas (void)
{
  guint n = pd_test_under_valgrind () ? 5000 : 200000;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autoptr(GString) old_text = many_areas (n, FALSE);
  g_autoptr(GString) new_text = many_areas (n, TRUE);
  g_autofree char *old_path = write_temp (dir, "old.programme", old_text->str, old_text->len);
  g_autofree char *new_path = write_temp (dir, "new.programme", new_text->str, new_text->len);
  g_auto(PdTestRun) check = { 0 }, stat = { 0 }, json = { 0 };

  g_test_summary ("200,000 areas (5,000 under valgrind): checked and compared, with the "
                  "right counts in the text and JSON reports");
  g_test_message ("%u areas, %" G_GSIZE_FORMAT " bytes", n, old_text->len);
  run_progdiff (&check, "check", new_path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_autofree char *ok = g_strdup_printf ("%s: ok, %u areas\n", new_path, n);
  g_assert_cmpstr (check.out, ==, ok);

  run_progdiff (&stat, "--stat", old_path, new_path, NULL);
  g_assert_cmpint (stat.status, ==, 1);
  guint modified = (n - 1000 + 999) / 1000;
  g_autofree char *expected = g_strdup_printf (
      "%u \u2192 %u areas: 1000 added, 1000 removed, %u unchanged, %u modified, 0 renamed, "
      "0 moved\n", n, n, n - 1000 - modified, modified);
  g_assert_cmpstr (summary_line (stat.out), ==, expected);

  g_autofree char *report = g_build_filename (dir, "report.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  run_progdiff (&json, "--format=json", "-o", report, old_path, new_path, NULL);
  g_assert_cmpint (json.status, ==, 1);
  g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, contents, -1, NULL));
  JsonObject *summary = json_object_get_object_member (
      json_node_get_object (json_parser_get_root (parser)), "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (summary, "modified"), ==, modified);
  pd_test_remove_tree (dir);
}

static void
test_cli_limits_mass_rename (void)
{
  guint n = pd_test_under_valgrind () ? 500 : 5000;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autoptr(GString) old_text = g_string_new (PROGRAMME_HEADER);
  g_autoptr(GString) new_text = g_string_new (PROGRAMME_HEADER);
  g_auto(PdTestRun) run = { 0 };

  g_test_summary ("5,000 areas (500 under valgrind) all given a new ID and title at once "
                  "are paired by their text: every one renamed");
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GString) summary = random_words ("w", 80, 50000, k + 1);
      g_string_append_printf (old_text, "[Area old-%u]\nTitle=Former heading %u\nSummary=%s\n",
                              k, k, summary->str);
      g_string_append_printf (new_text, "[Area new-%u]\nTitle=Renamed topic %u\nSummary=%s\n",
                              k, k, summary->str);
    }
  g_autofree char *old_path = write_temp (dir, "old.programme", old_text->str, old_text->len);
  g_autofree char *new_path = write_temp (dir, "new.programme", new_text->str, new_text->len);
  run_progdiff (&run, "--stat", old_path, new_path, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_autofree char *expected = g_strdup_printf (
      "%u \u2192 %u areas: 0 added, 0 removed, 0 unchanged, 0 modified, %u renamed, 0 moved\n",
      n, n, n);
  g_assert_cmpstr (summary_line (run.out), ==, expected);
  pd_test_remove_tree (dir);
}

static void
test_cli_limits_unrelated_summaries (void)
{
  gsize size = pd_test_under_valgrind () ? 64 * 1024 : 1024 * 1024;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autoptr(GString) a = random_words ("a", size, 200000, 1);
  g_autoptr(GString) b = random_words ("b", size, 200000, 2);
  g_autofree char *old_text = g_strdup_printf (PROGRAMME_HEADER "[Area x]\nTitle=X\nSummary=%s\n",
                                               a->str);
  g_autofree char *new_text = g_strdup_printf (PROGRAMME_HEADER "[Area x]\nTitle=X\nSummary=%s\n",
                                               b->str);
  g_autofree char *old_path = write_temp (dir, "old.programme", old_text, -1);
  g_autofree char *new_path = write_temp (dir, "new.programme", new_text, -1);
  g_auto(PdTestRun) run = { 0 };

  g_test_summary ("Two 1 MiB summaries (64 KiB under valgrind) with no word in common: the "
                  "word diff's cost limit keeps it short, and the report is whole");
  gint64 start = g_get_monotonic_time ();
  run_progdiff (&run, old_path, new_path, NULL);
  g_test_message ("took %.1f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  /* Every old word deleted, every new one inserted. */
  g_assert_nonnull (strstr (run.out, "[-a"));
  g_assert_nonnull (strstr (run.out, "{+b"));
  g_assert_cmpstr (summary_line (run.out), ==,
                   "1 \u2192 1 area: 0 added, 0 removed, 0 unchanged, 1 modified, 0 renamed, "
                   "0 moved\n");
  pd_test_remove_tree (dir);
}

static void
test_cli_limits_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.programme", NULL);
  g_autofree char *report = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *good = nj ("ipcp-2020.programme");
  g_auto(PdTestRun) diff = { 0 }, check = { 0 };

  g_test_summary ("A file one byte over the 256 MiB cap (sparse: no disk used) fails "
                  "before it is read, with exit 2 and a message naming it");
  int fd = g_open (huge, O_WRONLY | O_CREAT | O_EXCL, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 256 * 1024 * 1024 + 1), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);

  g_autofree char *expected = g_strdup_printf ("progdiff: error: %s: the document is larger "
                                               "than 256 MiB\n", huge);
  run_progdiff (&diff, "-o", report, good, huge, NULL);
  assert_trouble_with (&diff, "progdiff: error: ");
  g_assert_cmpstr (diff.err, ==, expected);
  g_assert_false (g_file_test (report, G_FILE_TEST_EXISTS));
  run_progdiff (&check, "check", huge, NULL);
  assert_trouble_with (&check, "progdiff: error: ");
  g_assert_cmpstr (check.err, ==, expected);
  pd_test_remove_tree (dir);
}

/* /dev/zero has no size: it is read up to the cap (256 MiB of zeros, a
 * fraction of a second), then refused as too large. */
static void
test_cli_limits_dev_zero (void)
{
  g_autofree char *good = nj ("ipcp-2020.programme");
  g_auto(PdTestRun) diff = { 0 }, check = { 0 };

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero");
      return;
    }
  run_progdiff (&diff, good, "/dev/zero", NULL);
  assert_trouble_with (&diff, "progdiff: error: ");
  g_assert_cmpstr (diff.err, ==, "progdiff: error: /dev/zero: the document is larger than "
                                 "256 MiB\n");
  run_progdiff (&check, "check", "/dev/zero", NULL);
  g_assert_cmpint (check.status, ==, 2);
  g_assert_cmpstr (check.err, ==, diff.err);
}

typedef struct
{
  const char *path;
  const char *text;  /* NULL: open and close without writing */
} FifoWriter;

static gpointer
fifo_writer (gpointer data)
{
  const FifoWriter *w = data;
  int fd = g_open (w->path, O_WRONLY, 0);  /* waits for the reader */

  g_assert_cmpint (fd, >=, 0);
  if (w->text != NULL)
    g_assert_cmpint (write (fd, w->text, strlen (w->text)), ==, (gssize) strlen (w->text));
  g_assert_cmpint (close (fd), ==, 0);
  return NULL;
}

/* A FIFO is read to its end like any file without a size; one whose
 * writer writes nothing holds an empty document. (With no writer at
 * all, progdiff waits, as cat(1) does.) */
static void
test_cli_limits_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.programme", NULL);
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *text = NULL;
  g_auto(PdTestRun) from_file = { 0 }, from_fifo = { 0 }, empty = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_get_contents (b, &text, NULL, NULL));

  FifoWriter full = { fifo, text };
  GThread *writer = g_thread_new ("fifo", fifo_writer, &full);
  run_progdiff (&from_fifo, a, fifo, NULL);
  g_thread_join (writer);
  run_progdiff (&from_file, a, b, NULL);
  g_assert_cmpint (from_fifo.status, ==, 1);
  g_assert_cmpstr (from_fifo.err, ==, "");
  /* The same report, but for the name in the header. */
  g_assert_nonnull (strstr (from_fifo.out, fifo));
  g_assert_cmpstr (strstr (from_fifo.out, "\n    ITPP"), ==, strstr (from_file.out, "\n    ITPP"));

  FifoWriter nothing = { fifo, NULL };
  writer = g_thread_new ("fifo", fifo_writer, &nothing);
  run_progdiff (&empty, "check", fifo, NULL);
  g_thread_join (writer);
  g_autofree char *expected = g_strdup_printf ("%s:1: error: the document is empty\n", fifo);
  g_assert_cmpint (empty.status, ==, 2);
  g_assert_cmpstr (empty.out, ==, "");
  g_assert_cmpstr (empty.err, ==, expected);
  pd_test_remove_tree (dir);
}

/* Whether RLIMIT_AS can be tested here; skips with the reason if not. */
static gboolean
can_limit_address_space (void)
{
  if (pd_test_under_asan ())
    {
      g_test_skip ("AddressSanitizer reserves terabytes of address space: RLIMIT_AS cannot "
                   "be tested in a sanitizer build");
      return FALSE;
    }
  if (pd_test_under_valgrind ())
    {
      g_test_skip ("valgrind needs far more address space than its client: RLIMIT_AS cannot "
                   "be tested under valgrind");
      return FALSE;
    }
  return TRUE;
}

/* A run under RLIMIT_AS ends by itself: never by a signal (GLib's abort
 * on a failed allocation traps); exit 2 with the out-of-memory message
 * and nothing on standard output, or a whole report. */
static void
assert_ends_cleanly (const PdTestRun *run, int wait_status, const char *what)
{
  g_test_message ("%s: status %d, stderr: %s", what, run->status, run->err);
  if (WIFSIGNALED (wait_status))
    g_error ("%s: killed by signal %d", what, WTERMSIG (wait_status));
  g_assert_true (WIFEXITED (wait_status));
  if (run->status == 2)
    {
      g_assert_cmpstr (run->out, ==, "");
      g_assert_true (g_str_has_prefix (run->err, "progdiff: error: "));
    }
  else
    g_assert_cmpint (run->status, <=, 1);
}

/* Two documents with a 32 MiB line each, one word apart. */
static void
write_long_pair (const char *dir, char **old_path, char **new_path)
{
  g_autoptr(GString) text = g_string_new (PROGRAMME_HEADER "[Area a]\nTitle=A\nSummary=");
  g_autoptr(GString) words = random_words ("w", 32 * 1024 * 1024, 100000, 3);

  g_string_append_len (text, words->str, words->len);
  g_string_append_c (text, '\n');
  *old_path = write_temp (dir, "old.programme", text->str, text->len);
  g_string_insert (text, text->len / 2, " CHANGED ");
  *new_path = write_temp (dir, "new.programme", text->str, text->len);
}

static void
test_cli_limits_address_space (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autofree char *old_path = NULL, *new_path = NULL;
  RunSetup setup = { NULL, NULL, (gsize) 1024 * 1024 * 1024, 0, FALSE };

  g_test_summary ("Under ulimit -v 1 GiB, large inputs end with a report or a message, "
                  "never an abort");
  if (!can_limit_address_space ())
    return;
  write_long_pair (dir, &old_path, &new_path);
  g_autoptr(GString) areas = many_areas (200000, TRUE);
  g_autofree char *areas_path = write_temp (dir, "areas.programme", areas->str, areas->len);
  g_autoptr(GString) areas_old = many_areas (200000, FALSE);
  g_autofree char *areas_old_path = write_temp (dir, "areas-old.programme", areas_old->str,
                                                areas_old->len);

  static const char *const formats[] = { "text", "json", "html" };
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      g_autofree char *format = g_strdup_printf ("--format=%s", formats[i]);
      int status = run_progdiff_setup (&run, &setup, format, old_path, new_path, NULL);
      assert_ends_cleanly (&run, status, format);
    }
  g_auto(PdTestRun) areas_run = { 0 }, zero_run = { 0 };
  int status = run_progdiff_setup (&areas_run, &setup, "--stat", areas_old_path, areas_path,
                                   NULL);
  assert_ends_cleanly (&areas_run, status, "200,000 areas");
  status = run_progdiff_setup (&zero_run, &setup, "check", "/dev/zero", NULL);
  assert_ends_cleanly (&zero_run, status, "/dev/zero");
  g_assert_cmpint (zero_run.status, ==, 2);
  pd_test_remove_tree (dir);
}

/* Too little address space for the documents: GLib's allocator gives
 * up, and progdiff says so with exit 2, leaving no output behind. */
static void
test_cli_limits_out_of_memory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-limits-XXXXXX", NULL);
  g_autofree char *old_path = NULL, *new_path = NULL;
  g_autofree char *report = g_build_filename (dir, "report.html", NULL);
  RunSetup setup = { NULL, NULL, (gsize) 64 * 1024 * 1024, 0, FALSE };
  g_auto(PdTestRun) run = { 0 }, to_file = { 0 };

  if (!can_limit_address_space ())
    return;
  write_long_pair (dir, &old_path, &new_path);
  /* 64 MiB cannot hold two documents of 32 MiB and their model. */
  int status = run_progdiff_setup (&run, &setup, old_path, new_path, NULL);
  assert_ends_cleanly (&run, status, "64 MiB");
  assert_trouble_with (&run, "progdiff: error: out of memory: failed to allocate ");
  status = run_progdiff_setup (&to_file, &setup, "--format=html", "-o", report, old_path,
                               new_path, NULL);
  assert_ends_cleanly (&to_file, status, "64 MiB, -o");
  assert_trouble_with (&to_file, "progdiff: error: out of memory: ");
  /* No report, and no temporary file left beside it. */
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_true (g_str_has_suffix (name, ".programme"));
  pd_test_remove_tree (dir);
}

/* A history of @commits commits that each change a 200-area document
 * (about 16 KiB of `log -p` each), made by the benchmark's generator. */
static void
generated_history (const char *dir, guint commits)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tests", "bench", "gen-history",
                                                   NULL);
  g_autofree char *gen = g_test_build_filename (G_TEST_BUILT, "tests", "bench", "gen-programme",
                                                NULL);
  g_autofree char *count = g_strdup_printf ("%u", commits);
  const char *argv[] = { "/bin/sh", script, "-c", count, "-r", "1", dir, NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "GEN_PROGRAMME", gen, TRUE);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, NULL));
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The first line of each entry of a text log -p: the commit lines. */
static char *
commit_lines (const char *log)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  GString *commits = g_string_new (NULL);

  for (char **l = lines; *l != NULL; l++)
    if (g_regex_match_simple ("^[0-9a-f]{7} ", *l, 0, 0))
      g_string_append_printf (commits, "%s\n", *l);
  return g_string_free (commits, FALSE);
}

static void
test_cli_log_spool (void)
{
  g_test_summary ("log holds its report until the walk is over, past 256 KiB in an "
                  "unnamed file in $TMPDIR: the report is whole, nothing is left in "
                  "TMPDIR, and a TMPDIR that cannot take the file, or a file that "
                  "cannot grow (ulimit -f), leaves the report in memory.");

  g_autofree char *parent = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  g_autofree char *repo = g_build_filename (parent, "repo", NULL);
  g_autofree char *tmp = g_build_filename (parent, "tmp", NULL);
  g_autofree char *missing = g_build_filename (parent, "missing", NULL);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "TMPDIR", tmp, TRUE);
  g_auto(GStrv) env_missing = g_environ_setenv (g_get_environ (), "TMPDIR", missing, TRUE);
  RunSetup setup = { env, NULL, 0, 0, FALSE };
  RunSetup setup_missing = { env_missing, NULL, 0, 0, FALSE };
  RunSetup setup_small = { env, NULL, 0, 300 * 1024, FALSE };
  g_auto(PdTestRun) patch = { 0 }, counts = { 0 }, in_memory = { 0 }, too_big = { 0 };
  const char *doc = "programmes/bench.programme";

  generated_history (repo, 40);
  g_assert_cmpint (g_mkdir (tmp, 0700), ==, 0);

  run_progdiff_setup (&patch, &setup, "log", "-p", "--color=never", "-C", repo, doc, NULL);
  g_assert_cmpint (patch.status, ==, 0);
  g_assert_cmpstr (patch.err, ==, "");
  g_assert_cmpuint (strlen (patch.out), >, 400 * 1024);
  g_assert_false (dir_has_prefix (tmp, ""));
  /* Every commit is there, in order: the same lines as the short log,
   * which stays in memory. */
  run_progdiff_setup (&counts, &setup, "log", "--color=never", "-C", repo, doc, NULL);
  g_assert_cmpint (counts.status, ==, 0);
  g_assert_cmpuint (strlen (counts.out), <, 256 * 1024);
  g_autofree char *listed = commit_lines (patch.out);
  g_auto(GStrv) entries = g_strsplit (counts.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (entries), >, 30);
  g_assert_cmpstr (listed, ==, counts.out);

  /* valgrind makes its own files in TMPDIR and cannot start without. */
  if (pd_test_under_valgrind ())
    g_test_message ("under valgrind: no run with a missing TMPDIR");
  else
    {
      run_progdiff_setup (&in_memory, &setup_missing, "log", "-p", "--color=never", "-C", repo,
                          doc, NULL);
      g_assert_cmpint (in_memory.status, ==, 0);
      g_assert_cmpstr (in_memory.err, ==, "");
      g_assert_cmpstr (in_memory.out, ==, patch.out);
    }

  /* Past ulimit -f the file takes no more: the report goes back to
   * memory (and the process is not killed by SIGXFSZ). */
  run_progdiff_setup (&too_big, &setup_small, "log", "-p", "--color=never", "-C", repo, doc,
                      NULL);
  g_assert_cmpint (too_big.status, ==, 0);
  g_assert_cmpstr (too_big.err, ==, "");
  g_assert_cmpstr (too_big.out, ==, patch.out);
  g_assert_false (dir_has_prefix (tmp, ""));
  pd_test_remove_tree (parent);
}

/* ---- bad input: encodings ---- */

static void
test_cli_encoding_utf16 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-encoding-XXXXXX", NULL);
  static const char text[] = PROGRAMME_HEADER "[Area a]\nTitle=A\n";
  static const struct
  {
    const char *name;
    const char *to;
    const char *mark;
    gsize mark_length;
    const char *shown;
  } cases[] = {
    { "UTF-16LE", "UTF-16LE", "\xFF\xFE", 2, "FF FE" },
    { "UTF-16BE", "UTF-16BE", "\xFE\xFF", 2, "FE FF" },
    { "UTF-32LE", "UTF-32LE", "\xFF\xFE\0\0", 4, "FF FE 00 00" },
  };
  g_autofree char *good = nj ("ipcp-2020.programme");

  g_test_summary ("A document in UTF-16 or UTF-32 with a byte order mark is refused by an "
                  "error naming its encoding, not 50 errors about NUL bytes");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      g_autofree char *converted = g_convert (text, -1, cases[i].to, "UTF-8", NULL, &length,
                                              &error);
      g_assert_no_error (error);
      g_autoptr(GString) bytes = g_string_new_len (cases[i].mark, cases[i].mark_length);
      g_string_append_len (bytes, converted, length);
      g_autofree char *file = g_strdup_printf ("%s.programme", cases[i].name);
      g_autofree char *path = write_temp (dir, file, bytes->str, bytes->len);
      g_autofree char *expected = g_strdup_printf (
          "%s:1:1: error: the document is %s (it starts with the byte order mark %s); "
          "progdiff reads UTF-8 only: convert it, e.g. with 'iconv -f %s -t UTF-8'\n",
          path, cases[i].name, cases[i].shown, cases[i].name);
      g_auto(PdTestRun) diff = { 0 }, check = { 0 };

      run_progdiff (&diff, good, path, NULL);
      g_assert_cmpint (diff.status, ==, 2);
      g_assert_cmpstr (diff.out, ==, "");
      g_assert_cmpstr (diff.err, ==, expected);
      run_progdiff (&check, "check", path, NULL);
      g_assert_cmpint (check.status, ==, 2);
      g_assert_cmpstr (check.err, ==, expected);
    }
  pd_test_remove_tree (dir);
}

/* Overlong forms and UTF-16 surrogates written in UTF-8 are not UTF-8:
 * each is an error at its line and column. */
static void
test_cli_encoding_overlong_and_surrogates (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-encoding-XXXXXX", NULL);
  static const struct
  {
    const char *name;
    const char *bytes;
    const char *shown;
  } cases[] = {
    { "overlong-slash", "\xC0\xAF", "\\xC0" },        /* '/' in two bytes */
    { "overlong-nul", "\xC0\x80", "\\xC0" },          /* NUL in two bytes (modified UTF-8) */
    { "overlong-3", "\xE0\x80\xAF", "\\xE0" },        /* '/' in three bytes */
    { "overlong-4", "\xF0\x82\x82\xAC", "\\xF0" },    /* '€' in four bytes */
    { "high-surrogate", "\xED\xA0\x80", "\\xED" },    /* U+D800 */
    { "low-surrogate", "\xED\xBF\xBF", "\\xED" },     /* U+DFFF */
    { "pair", "\xED\xA0\xBD\xED\xB8\x80", "\\xED" },  /* CESU-8 of U+1F600 */
    { "above-max", "\xF4\x90\x80\x80", "\\xF4" },     /* U+110000 */
  };
  g_autofree char *good = nj ("ipcp-2020.programme");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (PROGRAMME_HEADER "[Area a]\nTitle=Caf%s\n",
                                               cases[i].bytes);
      g_autofree char *file = g_strdup_printf ("%s.programme", cases[i].name);
      g_autofree char *path = write_temp (dir, file, text, -1);
      g_autofree char *expected = g_strdup_printf ("%s:6:10: error: invalid UTF-8 byte '%s'\n",
                                                   path, cases[i].shown);
      g_auto(PdTestRun) run = { 0 };

      run_progdiff (&run, good, path, NULL);
      g_test_message ("%s: %s", cases[i].name, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, expected);
    }
  pd_test_remove_tree (dir);
}

/* "é" composed (U+00E9) and decomposed (e + U+0301) is the same text:
 * values are compared after NFC, titles pair after NFKC and case
 * folding (a title that changed case only is "renamed"). Reports show
 * each document's bytes as written. */
static void
test_cli_encoding_nfc_nfd (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-encoding-XXXXXX", NULL);
  g_autofree char *nfc = write_temp (dir, "nfc.programme", PROGRAMME_HEADER
                                     "[Area a]\nTitle=Caf\xC3\xA9 culture\n"
                                     "Summary=Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e\n", -1);
  g_autofree char *nfd = write_temp (dir, "nfd.programme", PROGRAMME_HEADER
                                     "[Area a]\nTitle=Cafe\xCC\x81 culture\n"
                                     "Summary=Cre\xCC\x80me bru\xCC\x82le\xCC\x81" "e\n", -1);
  g_autofree char *nfd_other_id = write_temp (dir, "nfd-b.programme", PROGRAMME_HEADER
                                              "[Area b]\nTitle=CAFE\xCC\x81 Culture\n"
                                              "Summary=Other words\n", -1);
  g_auto(PdTestRun) same = { 0 }, json = { 0 }, paired = { 0 };

  run_progdiff (&same, nfc, nfd, NULL);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_nonnull (strstr (same.out, "= Cafe\xCC\x81 culture [a] unchanged\n"));

  /* JSON keeps the bytes of each side. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  run_progdiff (&json, "--format=json", nfc, nfd, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  g_assert_nonnull (strstr (json.out, "Cafe\xCC\x81 culture"));
  g_assert_nonnull (strstr (json.out, "Caf\xC3\xA9 culture"));

  /* Another ID: paired by the title, whatever its case and form. */
  run_progdiff (&paired, nfc, nfd_other_id, NULL);
  g_assert_cmpint (paired.status, ==, 1);
  g_assert_nonnull (strstr (paired.out, "> CAFE\xCC\x81 Culture [b] renamed from "
                                        "\"Caf\xC3\xA9 culture\" [a], paired by title\n"));
  pd_test_remove_tree (dir);
}

#define INVISIBLE_TITLE "Evil \xE2\x80\xAE" "esrever\xE2\x80\xAC zero\xE2\x80\x8Bwidth"

/* Bidi controls and zero-width characters in a title: markers in text
 * and Markdown, markers escaped in HTML, the characters themselves in
 * JSON (data for programs, escaped or not as JSON allows). */
static void
test_cli_encoding_invisible (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-encoding-XXXXXX", NULL);
  g_autofree char *old_path = write_temp (dir, "old.programme",
                                          PROGRAMME_HEADER "[Area a]\nTitle=Plain\n", -1);
  g_autofree char *new_path = write_temp (dir, "new.programme", PROGRAMME_HEADER
                                          "[Area a]\nTitle=Plain\n"
                                          "[Area x]\nTitle=" INVISIBLE_TITLE "\n", -1);
  g_auto(PdTestRun) text = { 0 }, markdown = { 0 }, json = { 0 }, html = { 0 };
  static const char *const raw[] = { "\xE2\x80\xAE", "\xE2\x80\xAC", "\xE2\x80\x8B" };

  run_progdiff (&text, old_path, new_path, NULL);
  run_progdiff (&markdown, "--format=markdown", old_path, new_path, NULL);
  run_progdiff (&json, "--format=json", old_path, new_path, NULL);
  run_progdiff (&html, "--format=html", old_path, new_path, NULL);
  g_assert_nonnull (strstr (text.out, "+ Evil <U+202E>esrever<U+202C> zero<U+200B>width [x] added\n"));
  g_assert_nonnull (strstr (markdown.out, "**Evil \\<U+202E\\>esrever\\<U+202C\\> "
                                          "zero\\<U+200B\\>width**"));
  g_assert_nonnull (strstr (html.out, "Evil &lt;U+202E&gt;esrever&lt;U+202C&gt; "
                                      "zero&lt;U+200B&gt;width"));
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    {
      g_assert_null (strstr (text.out, raw[i]));
      g_assert_null (strstr (markdown.out, raw[i]));
      g_assert_null (strstr (html.out, raw[i]));
    }
  g_autoptr(PdTestHtml) page = pd_test_html_parse_xml (html.out);
  pd_test_html_assert_inert (page);

  g_autoptr(JsonParser) parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  JsonArray *areas = json_object_get_array_member (
      json_node_get_object (json_parser_get_root (parser)), "areas");
  gboolean found = FALSE;
  for (guint i = 0; i < json_array_get_length (areas); i++)
    {
      JsonObject *area = json_array_get_object_element (areas, i);
      if (json_object_has_member (area, "new_title") && !json_object_get_null_member (area, "new_title"))
        found = found || g_str_equal (json_object_get_string_member (area, "new_title"),
                                      INVISIBLE_TITLE);
    }
  g_assert_true (found);
  pd_test_remove_tree (dir);
}

/* Is @name a locale this system has? */
static gboolean
have_locale (const char *name)
{
  locale_t l = newlocale (LC_ALL_MASK, name, (locale_t) 0);

  if (l == (locale_t) 0)
    return FALSE;
  freelocale (l);
  return TRUE;
}

/* Every format, byte for byte the same whatever the locale: progdiff
 * writes UTF-8 itself and never converts to the locale's charset. */
static void
test_cli_encoding_locales (void)
{
  static const char *const wanted[] = { "C", "C.UTF-8", "POSIX", "en_US.UTF-8", "de_DE.UTF-8" };
  static const char *const formats[] = { "text", "markdown", "json", "html" };
  g_autofree char *dir = g_dir_make_tmp ("progdiff-encoding-XXXXXX", NULL);
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *hostile = write_temp (dir, "hostile.programme", PROGRAMME_HEADER
                                         "[Area x]\nTitle=" INVISIBLE_TITLE " \xE5\xAE\x87\n"
                                         "Title[ja]=\xE5\xAE\x87\xE5\xAE\x99\n", -1);
  g_autofree char *bad = write_temp (dir, "bad-\xC3\xA9t\xC3\xA9.programme", PROGRAMME_HEADER
                                     "[Area x]\nTitle=\xE5\xAE\x87 \xFF\n", -1);
  g_autoptr(GPtrArray) locales = g_ptr_array_new ();

  /* Under valgrind, where each run is slow, C and C.UTF-8 only. */
  guint n_wanted = pd_test_under_valgrind () ? 2 : G_N_ELEMENTS (wanted);
  for (guint i = 0; i < n_wanted; i++)
    if (have_locale (wanted[i]))
      g_ptr_array_add (locales, (gpointer) wanted[i]);
    else
      g_test_message ("locale %s is not installed here: not tried", wanted[i]);
  g_assert_cmpuint (locales->len, >=, 2);

  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  for (guint l = 0; l < locales->len; l++)
    {
      g_auto(GStrv) env = g_get_environ ();
      for (char **e = env; *e != NULL;)
        if (g_str_has_prefix (*e, "LC_") || g_str_has_prefix (*e, "LANGUAGE="))
          {
            g_autofree char *name = g_strndup (*e, strcspn (*e, "="));
            env = g_environ_unsetenv (env, name);
            e = env;
          }
        else
          e++;
      env = g_environ_setenv (env, "LANG", locales->pdata[l], TRUE);
      RunSetup setup = { env, NULL, 0, 0, FALSE };
      guint k = 0;

      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        for (guint pair = 0; pair < 2; pair++)
          {
            g_auto(PdTestRun) run = { 0 };
            g_autofree char *format = g_strdup_printf ("--format=%s", formats[f]);
            run_progdiff_setup (&run, &setup, format, "--lang=ja", a, pair == 0 ? b : hostile,
                                NULL);
            g_assert_cmpint (run.status, ==, 1);
            g_autofree char *both = g_strconcat (run.out, "\n--stderr--\n", run.err, NULL);
            if (l == 0)
              g_ptr_array_add (first, g_steal_pointer (&both));
            else if (!g_str_equal (both, first->pdata[k]))
              g_error ("%s, pair %u: LANG=%s differs from LANG=%s", format, pair,
                       (const char *) locales->pdata[l], (const char *) locales->pdata[0]);
            k++;
          }
      g_auto(PdTestRun) error_run = { 0 };
      run_progdiff_setup (&error_run, &setup, a, bad, NULL);
      g_assert_cmpint (error_run.status, ==, 2);
      g_assert_true (g_utf8_validate (error_run.err, -1, NULL));
      g_assert_nonnull (strstr (error_run.err, "bad-\xC3\xA9t\xC3\xA9.programme:6:"));
      if (l == 0)
        g_ptr_array_add (first, g_strdup (error_run.err));
      else
        g_assert_cmpstr (error_run.err, ==, first->pdata[k]);
    }
  pd_test_remove_tree (dir);
}

/* File names with a newline, an escape sequence and a byte that is not
 * UTF-8: shown as visible escapes in headers and messages. */
static void
test_cli_odd_file_names (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-names-XXXXXX", NULL);
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *old_text = NULL, *new_text = NULL;
  g_auto(PdTestRun) diff = { 0 }, bad = { 0 }, json = { 0 };

  g_assert_true (g_file_get_contents (a, &old_text, NULL, NULL));
  g_assert_true (g_file_get_contents (b, &new_text, NULL, NULL));
  g_autofree char *old_path = write_temp (dir, "new\nline \033[2J.programme", old_text, -1);
  g_autofree char *new_path = write_temp (dir, "bad\xFF\x07.programme", new_text, -1);
  g_autofree char *broken = write_temp (dir, "x\033]8;;evil\007.programme",
                                        "[Programme]\nnot a key\n", -1);

  run_progdiff (&diff, old_path, new_path, NULL);
  g_assert_cmpint (diff.status, ==, 1);
  g_autofree char *old_shown = g_strdup_printf ("--- %s/new\\nline \\e[2J.programme\n", dir);
  g_autofree char *new_shown = g_strdup_printf ("+++ %s/bad\\xFF\\x07.programme\n", dir);
  g_assert_true (g_str_has_prefix (diff.out, old_shown));
  g_assert_nonnull (strstr (diff.out, new_shown));
  g_assert_true (g_utf8_validate (diff.out, -1, NULL));
  g_assert_null (strchr (diff.out, '\033'));
  g_assert_null (strchr (diff.out, '\007'));

  run_progdiff (&bad, old_path, broken, NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_autofree char *prefix = g_strdup_printf ("%s/x\\e]8;;evil\\x07.programme:2:1: error: ",
                                             dir);
  g_assert_true (g_str_has_prefix (bad.err, prefix));
  g_assert_null (strchr (bad.err, '\033'));

  /* JSON carries the name as valid UTF-8, the bad byte replaced. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  run_progdiff (&json, "--format=json", old_path, new_path, NULL);
  g_assert_cmpint (json.status, ==, 1);
  g_assert_true (g_utf8_validate (json.out, -1, NULL));
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, NULL));
  pd_test_remove_tree (dir);
}

/* ---- output ---- */

/* A reader that goes away: with SIGPIPE ignored, a write error reported
 * once, exit 2; with SIGPIPE as usual, progdiff dies of it quietly, as
 * every tool in a pipeline does (`progdiff … | head`). */
static void
test_cli_output_closed_pipe (void)
{
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");

  for (guint ignore = 0; ignore <= 1; ignore++)
    {
      RunSetup setup = { NULL, NULL, 0, 0, ignore };
      const char *argv[] = { g_getenv ("PROGDIFF"), a, b, NULL };
      g_autoptr(GError) error = NULL;
      GPid pid = 0;
      int out_fd = -1, err_fd = -1, wait_status = 0;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                               G_SPAWN_DO_NOT_REAP_CHILD, child_setup, &setup,
                                               &pid, NULL, &out_fd, &err_fd, &error));
      g_assert_no_error (error);
      close (out_fd);  /* before progdiff has read its inputs */
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (err_fd);
      g_autofree char *err = NULL;
      g_io_channel_set_close_on_unref (channel, TRUE);
      g_io_channel_set_encoding (channel, NULL, NULL);
      g_assert_cmpint (g_io_channel_read_to_end (channel, &err, NULL, NULL), ==,
                       G_IO_STATUS_NORMAL);
      g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_test_message ("SIGPIPE %s: wait status %d, stderr: %s", ignore ? "ignored" : "default",
                      wait_status, err);
      if (ignore)
        {
          g_assert_true (WIFEXITED (wait_status));
          g_assert_cmpint (WEXITSTATUS (wait_status), ==, 2);
          g_assert_cmpstr (err, ==, "progdiff: error: write error on standard output: "
                                    "Broken pipe\n");
        }
      else
        {
          g_assert_true (WIFSIGNALED (wait_status));
          g_assert_cmpint (WTERMSIG (wait_status), ==, SIGPIPE);
          g_assert_cmpstr (err, ==, "");
        }
    }
}

/* -o replaces the file whole, or leaves it as it was: a failed run
 * (invalid input, a full disk) keeps the previous report and leaves no
 * temporary file behind. */
static void
test_cli_output_atomic (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *a = nj ("ipcp-2020.programme");
  g_autofree char *b = nj ("itpp-2023.programme");
  g_autofree char *bad = pd_test_fixture_path ("bad", "duplicate-key.programme", NULL);
  g_autofree char *report = write_temp (dir, "report.txt", "previous report\n", -1);
  g_autofree char *contents = NULL;
  g_auto(PdTestRun) failed = { 0 }, ok = { 0 }, full = { 0 };

  run_progdiff (&failed, "-o", report, a, bad, NULL);
  g_assert_cmpint (failed.status, ==, 2);
  g_assert_cmpstr (failed.out, ==, "");
  g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "previous report\n");
  g_clear_pointer (&contents, g_free);

  run_progdiff (&ok, "-o", report, a, b, NULL);
  g_assert_cmpint (ok.status, ==, 1);
  g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "--- "));
  g_assert_nonnull (summary_line (contents));

  if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      run_progdiff (&full, "-o", "/dev/full", a, b, NULL);
      g_assert_cmpint (full.status, ==, 2);
      g_assert_cmpstr (full.err, ==, "progdiff: error: write error on /dev/full: "
                                     "No space left on device\n");
    }

  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_test_message ("left: %s", name);
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
  pd_test_remove_tree (dir);
}

/* Every way of asking for help or the version fails on a write error. */
static void
test_cli_output_help_write_error (void)
{
  static const char *const requests[][3] = {
    { "--help", NULL }, { "-h", NULL }, { "--version", NULL }, { "help", "log" },
    { "check", "--help" }, { "log", "--help" }, { "blame", "--help" },
    { "timeline", "--help" }, { "git-setup", "--help" }, { "git-driver", "--help" },
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      run_progdiff_to (&run, "/dev/full", requests[i][0], requests[i][1], NULL);
      g_test_message ("%s %s: %d %s", requests[i][0], requests[i][1] ? requests[i][1] : "",
                      run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.err, ==, "progdiff: error: write error on standard output: "
                                    "No space left on device\n");
    }
}

/* Whether @dir holds a file whose name starts with @prefix. */
static gboolean
dir_has_prefix (const char *dir, const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;
  return FALSE;
}

/* A report being written to -o when the process is killed: the signal
 * removes the temporary file before it ends the process. */
static void
test_cli_output_killed (void)
{
  g_test_summary ("SIGTERM while a large report is written to -o: progdiff dies of the "
                  "signal and leaves no temporary file, and no report unless it was "
                  "complete (renamed just before the signal came).");

  guint n = pd_test_under_valgrind () ? 1500 : 20000;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autoptr(GString) old_text = g_string_new (PROGRAMME_HEADER);
  g_autoptr(GString) new_text = g_string_new (PROGRAMME_HEADER);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) words = random_words ("w", 400, 5000, i + 1);
      g_string_append_printf (old_text, "[Area a%u]\nTitle=Area %u\nSummary=%s one\n", i, i,
                              words->str);
      g_string_append_printf (new_text, "[Area a%u]\nTitle=Area %u\nSummary=%s two\n", i, i,
                              words->str);
    }
  g_autofree char *old_path = write_temp (dir, "old.programme", old_text->str, -1);
  g_autofree char *new_path = write_temp (dir, "new.programme", new_text->str, -1);
  g_autofree char *report = g_build_filename (dir, "report.txt", NULL);
  const char *argv[] = { g_getenv ("PROGDIFF"), "-o", report, old_path, new_path, NULL };
  gboolean caught = FALSE;

  /* The temporary file exists while the report is written (tens of
   * milliseconds here): watch for it and kill then. If the run ends
   * before it is seen, try again. */
  for (guint attempt = 0; attempt < 5 && !caught; attempt++)
    {
      g_autoptr(GError) error = NULL;
      GPid pid = 0;
      int wait_status = 0;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                      | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      for (;;)
        {
          if (dir_has_prefix (dir, ".progdiff-"))
            {
              g_assert_cmpint (kill (pid, SIGTERM), ==, 0);
              caught = TRUE;
              break;
            }
          if (waitpid (pid, &wait_status, WNOHANG) == pid)
            break;
          g_usleep (100);
        }
      if (caught)
        {
          g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
          g_assert_true (WIFSIGNALED (wait_status));
          g_assert_cmpint (WTERMSIG (wait_status), ==, SIGTERM);
          g_assert_false (dir_has_prefix (dir, ".progdiff-"));
          g_autofree char *contents = NULL;
          if (g_file_get_contents (report, &contents, NULL, NULL))
            {
              g_test_message ("the report was complete before the signal came");
              g_assert_nonnull (strstr (contents, "areas: 0 added"));
              g_assert_nonnull (summary_line (contents));
            }
        }
      g_spawn_close_pid (pid);
      g_unlink (report);
    }
  g_assert_true (caught);
  pd_test_remove_tree (dir);
}

/* Comparing two files does not load libgit2 and the libraries it needs
 * (most of the start-up time and 3 MB of memory); reading a repository
 * does. The dynamic loader's own log (LD_DEBUG) says which were loaded. */
static void
test_cli_libgit2_on_demand (void)
{
  g_autofree char *old_path = nj ("ipcp-2020.programme");
  g_autofree char *new_path = nj ("itpp-2023.programme");
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LD_DEBUG", "files", TRUE);
  RunSetup setup = { env, NULL, 0, 0, FALSE };
  g_auto(PdTestRun) diff = { 0 };
  g_auto(PdTestRun) log = { 0 };

  run_progdiff_setup (&diff, &setup, "diff", old_path, new_path, NULL);
  g_assert_cmpint (diff.status, ==, 1);
  g_assert_nonnull (strstr (diff.err, "file=libglib-2.0.so"));
  g_assert_null (strstr (diff.err, "file=libgit2.so"));

  run_progdiff_setup (&log, &setup, "log", "-C", dir, "--", "a.programme", NULL);
  g_assert_cmpint (log.status, ==, 2);
  g_assert_nonnull (strstr (log.err, "file=libgit2.so"));
  pd_test_remove_tree (dir);
}

/* Without a loadable libgit2 (here an empty file in its place, first on
 * the library path), a command that reads a repository fails cleanly,
 * and comparing two files still works. */
static void
test_cli_libgit2_missing (void)
{
  g_autofree char *old_path = nj ("ipcp-2020.programme");
  g_autofree char *new_path = nj ("itpp-2023.programme");
  g_autofree char *dir = g_dir_make_tmp ("progdiff-cli-XXXXXX", NULL);
  g_autofree char *fake = g_build_filename (dir, "libgit2.so." LIBGIT2_SOVERSION, NULL);
  const char *path = g_getenv ("LD_LIBRARY_PATH");
  g_autofree char *search = path != NULL && *path != '\0' ? g_strconcat (dir, ":", path, NULL)
                                                          : g_strdup (dir);
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "LD_LIBRARY_PATH", search, TRUE);
  RunSetup setup = { env, NULL, 0, 0, FALSE };
  g_auto(PdTestRun) log = { 0 }, diff = { 0 };

  g_assert_true (g_file_set_contents (fake, "", 0, NULL));
  run_progdiff_setup (&log, &setup, "log", "-C", dir, "--", "a.programme", NULL);
  g_assert_cmpint (log.status, ==, 2);
  g_assert_cmpstr (log.out, ==, "");
  g_assert_true (g_str_has_prefix (log.err, "progdiff: error: cannot load libgit2 (libgit2.so."
                                            LIBGIT2_SOVERSION "): "));
  g_assert_nonnull (strstr (log.err, fake));
  run_progdiff_setup (&diff, &setup, "diff", old_path, new_path, NULL);
  g_assert_cmpint (diff.status, ==, 1);
  g_assert_cmpstr (diff.err, ==, "");
  pd_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/exit/same", test_cli_exit_same);
  g_test_add_func ("/cli/exit/different", test_cli_exit_different);
  g_test_add_func ("/cli/exit/moved-only", test_cli_exit_moved_only);
  g_test_add_func ("/cli/exit/quiet", test_cli_quiet);
  g_test_add_func ("/cli/output/closed-standard-streams", test_cli_closed_standard_streams);
  g_test_add_func ("/cli/format/json", test_cli_json);
  g_test_add_func ("/cli/format/markdown", test_cli_markdown);
  g_test_add_func ("/cli/format/html", test_cli_html);
  g_test_add_func ("/cli/color", test_cli_color);
  g_test_add_func ("/cli/lang", test_cli_lang);
  g_test_add_func ("/cli/color-tty", test_cli_color_tty);
  g_test_add_func ("/cli/errors/usage", test_cli_usage_errors);
  g_test_add_func ("/cli/errors/missing-file", test_cli_missing_file);
  g_test_add_func ("/cli/errors/bad-fixtures", test_cli_bad_fixtures);
  g_test_add_func ("/cli/errors/both-in-order", test_cli_errors_both_in_order);
  g_test_add_func ("/cli/check", test_cli_check);
  g_test_add_func ("/cli/help-and-version", test_cli_help_and_version);
  g_test_add_func ("/cli/help/man-page", test_cli_man_page);
  g_test_add_func ("/cli/help/man-page-renders", test_cli_man_page_renders);
  g_test_add_func ("/cli/output/write-error", test_cli_write_error);
  g_test_add_func ("/cli/output/file", test_cli_output_file);
  g_test_add_func ("/cli/output/device", test_cli_output_device);
  g_test_add_func ("/cli/output/links", test_cli_output_links);
  g_test_add_func ("/cli/stdin", test_cli_stdin);
  g_test_add_func ("/cli/output/closed-pipe", test_cli_output_closed_pipe);
  g_test_add_func ("/cli/output/atomic", test_cli_output_atomic);
  g_test_add_func ("/cli/output/killed", test_cli_output_killed);
  g_test_add_func ("/cli/libgit2-on-demand", test_cli_libgit2_on_demand);
  g_test_add_func ("/cli/libgit2-missing", test_cli_libgit2_missing);
  g_test_add_func ("/cli/output/help-write-error", test_cli_output_help_write_error);
  g_test_add_func ("/cli/limits/long-line", test_cli_limits_long_line);
  g_test_add_func ("/cli/limits/many-areas", test_cli_limits_many_areas);
  g_test_add_func ("/cli/limits/mass-rename", test_cli_limits_mass_rename);
  g_test_add_func ("/cli/limits/unrelated-summaries", test_cli_limits_unrelated_summaries);
  g_test_add_func ("/cli/limits/too-large", test_cli_limits_too_large);
  g_test_add_func ("/cli/limits/dev-zero", test_cli_limits_dev_zero);
  g_test_add_func ("/cli/limits/fifo", test_cli_limits_fifo);
  g_test_add_func ("/cli/limits/address-space", test_cli_limits_address_space);
  g_test_add_func ("/cli/limits/out-of-memory", test_cli_limits_out_of_memory);
  g_test_add_func ("/cli/limits/log-spool", test_cli_log_spool);
  g_test_add_func ("/cli/encoding/utf16", test_cli_encoding_utf16);
  g_test_add_func ("/cli/encoding/overlong-and-surrogates", test_cli_encoding_overlong_and_surrogates);
  g_test_add_func ("/cli/encoding/nfc-nfd", test_cli_encoding_nfc_nfd);
  g_test_add_func ("/cli/encoding/invisible", test_cli_encoding_invisible);
  g_test_add_func ("/cli/encoding/locales", test_cli_encoding_locales);
  g_test_add_func ("/cli/names/odd-bytes", test_cli_odd_file_names);
  g_test_add_func ("/cli/dashdash", test_cli_dashdash);
  g_test_add_func ("/cli/history/log", test_cli_log);
  g_test_add_func ("/cli/history/log-area", test_cli_log_area);
  g_test_add_func ("/cli/history/log-area-renamed-earlier", test_cli_log_area_renamed_earlier);
  g_test_add_func ("/cli/history/log-area-removed-by-file-or-date",
                   test_cli_log_area_removed_by_file_or_date);
  g_test_add_func ("/cli/history/html", test_cli_history_html);
  g_test_add_func ("/cli/history/blame", test_cli_blame);
  g_test_add_func ("/cli/history/timeline", test_cli_timeline);
  g_test_add_func ("/cli/history/errors", test_cli_history_errors);
  g_test_add_func ("/cli/history/output", test_cli_history_output);
  g_test_add_func ("/cli/history/shallow", test_cli_history_shallow);
  g_test_add_func ("/cli/history/shallow-invalid", test_cli_history_shallow_invalid);
  g_test_add_func ("/cli/history/file-rename", test_cli_history_file_rename);
  g_test_add_func ("/cli/timeline/deleted", test_cli_timeline_deleted);
  g_test_add_func ("/cli/history/output-not-document", test_cli_history_output_not_document);
  g_test_add_func ("/cli/options/git-habits", test_cli_options_git_habits);
  g_test_add_func ("/cli/options/lang", test_cli_options_lang);
  g_test_add_func ("/cli/timeline/repository", test_cli_timeline_repository);

  int status = g_test_run ();
  if (sample_dir != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (sample_dir);
      pd_test_remove_tree (parent);
      g_free (sample_dir);
    }
  return status;
}
