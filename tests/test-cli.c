/* test-cli.c: the progdiff command as a user runs it.
 *
 * Spawns $PROGDIFF (set by the test environment) and checks exit
 * statuses, standard output and standard error.
 */
#include "config.h"

#include <string.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-test-html.h"
#include "pd-test-util.h"

/* Runs progdiff with the NULL-terminated arguments, from @cwd (or the
 * current directory), with standard output to @stdout_path if given. */
static void
run_progdiff_full (PdTestRun *run, const char *stdout_path, const char *first_arg, va_list args)
{
  const char *progdiff = g_getenv ("PROGDIFF");
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (progdiff);
  if (stdout_path != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("/bin/sh"));
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup ("out=$1; shift; exec \"$@\" >\"$out\""));
      g_ptr_array_add (argv, g_strdup ("sh"));
      g_ptr_array_add (argv, g_strdup (stdout_path));
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
  run_progdiff_full (run, NULL, first_arg, args);
  va_end (args);
}

static void G_GNUC_NULL_TERMINATED
run_progdiff_to (PdTestRun *run, const char *stdout_path, const char *first_arg, ...)
{
  va_list args;

  va_start (args, first_arg);
  run_progdiff_full (run, stdout_path, first_arg, args);
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

  g_auto(PdTestRun) one = { 0 }, none = { 0 }, three = { 0 };
  run_progdiff (&one, "diff", a, NULL);
  run_progdiff (&none, NULL, NULL);
  run_progdiff (&three, "diff", a, a, a, NULL);
  g_assert_cmpint (one.status, ==, 2);
  g_assert_nonnull (strstr (one.err, "missing operand"));
  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpint (three.status, ==, 2);
  g_assert_nonnull (strstr (three.err, "extra operand"));
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

  g_unlink (report);
  g_unlink (input_copy);
  g_rmdir (dir);
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

/* A shallow clone: the walk stops at the boundary without an error. */
static void
test_cli_history_shallow (void)
{
  g_autofree char *url = g_strdup_printf ("file://%s", sample ());
  g_autofree char *parent = g_dir_make_tmp ("progdiff-shallow-XXXXXX", NULL);
  g_autofree char *clone = g_build_filename (parent, "clone", NULL);
  const char *argv[] = { "git", "clone", "-q", "--depth", "2", url, clone, NULL };
  int status = 0;
  g_auto(PdTestRun) log = { 0 }, blame = { 0 };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  run_progdiff (&log, "log", "-C", clone, "nato-japan.programme", NULL);
  g_assert_cmpint (log.status, ==, 0);
  g_auto(GStrv) lines = g_strsplit (log.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[1], "new document, +9"));
  run_progdiff (&blame, "blame", "-C", clone, "nato-japan.programme", NULL);
  g_assert_cmpint (blame.status, ==, 0);
  pd_test_remove_tree (parent);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/exit/same", test_cli_exit_same);
  g_test_add_func ("/cli/exit/different", test_cli_exit_different);
  g_test_add_func ("/cli/exit/quiet", test_cli_quiet);
  g_test_add_func ("/cli/format/json", test_cli_json);
  g_test_add_func ("/cli/format/markdown", test_cli_markdown);
  g_test_add_func ("/cli/format/html", test_cli_html);
  g_test_add_func ("/cli/color", test_cli_color);
  g_test_add_func ("/cli/lang", test_cli_lang);
  g_test_add_func ("/cli/color-tty", test_cli_color_tty);
  g_test_add_func ("/cli/errors/usage", test_cli_usage_errors);
  g_test_add_func ("/cli/errors/missing-file", test_cli_missing_file);
  g_test_add_func ("/cli/errors/bad-fixtures", test_cli_bad_fixtures);
  g_test_add_func ("/cli/check", test_cli_check);
  g_test_add_func ("/cli/help-and-version", test_cli_help_and_version);
  g_test_add_func ("/cli/help/man-page", test_cli_man_page);
  g_test_add_func ("/cli/help/man-page-renders", test_cli_man_page_renders);
  g_test_add_func ("/cli/output/write-error", test_cli_write_error);
  g_test_add_func ("/cli/output/file", test_cli_output_file);
  g_test_add_func ("/cli/output/device", test_cli_output_device);
  g_test_add_func ("/cli/dashdash", test_cli_dashdash);
  g_test_add_func ("/cli/history/log", test_cli_log);
  g_test_add_func ("/cli/history/log-area", test_cli_log_area);
  g_test_add_func ("/cli/history/html", test_cli_history_html);
  g_test_add_func ("/cli/history/blame", test_cli_blame);
  g_test_add_func ("/cli/history/timeline", test_cli_timeline);
  g_test_add_func ("/cli/history/errors", test_cli_history_errors);
  g_test_add_func ("/cli/history/shallow", test_cli_history_shallow);

  int status = g_test_run ();
  if (sample_dir != NULL)
    {
      g_autofree char *parent = g_path_get_dirname (sample_dir);
      pd_test_remove_tree (parent);
      g_free (sample_dir);
    }
  return status;
}
