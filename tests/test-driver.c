/* test-driver.c: `progdiff git-driver` and `progdiff git-setup` with real git.
 *
 * Each test gets a fresh sandbox: a temporary HOME (no user or system
 * configuration: GIT_CONFIG_NOSYSTEM), fixed author and committer, PATH
 * starting with the directory of $PROGDIFF so that the configured
 * command "progdiff git-driver" finds the progdiff under test, and a
 * repository set up with `progdiff git-setup` holding the NATO–Japan
 * programme as plan.programme in four commits:
 *
 *   ipcp-2014 --- ipcp-2018 --- ipcp-2020 --- itpp-2023   (main, HEAD)
 *   (8 areas)     (8 areas)     (9 areas)     (16 areas)
 *
 * git 2.39 dies when the driver exits non-zero (shared notes P1), so
 * every git command below must exit 0, whatever the driver was given.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "pd-test-util.h"

typedef struct
{
  char *dir;  /* everything lives under it */
  char *home;
  char *repo;
  char **env;
} Sandbox;

static const char *const versions[] = {
  "ipcp-2014", "ipcp-2018", "ipcp-2020", "itpp-2023",
};

static void
spawn (PdTestRun *run, const char *cwd, char **env, GPtrArray *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (cwd, (char **) argv->pdata, env, G_SPAWN_SEARCH_PATH_FROM_ENVP,
                               NULL, NULL, &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Runs @program in @cwd (NULL: the repository) with @env (NULL: the sandbox's). */
static void
run_va (Sandbox *sb, PdTestRun *run, const char *cwd, char **env, const char *program,
        const char *first, va_list args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) program);
  if (g_str_equal (program, "git"))
    g_ptr_array_add (argv, (gpointer) "--no-pager");
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  spawn (run, cwd != NULL ? cwd : sb->repo, env != NULL ? env : sb->env, argv);
}

/* The sandbox's environment as git sets it for a driver it runs (P1);
 * free with g_strfreev(). */
static char **
env_as_git (Sandbox *sb)
{
  return g_environ_setenv (g_strdupv (sb->env), "GIT_DIFF_PATH_COUNTER", "1", TRUE);
}

/* Runs git in the repository. */
static void G_GNUC_NULL_TERMINATED
git (Sandbox *sb, PdTestRun *run, const char *first, ...)
{
  va_list args;

  va_start (args, first);
  run_va (sb, run, NULL, NULL, "git", first, args);
  va_end (args);
}

/* Runs git in the repository and requires success. */
static void G_GNUC_NULL_TERMINATED
git_ok (Sandbox *sb, const char *first, ...)
{
  g_auto(PdTestRun) run = { 0 };
  va_list args;

  va_start (args, first);
  run_va (sb, &run, NULL, NULL, "git", first, args);
  va_end (args);
  if (run.status != 0)
    g_test_message ("git %s: %s", first, run.err);
  g_assert_cmpint (run.status, ==, 0);
}

/* Runs progdiff (the one under test, through PATH) from @cwd. */
static void G_GNUC_NULL_TERMINATED
progdiff_in (Sandbox *sb, PdTestRun *run, const char *cwd, const char *first, ...)
{
  va_list args;

  va_start (args, first);
  run_va (sb, run, cwd, NULL, g_getenv ("PROGDIFF"), first, args);
  va_end (args);
}

/* Runs progdiff in the sandbox as git runs its driver. */
static void G_GNUC_NULL_TERMINATED
progdiff_as_git (Sandbox *sb, PdTestRun *run, const char *first, ...)
{
  g_auto(GStrv) env = env_as_git (sb);
  va_list args;

  va_start (args, first);
  run_va (sb, run, sb->dir, env, g_getenv ("PROGDIFF"), first, args);
  va_end (args);
}

static void
write_file (Sandbox *sb, const char *name, const char *contents, gssize length)
{
  g_autofree char *path = g_build_filename (sb->repo, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
}

static char *
fixture_text (const char *version)
{
  g_autofree char *name = g_strconcat (version, ".programme", NULL);
  g_autofree char *path = pd_test_fixture_path ("nato-japan", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
write_version (Sandbox *sb, const char *name, const char *version)
{
  g_autofree char *text = fixture_text (version);
  write_file (sb, name, text, -1);
}

static void
sandbox_setup (Sandbox *sb, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const char *progdiff = g_getenv ("PROGDIFF");

  g_assert_nonnull (progdiff);
  sb->dir = g_dir_make_tmp ("progdiff-driver-XXXXXX", &error);
  g_assert_no_error (error);
  sb->home = g_build_filename (sb->dir, "home", NULL);
  sb->repo = g_build_filename (sb->dir, "repo", NULL);
  g_assert_cmpint (g_mkdir (sb->home, 0700), ==, 0);

  /* git runs "progdiff git-driver" from PATH: a shim named progdiff runs
   * $PROGDIFF, whatever it is (a libtool wrapper, or valgrind's). */
  g_autofree char *bindir = g_build_filename (sb->dir, "bin", NULL);
  g_autofree char *shim = g_build_filename (bindir, "progdiff", NULL);
  g_autofree char *quoted = g_shell_quote (progdiff);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nexec %s \"$@\"\n", quoted);
  g_assert_cmpint (g_mkdir (bindir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (shim, script, -1, NULL));
  g_assert_cmpint (g_chmod (shim, 0755), ==, 0);
  g_autofree char *path = g_strconcat (bindir, ":", g_getenv ("PATH"), NULL);
  g_autofree char *xdg = g_build_filename (sb->home, ".config", NULL);
  static const char *const unset[] = {
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_EXTERNAL_DIFF", "GIT_CONFIG_GLOBAL",
    "GIT_CONFIG_SYSTEM", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_PAGER", "PAGER",
    "GIT_DIFF_PATH_COUNTER", "GIT_DIFF_PATH_TOTAL", "GIT_PREFIX", "NO_COLOR", "GIT_DIFF_OPTS",
  };
  char **env = g_get_environ ();
  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    env = g_environ_unsetenv (env, unset[i]);
  env = g_environ_setenv (env, "HOME", sb->home, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", xdg, TRUE);
  env = g_environ_setenv (env, "GIT_CONFIG_NOSYSTEM", "1", TRUE);
  env = g_environ_setenv (env, "GIT_CEILING_DIRECTORIES", sb->dir, TRUE);
  env = g_environ_setenv (env, "GIT_AUTHOR_NAME", "A U Thor", TRUE);
  env = g_environ_setenv (env, "GIT_AUTHOR_EMAIL", "author@example.com", TRUE);
  env = g_environ_setenv (env, "GIT_AUTHOR_DATE", "@1767225600 +0000", TRUE);
  env = g_environ_setenv (env, "GIT_COMMITTER_NAME", "C O Mitter", TRUE);
  env = g_environ_setenv (env, "GIT_COMMITTER_EMAIL", "committer@example.com", TRUE);
  env = g_environ_setenv (env, "GIT_COMMITTER_DATE", "@1767225600 +0000", TRUE);
  env = g_environ_setenv (env, "PATH", path, TRUE);
  sb->env = env;

  g_auto(PdTestRun) init = { 0 };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "git");
  g_ptr_array_add (argv, (gpointer) "init");
  g_ptr_array_add (argv, (gpointer) "-q");
  g_ptr_array_add (argv, (gpointer) "-b");
  g_ptr_array_add (argv, (gpointer) "main");
  g_ptr_array_add (argv, (gpointer) sb->repo);
  spawn (&init, sb->dir, sb->env, argv);
  g_assert_cmpint (init.status, ==, 0);

  g_auto(PdTestRun) setup = { 0 };
  progdiff_in (sb, &setup, sb->repo, "git-setup", NULL);
  g_assert_cmpint (setup.status, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      write_version (sb, "plan.programme", versions[i]);
      git_ok (sb, "add", "-A", NULL);
      git_ok (sb, "commit", "-q", "-m", versions[i], NULL);
    }
}

static void
sandbox_teardown (Sandbox *sb, gconstpointer data)
{
  const char *rm[] = { "rm", "-rf", "--", sb->dir, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
                               NULL, NULL, NULL));
  g_free (sb->dir);
  g_free (sb->home);
  g_free (sb->repo);
  g_strfreev (sb->env);
}

static guint
count (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The driver's output never carries a raw control byte but newline and tab. */
static void
assert_no_controls (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      g_assert_false ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F);
    }
}

static void
test_driver_setup_config (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) command = { 0 }, again = { 0 };
  g_autofree char *attributes_path = g_build_filename (sb->repo, ".gitattributes", NULL);
  g_autofree char *attributes = NULL;

  git (sb, &command, "config", "--local", "--get", "diff.progdiff.command", NULL);
  g_assert_cmpint (command.status, ==, 0);
  g_assert_cmpstr (command.out, ==, "progdiff git-driver\n");
  g_assert_true (g_file_get_contents (attributes_path, &attributes, NULL, NULL));
  g_assert_cmpstr (attributes, ==, "*.programme diff=progdiff\n");

  /* A second run, from a subdirectory, changes nothing and says so. */
  g_autofree char *sub = g_build_filename (sb->repo, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  progdiff_in (sb, &again, sub, "git-setup", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "already"));
  g_assert_cmpstr (again.err, ==, "");
  g_autofree char *after = NULL;
  g_assert_true (g_file_get_contents (attributes_path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, attributes);
  g_autofree char *sub_attributes = g_build_filename (sub, ".gitattributes", NULL);
  g_assert_false (g_file_test (sub_attributes, G_FILE_TEST_EXISTS));

  /* Only the driver was configured: no other key appeared. */
  g_auto(PdTestRun) keys = { 0 };
  git (sb, &keys, "config", "--local", "--get-regexp", "^diff\\.", NULL);
  g_assert_cmpstr (keys.out, ==, "diff.progdiff.command progdiff git-driver\n");
}

/* Without progdiff on PATH git cannot run the driver it was told to:
 * git-setup still sets it up, and warns. */
static void
test_driver_setup_not_on_path (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) setup = { 0 };
  char **env = sb->env;

  sb->env = g_environ_setenv (g_strdupv (env), "PATH", "/usr/bin:/bin", TRUE);
  progdiff_in (sb, &setup, sb->repo, "git-setup", NULL);
  g_strfreev (sb->env);
  sb->env = env;
  g_assert_cmpint (setup.status, ==, 0);
  g_assert_nonnull (strstr (setup.out, "already"));
  g_assert_true (g_str_has_prefix (setup.err, "progdiff: warning: no 'progdiff' on PATH"));
}

/* An existing .gitattributes without a final newline gets one first. */
static void
test_driver_setup_existing (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) setup = { 0 };
  g_autofree char *attributes = NULL;
  g_autofree char *path = g_build_filename (sb->repo, ".gitattributes", NULL);

  write_file (sb, ".gitattributes", "*.txt text", -1);
  git_ok (sb, "config", "diff.progdiff.command", "something else", NULL);
  progdiff_in (sb, &setup, sb->repo, "git-setup", NULL);
  g_assert_cmpint (setup.status, ==, 0);
  g_assert_nonnull (strstr (setup.out, "(was: something else)"));
  g_assert_true (g_file_get_contents (path, &attributes, NULL, NULL));
  g_assert_cmpstr (attributes, ==, "*.txt text\n*.programme diff=progdiff\n");
}

static void
test_driver_setup_refuses_symlink (Sandbox *sb, gconstpointer data)
{
  g_autofree char *target = g_build_filename (sb->dir, "outside", NULL);
  g_autofree char *link = g_build_filename (sb->repo, ".gitattributes", NULL);
  g_auto(PdTestRun) setup = { 0 };

  g_assert_true (g_file_set_contents (target, "", 0, NULL));
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink (target, link), ==, 0);
  progdiff_in (sb, &setup, sb->repo, "git-setup", NULL);
  g_assert_cmpint (setup.status, ==, 2);
  g_assert_nonnull (strstr (setup.err, "symbolic link"));
  g_autofree char *outside = NULL;
  g_assert_true (g_file_get_contents (target, &outside, NULL, NULL));
  g_assert_cmpstr (outside, ==, "");
}

static void
test_driver_setup_not_a_repo (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) setup = { 0 };

  progdiff_in (sb, &setup, sb->home, "git-setup", NULL);
  g_assert_cmpint (setup.status, ==, 2);
  g_assert_cmpstr (setup.out, ==, "");
  g_assert_nonnull (strstr (setup.err, "not a git repository"));

  g_auto(PdTestRun) extra = { 0 };
  progdiff_in (sb, &extra, sb->repo, "git-setup", "extra", NULL);
  g_assert_cmpint (extra.status, ==, 2);
}

static void
test_driver_git_diff_commits (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };

  git (sb, &run, "diff", "HEAD~1", "HEAD", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "diff --progdiff plan.programme\n"
                                            "--- a/plan.programme\n"
                                            "    IPCP, version 2020 of 2020-06-26, 9 areas\n"
                                            "+++ b/plan.programme\n"
                                            "    ITPP, version 2023 of 2023-07-12, 16 areas\n"));
  g_assert_nonnull (strstr (run.out, "9 \u2192 16 areas: 7 added, 0 removed, "));
  g_assert_null (strstr (run.out, "diff --git"));
  g_assert_null (strchr (run.out, 0x1B));
}

/* log and show use external drivers only with --ext-diff (P5). */
static void
test_driver_git_log (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) ext = { 0 }, plain = { 0 };

  git (sb, &ext, "log", "-p", "--ext-diff", "--format=commit %s", NULL);
  g_assert_cmpint (ext.status, ==, 0);
  g_assert_cmpstr (ext.err, ==, "");
  g_assert_cmpuint (count (ext.out, "diff --progdiff plan.programme\n"), ==, 4);
  g_assert_nonnull (strstr (ext.out, "new programme document b/plan.programme\n"));
  g_assert_nonnull (strstr (ext.out, "0 \u2192 8 areas: 8 added\n"));
  g_assert_nonnull (strstr (ext.out, "8 \u2192 8 areas: "));
  g_assert_nonnull (strstr (ext.out, "8 \u2192 9 areas: 1 added"));
  g_assert_nonnull (strstr (ext.out, "9 \u2192 16 areas: 7 added"));

  git (sb, &plain, "log", "-p", "-1", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_nonnull (strstr (plain.out, "diff --git a/plan.programme b/plan.programme"));
}

/* The work-tree side: 40 zeros as hex, a relative path (P2). */
static void
test_driver_git_worktree (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 }, same = { 0 };

  write_version (sb, "plan.programme", "ipcp-2014");
  git (sb, &run, "diff", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "+++ b/plan.programme\n"
                                     "    IPCP, version 2014 of 2014-05-06, 8 areas\n"));
  g_assert_nonnull (strstr (run.out, "16 \u2192 8 areas: "));

  /* Same content again: nothing for git to show. */
  write_version (sb, "plan.programme", "itpp-2023");
  git (sb, &same, "diff", NULL);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_cmpstr (same.out, ==, "");
}

/* An added file: the old side is "/dev/null . ." (P2). */
static void
test_driver_git_added (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };

  write_version (sb, "new.programme", "ipcp-2014");
  git_ok (sb, "add", "new.programme", NULL);
  git (sb, &run, "diff", "--cached", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "diff --progdiff new.programme\n"
                                            "new programme document b/new.programme\n"
                                            "    IPCP, version 2014 of 2014-05-06, 8 areas\n\n"
                                            "+ "));
  g_assert_cmpuint (count (run.out, "] added\n"), ==, 8);
  g_assert_true (g_str_has_suffix (run.out, "\n0 \u2192 8 areas: 8 added\n"));
}

static void
test_driver_git_deleted (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };

  git_ok (sb, "rm", "-q", "plan.programme", NULL);
  git (sb, &run, "diff", "--cached", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "diff --progdiff plan.programme\n"
                                            "deleted programme document a/plan.programme\n"));
  g_assert_nonnull (strstr (run.out, "- Space [space] removed\n"));
  g_assert_true (g_str_has_suffix (run.out, "\n16 \u2192 0 areas: 16 removed\n"));
}

/* A rename: 9 arguments, metadata in $9 that is never printed (P3). */
static void
test_driver_git_rename (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };
  g_autofree char *text = fixture_text ("itpp-2023");
  g_autoptr(GString) changed = g_string_new (text);

  g_string_replace (changed, "Date=2023-07-12", "Date=2023-07-13", 1);
  git_ok (sb, "mv", "plan.programme", "renamed.programme", NULL);
  write_file (sb, "renamed.programme", changed->str, changed->len);
  git_ok (sb, "add", "-A", NULL);
  git (sb, &run, "diff", "-M", "--cached", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out,
                                   "diff --progdiff plan.programme \u2192 renamed.programme\n"
                                   "renamed (similarity index 9"));
  g_assert_nonnull (strstr (run.out, "\n+++ b/renamed.programme\n"));
  g_assert_nonnull (strstr (run.out, "    Date: 2023-07-[-12-]{+13+}\n"));
  g_assert_null (strstr (run.out, "rename from"));
  g_assert_null (strstr (run.out, "rename to"));
  g_assert_null (strstr (run.out, "\nindex "));
}

/* Mode only: the same hex on both sides; content decides (P2). */
static void
test_driver_git_mode (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };
  g_autofree char *path = g_build_filename (sb->repo, "plan.programme", NULL);

  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  git (sb, &run, "diff", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "diff --progdiff plan.programme\n"
                                "mode 100644 \u2192 100755\n"
                                "content unchanged\n");
}

/* An invalid new version: a warning, then a plain diff; never nothing.
 * The hostile bytes in it come out visible. */
static void
test_driver_git_invalid (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };
  g_autofree char *text = fixture_text ("itpp-2023");
  g_autofree char *broken = g_strconcat (text, "broken \033]8;;http://x\007 line\n", NULL);

  write_file (sb, "plan.programme", broken, -1);
  git (sb, &run, "diff", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "diff --progdiff plan.programme\n"
                                            "progdiff: warning: plan.programme: the new version "
                                            "is not a valid programme (line "));
  g_assert_nonnull (strstr (run.out, "), showing a plain diff\n"
                                     "--- a/plan.programme\n+++ b/plan.programme\n@@ "));
  g_assert_nonnull (strstr (run.out, "\n+broken \\e]8;;http://x\\x07 line\n"));
  assert_no_controls (run.out);
}

/* A file that is not a programme, routed to the driver anyway. */
static void
test_driver_git_not_programme (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };

  write_file (sb, "notes.txt", "hello\n", -1);
  git_ok (sb, "add", "notes.txt", NULL);
  git_ok (sb, "commit", "-q", "-m", "notes", NULL);
  write_file (sb, "notes.txt", "hello\nworld\n", -1);
  sb->env = g_environ_setenv (sb->env, "GIT_EXTERNAL_DIFF", "progdiff git-driver", TRUE);
  git (sb, &run, "diff", NULL);
  sb->env = g_environ_unsetenv (sb->env, "GIT_EXTERNAL_DIFF");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "diff --progdiff notes.txt\n"
                                "progdiff: warning: notes.txt: not a *.programme file, "
                                "showing a plain diff\n"
                                "--- a/notes.txt\n+++ b/notes.txt\n@@ -1 +1,2 @@\n hello\n+world\n");
}

/* Names git hands over verbatim: one that looks like an option, one
 * with an escape sequence in it. */
static void
test_driver_git_odd_names (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 };
  static const char *const names[] = {
    "-dash.programme", "--exit-code.programme", "odd\033[31m.programme",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    write_version (sb, names[i], "ipcp-2014");
  git_ok (sb, "add", "-A", NULL);
  git_ok (sb, "commit", "-q", "-m", "odd names", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    write_version (sb, names[i], "ipcp-2018");
  git (sb, &run, "diff", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "diff --progdiff -dash.programme\n--- a/-dash.programme\n"));
  g_assert_nonnull (strstr (run.out, "diff --progdiff --exit-code.programme\n"));
  g_assert_nonnull (strstr (run.out, "diff --progdiff odd\\e[31m.programme\n"));
  g_assert_cmpuint (count (run.out, "8 \u2192 8 areas: "), ==, 3);
  assert_no_controls (run.out);
}

/* During a conflict: 1 argument for the unmerged path (P3), and the
 * work tree with conflict markers is not a valid programme. */
static void
test_driver_git_unmerged (Sandbox *sb, gconstpointer data)
{
  g_autofree char *text = fixture_text ("itpp-2023");
  g_autoptr(GString) side = g_string_new (text), ours = g_string_new (text);
  g_auto(PdTestRun) merge = { 0 }, cached = { 0 }, head = { 0 };

  g_string_replace (side, "Version=2023", "Version=2023-side", 1);
  g_string_replace (ours, "Version=2023", "Version=2023-main", 1);
  git_ok (sb, "checkout", "-q", "-b", "side", NULL);
  write_file (sb, "plan.programme", side->str, side->len);
  git_ok (sb, "commit", "-q", "-a", "-m", "side", NULL);
  git_ok (sb, "checkout", "-q", "main", NULL);
  write_file (sb, "plan.programme", ours->str, ours->len);
  git_ok (sb, "commit", "-q", "-a", "-m", "main", NULL);
  git (sb, &merge, "merge", "-q", "side", NULL);
  g_assert_cmpint (merge.status, !=, 0);

  git (sb, &cached, "diff", "--cached", NULL);
  g_assert_cmpint (cached.status, ==, 0);
  g_assert_cmpstr (cached.out, ==, "diff --progdiff plan.programme\n"
                                   "* Unmerged path plan.programme\n");
  git (sb, &head, "diff", "HEAD", NULL);
  g_assert_cmpint (head.status, ==, 0);
  g_assert_nonnull (strstr (head.out, "merge conflict marker"));
  g_assert_nonnull (strstr (head.out, ", showing a plain diff\n"));
  g_assert_nonnull (strstr (head.out, "\n+<<<<<<< HEAD\n"));
}

/* --- the driver called by hand: argument forms and edge cases --- */

#define ZEROS "0000000000000000000000000000000000000000"
#define HEX_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

typedef struct
{
  char *old_file;
  char *new_file;
} Pair;

static void
pair_init (Pair *p, const char *old_version, const char *new_version)
{
  g_autofree char *o = g_strconcat (old_version, ".programme", NULL);
  g_autofree char *n = g_strconcat (new_version, ".programme", NULL);
  p->old_file = pd_test_fixture_path ("nato-japan", o, NULL);
  p->new_file = pd_test_fixture_path ("nato-japan", n, NULL);
}

static void
pair_clear (Pair *p)
{
  g_free (p->old_file);
  g_free (p->new_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pair, pair_clear)

static void
test_driver_args_seven (Sandbox *sb, gconstpointer data)
{
  g_auto(Pair) p = { 0 };
  g_auto(PdTestRun) run = { 0 }, same = { 0 };

  pair_init (&p, "ipcp-2020", "itpp-2023");
  progdiff_in (sb, &run, NULL, "git-driver", "plan.programme", p.old_file, HEX_A, "100644",
               p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_prefix (run.out, "diff --progdiff plan.programme\n--- a/plan"));
  g_assert_nonnull (strstr (run.out, "7 added"));

  /* Different hexes, same bytes: unchanged (content decides). */
  progdiff_in (sb, &same, NULL, "git-driver", "plan.programme", p.old_file, HEX_A, "100644",
               p.old_file, ZEROS, "100644", NULL);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_cmpstr (same.out, ==, "diff --progdiff plan.programme\ncontent unchanged\n");
}

static void
test_driver_args_nine (Sandbox *sb, gconstpointer data)
{
  g_auto(Pair) p = { 0 };
  g_auto(PdTestRun) run = { 0 }, copy = { 0 };

  pair_init (&p, "ipcp-2018", "ipcp-2020");
  progdiff_in (sb, &run, NULL, "git-driver", "old.programme", p.old_file, HEX_A, "100644",
               p.new_file, HEX_A, "100755", "new\033[2J.programme",
               "similarity index 87%\nrename from old.programme\nrename to new\033[2J.programme\n"
               "index aaaaaaa..bbbbbbb 100644\n",
               NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out,
                                   "diff --progdiff old.programme \u2192 new\\e[2J.programme\n"
                                   "renamed (similarity index 87%)\n"
                                   "mode 100644 \u2192 100755\n"
                                   "--- a/old.programme\n"));
  g_assert_null (strstr (run.out, "rename to"));
  assert_no_controls (run.out);

  /* A copy; a similarity that is not a number is left out. */
  progdiff_in (sb, &copy, NULL, "git-driver", "a.programme", p.old_file, HEX_A, "100644",
               p.new_file, HEX_A, "100644", "b.programme",
               "similarity index \033[31m%\ncopy from a.programme\ncopy to b.programme\n", NULL);
  g_assert_cmpint (copy.status, ==, 0);
  g_assert_true (g_str_has_prefix (copy.out, "diff --progdiff a.programme \u2192 b.programme\n"
                                             "copied\n--- a/a.programme\n"));
}

static void
test_driver_args_one (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) run = { 0 }, dashed = { 0 };

  progdiff_in (sb, &run, NULL, "git-driver", "plan.programme", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "diff --progdiff plan.programme\n* Unmerged path plan.programme\n");

  /* After options, a lone path that looks like one is still the path. */
  progdiff_in (sb, &dashed, NULL, "git-driver", "--color=never", "--exit-code", NULL);
  g_assert_cmpint (dashed.status, ==, 0);
  g_assert_cmpstr (dashed.out, ==, "diff --progdiff --exit-code\n* Unmerged path --exit-code\n");
}

/* Wrong counts are usage errors: status 2 by hand, 0 under git (P1). */
static void
test_driver_args_wrong_count (Sandbox *sb, gconstpointer data)
{
  static const char *const args[][10] = {
    { NULL },
    { "a", "b", NULL },
    { "a", "b", "c", NULL },
    { "a", "b", "c", "d", "e", "f", NULL },
    { "a", "b", "c", "d", "e", "f", "g", "h", NULL },
    { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_ptr_array_add (argv, (gpointer) g_getenv ("PROGDIFF"));
      g_ptr_array_add (argv, (gpointer) "git-driver");
      for (guint k = 0; k < G_N_ELEMENTS (args[i]) && args[i][k] != NULL; k++)
        g_ptr_array_add (argv, (gpointer) args[i][k]);
      g_auto(PdTestRun) by_hand = { 0 }, by_git = { 0 };
      g_autoptr(GPtrArray) copy = g_ptr_array_copy (argv, NULL, NULL);
      spawn (&by_hand, sb->dir, sb->env, copy);
      g_test_message ("case %u: %s", i, by_hand.err);
      g_assert_cmpint (by_hand.status, ==, 2);
      g_assert_cmpstr (by_hand.out, ==, "");
      g_assert_true (g_str_has_prefix (by_hand.err, "progdiff: error: git-driver: "));
      g_assert_nonnull (strstr (by_hand.err, "Usage: progdiff git-driver"));

      char **env = env_as_git (sb);
      spawn (&by_git, sb->dir, env, argv);
      g_strfreev (env);
      g_assert_cmpint (by_git.status, ==, 0);
      g_assert_nonnull (strstr (by_git.err, "Usage: progdiff git-driver"));
    }
}

static void
test_driver_args_malformed (Sandbox *sb, gconstpointer data)
{
  g_auto(Pair) p = { 0 };
  static const char *const sides[][3] = {
    { "xyz", "100644" },           /* not hex */
    { HEX_A "0", "100644" },       /* 41 digits */
    { ".", "100644" },             /* half missing */
    { HEX_A, "." },
    { HEX_A, "100648" },           /* not octal */
    { HEX_A, "\033[31m" },
  };

  pair_init (&p, "ipcp-2018", "ipcp-2020");
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      progdiff_in (sb, &run, NULL, "git-driver", "plan.programme", p.old_file, sides[i][0],
                   sides[i][1], p.new_file, HEX_A, "100644", NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "malformed old side"));
      assert_no_controls (run.err);
    }

  /* A good id and mode are not blamed for an empty file name. */
  g_auto(PdTestRun) unnamed = { 0 };
  progdiff_in (sb, &unnamed, NULL, "git-driver", "plan.programme", "", HEX_A, "100644",
               p.new_file, HEX_A, "100644", NULL);
  g_assert_cmpint (unnamed.status, ==, 2);
  g_assert_nonnull (strstr (unnamed.err, "malformed old side from git: an empty file name\n"));

  g_auto(PdTestRun) both = { 0 };
  progdiff_in (sb, &both, NULL, "git-driver", "plan.programme", "/dev/null", ".", ".",
               "/dev/null", ".", ".", NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_nonnull (strstr (both.err, "both sides missing"));
}

static void
test_driver_args_options (Sandbox *sb, gconstpointer data)
{
  g_auto(Pair) p = { 0 };
  g_auto(PdTestRun) color = { 0 }, never = { 0 }, differ = { 0 }, same = { 0 }, bad = { 0 };
  g_auto(PdTestRun) unknown = { 0 }, dashdash = { 0 }, dashpath = { 0 };

  pair_init (&p, "ipcp-2020", "itpp-2023");
  progdiff_in (sb, &color, NULL, "git-driver", "--color=always", "plan.programme", p.old_file,
               HEX_A, "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (color.status, ==, 0);
  g_assert_nonnull (strchr (color.out, 0x1B));
  /* The default is never, and auto on a pipe is never. */
  progdiff_in (sb, &never, NULL, "git-driver", "--color=auto", "plan.programme", p.old_file,
               HEX_A, "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_null (strchr (never.out, 0x1B));

  progdiff_in (sb, &differ, NULL, "git-driver", "--exit-code", "plan.programme", p.old_file,
               HEX_A, "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (differ.status, ==, 1);
  progdiff_in (sb, &same, NULL, "git-driver", "--exit-code", "--", "plan.programme", p.old_file,
               HEX_A, "100644", p.old_file, ZEROS, "100755", NULL);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_nonnull (strstr (same.out, "mode 100644 \u2192 100755\n"));

  progdiff_in (sb, &bad, NULL, "git-driver", "--color=sometimes", "plan.programme", p.old_file,
               HEX_A, "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--color"));
  progdiff_in (sb, &unknown, NULL, "git-driver", "--frobnicate", "plan.programme", p.old_file,
               HEX_A, "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "unknown option '--frobnicate'"));

  /* "--" ends the options; a path named like an option is a path. */
  progdiff_in (sb, &dashdash, NULL, "git-driver", "--", "--exit-code", p.old_file, HEX_A,
               "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (dashdash.status, ==, 0);
  g_assert_true (g_str_has_prefix (dashdash.out, "diff --progdiff --exit-code\n"));
  progdiff_in (sb, &dashpath, NULL, "git-driver", "--exit-code", p.old_file, HEX_A, "100644",
               p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (dashpath.status, ==, 0);
  g_assert_true (g_str_has_prefix (dashpath.out, "diff --progdiff --exit-code\n"));
}

/* Binary content still gives output and status 0. A side that cannot be
 * read is said in the output, with status 2 by hand and 0 under git
 * (P1); it is read only up to the size cap whatever it is (/dev/zero). */
static void
test_driver_args_binary_and_unreadable (Sandbox *sb, gconstpointer data)
{
  g_auto(Pair) p = { 0 };
  g_auto(PdTestRun) binary = { 0 }, missing = { 0 };
  g_autofree char *bin = g_build_filename (sb->dir, "bin.programme", NULL);

  pair_init (&p, "ipcp-2020", "itpp-2023");
  g_assert_true (g_file_set_contents (bin, "[Programme]\n\0\n", 14, NULL));
  progdiff_in (sb, &binary, NULL, "git-driver", "plan.programme", p.old_file, HEX_A, "100644",
               bin, ZEROS, "100644", NULL);
  g_assert_cmpint (binary.status, ==, 0);
  g_assert_cmpstr (binary.out, ==,
                   "diff --progdiff plan.programme\n"
                   "progdiff: warning: plan.programme: the new version is not a valid programme "
                   "(binary), showing a plain diff\n"
                   "Binary files a/plan.programme and b/plan.programme differ\n");

  progdiff_in (sb, &missing, NULL, "git-driver", "plan.programme", p.old_file, HEX_A, "100644",
               "no-such-file", ZEROS, "100644", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_cmpstr (missing.out, ==, "diff --progdiff plan.programme\n"
                                    "progdiff: warning: plan.programme: no-such-file: "
                                    "No such file or directory\n");

  g_auto(PdTestRun) zeros = { 0 };
  progdiff_as_git (sb, &zeros, "git-driver", "plan.programme", "/dev/zero", HEX_A, "100644",
                   p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (zeros.status, ==, 0);
  g_assert_cmpstr (zeros.out, ==, "diff --progdiff plan.programme\n"
                                  "progdiff: warning: plan.programme: larger than 256 MiB, "
                                  "not compared\n");

  /* With --exit-code (git's trustExitCode), what cannot be compared
   * differs: 1, which git takes, not 0, which would say "the same". */
  g_auto(PdTestRun) trusted = { 0 };
  progdiff_as_git (sb, &trusted, "git-driver", "--exit-code", "plan.programme", "no-such-file",
                   HEX_A, "100644", p.new_file, ZEROS, "100644", NULL);
  g_assert_cmpint (trusted.status, ==, 1);
  g_assert_nonnull (strstr (trusted.out, "no-such-file: No such file or directory\n"));
}

/* The reader of git's output gone (`git diff | head`): under git, the
 * driver ends with status 0 and says nothing, as git 2.39 calls any
 * other end, a death by SIGPIPE included, "external diff died". */
static void
test_driver_args_closed_pipe (Sandbox *sb, gconstpointer data)
{
  g_auto(Pair) p = { 0 };
  g_autoptr(GError) error = NULL;
  int fds[2];
  GPid pid = 0;
  int err_fd = -1, wait_status = 0;

  pair_init (&p, "ipcp-2020", "itpp-2023");
  const char *argv[] = { g_getenv ("PROGDIFF"), "git-driver", "plan.programme", p.old_file,
                         HEX_A, "100644", p.new_file, ZEROS, "100644", NULL };
  char **env = env_as_git (sb);
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  close (fds[0]);
  g_assert_true (g_spawn_async_with_pipes_and_fds (sb->dir, argv, (const char *const *) env,
                                                   G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                                   -1, fds[1], -1, NULL, NULL, 0, &pid, NULL,
                                                   NULL, &err_fd, &error));
  g_assert_no_error (error);
  close (fds[1]);
  g_strfreev (env);

  g_autoptr(GString) err = g_string_new (NULL);
  char buf[4096];
  gssize n;
  while ((n = read (err_fd, buf, sizeof buf)) > 0)
    g_string_append_len (err, buf, n);
  close (err_fd);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);
  g_assert_cmpstr (err->str, ==, "");
}

static void
test_driver_help (Sandbox *sb, gconstpointer data)
{
  g_auto(PdTestRun) help = { 0 }, help_cmd = { 0 }, setup_help = { 0 }, top = { 0 };

  progdiff_in (sb, &help, NULL, "git-driver", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_true (g_str_has_prefix (help.out, "Usage: progdiff git-driver"));
  g_assert_nonnull (strstr (help.out, "--exit-code"));
  progdiff_in (sb, &help_cmd, NULL, "help", "git-driver", NULL);
  g_assert_cmpstr (help_cmd.out, ==, help.out);
  progdiff_in (sb, &setup_help, NULL, "git-setup", "--help", NULL);
  g_assert_cmpint (setup_help.status, ==, 0);
  g_assert_nonnull (strstr (setup_help.out, "--ext-diff"));
  progdiff_in (sb, &top, NULL, "--help", NULL);
  g_assert_nonnull (strstr (top.out, "git-setup"));
  g_assert_nonnull (strstr (top.out, "git-driver"));
}

/* Line ends converted by core.autocrlf: one version stored with CRLF
 * (committed before autocrlf was set), the next stored with LF from a
 * CRLF work tree. Both sides read, only the real change is shown, and
 * no CR reaches the output, through `git log -p --ext-diff` and
 * `git diff` of the work tree. */
static void
test_driver_git_autocrlf (Sandbox *sb, gconstpointer data)
{
  g_autofree char *text = fixture_text ("itpp-2023");
  g_autoptr(GString) crlf = g_string_new (text);
  g_auto(PdTestRun) log = { 0 }, worktree = { 0 }, stored = { 0 };

  g_string_replace (crlf, "\n", "\r\n", 0);
  g_string_replace (crlf, "Date=2023-07-12", "Date=2023-07-13", 1);
  write_file (sb, "plan.programme", crlf->str, crlf->len);
  git_ok (sb, "-c", "core.autocrlf=false", "commit", "-q", "-a", "-m", "stored with CRLF", NULL);
  git (sb, &stored, "cat-file", "-p", "HEAD:plan.programme", NULL);
  g_assert_nonnull (strstr (stored.out, "\r\n"));

  git_ok (sb, "config", "core.autocrlf", "true", NULL);
  g_string_replace (crlf, "Date=2023-07-13", "Date=2023-07-14", 1);
  write_file (sb, "plan.programme", crlf->str, crlf->len);
  git_ok (sb, "commit", "-q", "-a", "-m", "stored with LF", NULL);

  git (sb, &log, "log", "-p", "--ext-diff", "-2", "--format=commit %s", NULL);
  g_assert_cmpint (log.status, ==, 0);
  g_assert_cmpstr (log.err, ==, "");
  g_assert_cmpuint (count (log.out, "diff --progdiff plan.programme\n"), ==, 2);
  g_assert_nonnull (strstr (log.out, "    Date: 2023-07-[-13-]{+14+}\n"));
  g_assert_nonnull (strstr (log.out, "    Date: 2023-07-[-12-]{+13+}\n"));
  g_assert_cmpuint (count (log.out, "16 \u2192 16 areas: 0 added, 0 removed, 16 unchanged"), ==, 2);
  g_assert_null (strstr (log.out, "plain diff"));
  g_assert_null (strchr (log.out, '\r'));
  assert_no_controls (log.out);

  /* The work tree has CRLF, the index LF. */
  g_string_replace (crlf, "Date=2023-07-14", "Date=2023-07-15", 1);
  write_file (sb, "plan.programme", crlf->str, crlf->len);
  git (sb, &worktree, "diff", NULL);
  g_assert_cmpint (worktree.status, ==, 0);
  g_assert_nonnull (strstr (worktree.out, "    Date: 2023-07-[-14-]{+15+}\n"));
  g_assert_null (strstr (worktree.out, "plain diff"));
  g_assert_null (strchr (worktree.out, '\r'));
}

/* File names with a line break, an OSC sequence and a byte that is not
 * UTF-8, as git hands them to the driver: shown as escapes, valid
 * UTF-8, and no name can start a line of the report. */
static void
test_driver_git_odd_bytes_in_names (Sandbox *sb, gconstpointer data)
{
  static const struct
  {
    const char *name;
    const char *shown;
  } names[] = {
    { "new\nline.programme", "new\\nline.programme" },
    { "osc\033]8;;x\007.programme", "osc\\e]8;;x\\x07.programme" },
    { "bad\xFF" "byte.programme", "bad\\xFFbyte.programme" },
  };
  g_auto(PdTestRun) run = { 0 }, log = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    write_version (sb, names[i].name, "ipcp-2014");
  git_ok (sb, "add", "-A", NULL);
  git_ok (sb, "commit", "-q", "-m", "odd bytes", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    write_version (sb, names[i].name, "ipcp-2018");
  git (sb, &run, "diff", NULL);
  g_assert_cmpint (run.status, ==, 0);
  git (sb, &log, "log", "-p", "--ext-diff", "-1", "--format=commit %s", NULL);
  g_assert_cmpint (log.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *header = g_strdup_printf ("diff --progdiff %s\n--- a/%s\n",
                                                 names[i].shown, names[i].shown);
      g_autofree char *added = g_strdup_printf ("new programme document b/%s\n", names[i].shown);
      g_test_message ("%s", header);
      g_assert_nonnull (strstr (run.out, header));
      g_assert_nonnull (strstr (log.out, added));
    }
  g_assert_cmpuint (count (run.out, "8 \u2192 8 areas: "), ==, 3);
  g_assert_true (g_utf8_validate (run.out, -1, NULL));
  g_assert_true (g_utf8_validate (log.out, -1, NULL));
  assert_no_controls (run.out);
  assert_no_controls (log.out);
}

/* Branch and tag names may hold bytes that are not UTF-8 and invisible
 * characters (git refuses only controls): history commands read them,
 * and show them as escapes where they appear. */
static void
test_driver_odd_ref_names (Sandbox *sb, gconstpointer data)
{
  const char *branch = "evil\xE2\x80\xAE" "branch";
  const char *bad = "bad\xFF" "name";
  const char *tag = "zw\xE2\x80\x8B" "tag";
  g_auto(PdTestRun) log = { 0 }, diff = { 0 }, missing = { 0 }, blame = { 0 }, timeline = { 0 };

  git_ok (sb, "branch", branch, "HEAD~1", NULL);
  git_ok (sb, "branch", bad, "HEAD~2", NULL);
  git_ok (sb, "tag", tag, "HEAD", NULL);

  progdiff_in (sb, &log, NULL, "log", branch, "plan.programme", NULL);
  g_assert_cmpint (log.status, ==, 0);
  g_assert_cmpstr (log.err, ==, "");
  g_auto(GStrv) lines = g_strsplit (log.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* three commits */

  g_autofree char *old_spec = g_strconcat (bad, ":plan.programme", NULL);
  g_autofree char *new_spec = g_strconcat (tag, ":plan.programme", NULL);
  progdiff_in (sb, &diff, NULL, "diff", old_spec, new_spec, NULL);
  g_assert_cmpint (diff.status, ==, 1);
  g_assert_true (g_str_has_prefix (diff.out, "--- bad\\xFFname:plan.programme\n"));
  g_assert_nonnull (strstr (diff.out, "\n+++ zw<U+200B>tag:plan.programme\n"));

  progdiff_in (sb, &blame, NULL, "blame", tag, "plan.programme", NULL);
  g_assert_cmpint (blame.status, ==, 0);
  g_assert_true (g_str_has_prefix (blame.out, "plan.programme at zw<U+200B>tag: "));
  progdiff_in (sb, &timeline, NULL, "timeline", "--path", "plan.programme", "--rev", branch, NULL);
  g_assert_cmpint (timeline.status, ==, 0);

  g_autofree char *unknown = g_strconcat (bad, "\xE2\x80\xAE", NULL);
  progdiff_in (sb, &missing, NULL, "log", unknown, "plan.programme", NULL);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_cmpstr (missing.out, ==, "");
  g_assert_true (g_str_has_prefix (missing.err, "progdiff: error: unknown revision "
                                                "'bad\\xFFname<U+202E>' in "));

  const PdTestRun *runs[] = { &log, &diff, &missing, &blame, &timeline };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_assert_true (g_utf8_validate (runs[i]->out, -1, NULL));
      g_assert_true (g_utf8_validate (runs[i]->err, -1, NULL));
      g_assert_null (strstr (runs[i]->out, "\xE2\x80\xAE"));
      g_assert_null (strstr (runs[i]->out, "\xE2\x80\x8B"));
      assert_no_controls (runs[i]->out);
    }
}

static void
add (const char *path, void (*func) (Sandbox *, gconstpointer))
{
  g_test_add (path, Sandbox, NULL, sandbox_setup, func, sandbox_teardown);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_autofree char *git_program = g_find_program_in_path ("git");
  if (git_program == NULL)
    {
      g_test_skip ("git is not installed");
      return g_test_run ();
    }

  add ("/driver/setup/config", test_driver_setup_config);
  add ("/driver/setup/not-on-path", test_driver_setup_not_on_path);
  add ("/driver/setup/existing-attributes", test_driver_setup_existing);
  add ("/driver/setup/refuses-symlink", test_driver_setup_refuses_symlink);
  add ("/driver/setup/not-a-repository", test_driver_setup_not_a_repo);
  add ("/driver/git/diff-commits", test_driver_git_diff_commits);
  add ("/driver/git/log-ext-diff", test_driver_git_log);
  add ("/driver/git/worktree", test_driver_git_worktree);
  add ("/driver/git/added", test_driver_git_added);
  add ("/driver/git/deleted", test_driver_git_deleted);
  add ("/driver/git/rename", test_driver_git_rename);
  add ("/driver/git/mode-only", test_driver_git_mode);
  add ("/driver/git/invalid-programme", test_driver_git_invalid);
  add ("/driver/git/not-a-programme", test_driver_git_not_programme);
  add ("/driver/git/odd-names", test_driver_git_odd_names);
  add ("/driver/git/unmerged", test_driver_git_unmerged);
  add ("/driver/git/autocrlf", test_driver_git_autocrlf);
  add ("/driver/git/odd-bytes-in-names", test_driver_git_odd_bytes_in_names);
  add ("/driver/history/odd-ref-names", test_driver_odd_ref_names);
  add ("/driver/args/seven", test_driver_args_seven);
  add ("/driver/args/nine", test_driver_args_nine);
  add ("/driver/args/one", test_driver_args_one);
  add ("/driver/args/wrong-count", test_driver_args_wrong_count);
  add ("/driver/args/malformed", test_driver_args_malformed);
  add ("/driver/args/options", test_driver_args_options);
  add ("/driver/args/binary-and-unreadable", test_driver_args_binary_and_unreadable);
  add ("/driver/args/closed-pipe", test_driver_args_closed_pipe);
  add ("/driver/help", test_driver_help);

  return g_test_run ();
}
