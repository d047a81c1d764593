/* test-git-load.c: libgit2 is opened when a repository is first needed
 * (pd-git-load.c), not when two files are compared. This program does
 * not link libgit2 itself, so whether it is loaded is the library's
 * doing; each case runs in a fresh process. */
#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include "pd-git-private.h"
#include "pd-test-util.h"

#define LIBGIT2_SONAME "libgit2.so." LIBGIT2_SOVERSION

static gboolean
libgit2_loaded (void)
{
  void *handle = dlopen (LIBGIT2_SONAME, RTLD_LAZY | RTLD_NOLOAD);

  if (handle == NULL)
    return FALSE;
  dlclose (handle);
  return TRUE;
}

/* Runs @child in a fresh process, where nothing has loaded libgit2 yet. */
static void
in_subprocess (void (*child) (void))
{
  if (g_test_subprocess ())
    {
      child ();
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* pd_repo_open() on @dir, which is no repository, loads libgit2 and
 * gets as far as looking for one. */
static void
open_loads (const char *dir)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (pd_repo_open (dir, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_true (libgit2_loaded ());
}

static void
test_lazy_child (void)
{
  g_assert_false (libgit2_loaded ());

  /* The whole of a diff: read, compare, render in every format. */
  g_autoptr(PdDocument) old_doc = pd_test_load_fixture ("nato-japan", "ipcp-2020.programme", NULL);
  g_autoptr(PdDocument) new_doc = pd_test_load_fixture ("nato-japan", "itpp-2023.programme", NULL);
  g_autoptr(PdComparison) comparison = pd_comparison_new (old_doc, new_doc, NULL);
  for (PdReportFormat format = PD_REPORT_FORMAT_TEXT; format <= PD_REPORT_FORMAT_HTML; format++)
    {
      PdReportOptions options = PD_REPORT_OPTIONS_INIT;
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      options.format = format;
      g_assert_true (pd_report_render_comparison (comparison, &options, out, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (out->len, >, 0);
    }
  g_assert_false (libgit2_loaded ());

  /* Opening a repository needs it, even when the directory is not one. */
  g_autofree char *dir = g_dir_make_tmp ("progdiff-git-load-XXXXXX", NULL);
  open_loads (dir);
  pd_test_remove_tree (dir);
}

static void
test_lazy (void)
{
  in_subprocess (test_lazy_child);
}

static void
test_plaindiff_loads_child (void)
{
  g_autoptr(GBytes) a = g_bytes_new_static ("a\n", 2);
  g_autoptr(GBytes) b = g_bytes_new_static ("b\n", 2);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (libgit2_loaded ());
  g_assert_true (pd_plaindiff_render ("a/f", a, "b/f", b, 0, out, &error));
  g_assert_no_error (error);
  g_assert_true (libgit2_loaded ());
  g_assert_nonnull (strstr (out->str, "-a\n+b\n"));
}

static void
test_plaindiff_loads (void)
{
  in_subprocess (test_plaindiff_loads_child);
}

/* Without libgit2, reading a repository fails with a clear message and
 * nothing half-done; once it can be found, the next call loads it. */
static void
test_missing_child (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-git-load-XXXXXX", NULL);
  g_autoptr(GBytes) a = g_bytes_new_static ("a\n", 2);
  g_autoptr(GBytes) b = g_bytes_new_static ("b\n", 2);
  g_autoptr(GString) out = g_string_new ("kept");
  g_autoptr(GError) error = NULL;

  pd_git__set_soname ("libprogdiff-test-absent.so.0");
  g_assert_null (pd_repo_open (dir, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_GIT);
  g_assert_nonnull (strstr (error->message, "cannot load libgit2 (libprogdiff-test-absent.so.0): "));
  g_clear_error (&error);

  g_assert_false (pd_plaindiff_render ("a/f", a, "b/f", b, 0, out, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_GIT);
  g_assert_cmpstr (out->str, ==, "kept");
  g_clear_error (&error);
  g_assert_false (libgit2_loaded ());

  pd_git__set_soname (NULL);
  open_loads (dir);
  pd_test_remove_tree (dir);
}

static void
test_missing (void)
{
  in_subprocess (test_missing_child);
}

/* A library of that name without libgit2's functions is refused. */
static void
test_wrong_library_child (void)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-git-load-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;

  pd_git__set_soname ("libc.so.6");
  g_assert_null (pd_repo_open (dir, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_GIT);
  g_assert_nonnull (strstr (error->message, "libc.so.6 has no function git_"));
  pd_test_remove_tree (dir);
}

static void
test_wrong_library (void)
{
  in_subprocess (test_wrong_library_child);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/git-load/lazy", test_lazy);
  g_test_add_func ("/git-load/plaindiff", test_plaindiff_loads);
  g_test_add_func ("/git-load/missing", test_missing);
  g_test_add_func ("/git-load/wrong-library", test_wrong_library);
  return g_test_run ();
}
