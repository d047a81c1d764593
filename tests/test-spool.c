/* test-spool.c: pieces come back as they were added, from memory or
 * from the temporary file, in any order; the file leaves nothing behind;
 * without a file, or when the file stops taking bytes, the pieces stay
 * in memory; a file that cannot be read back is an error that stays. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "pd-spool-private.h"
#include "pd-test-util.h"

/* Piece @k: its length varies from empty to several read windows, and
 * its bytes say where they are. */
static GString *
piece_text (guint k)
{
  static const gsize lengths[] = { 0, 1, 17, 4096, 65535, 65536, 65537, 200000, 300 };
  gsize length = lengths[k % G_N_ELEMENTS (lengths)] + k % 7;
  GString *text = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    g_string_append_c (text, (char) ('a' + (k * 31 + i) % 26));
  return text;
}

static void
add_pieces (PdSpool *spool, guint n)
{
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GString) text = piece_text (k);
      g_autoptr(GError) error = NULL;
      g_assert_true (pd_spool__add (spool, text->str, text->len, &error));
      g_assert_no_error (error);
    }
}

static void
assert_piece (PdSpool *spool, guint k)
{
  g_autoptr(GString) expected = piece_text (k);
  g_autoptr(GString) got = g_string_new ("before:");
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_spool__append_piece (spool, k, got, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (got->str, "before:"));
  g_assert_cmpmem (got->str + 7, got->len - 7, expected->str, expected->len);
}

/* Every piece, forwards, backwards, and in a scattered order. */
static void
assert_pieces (PdSpool *spool, guint n)
{
  g_assert_cmpuint (pd_spool__get_n_pieces (spool), ==, n);
  for (guint k = 0; k < n; k++)
    assert_piece (spool, k);
  for (guint k = n; k-- > 0;)
    assert_piece (spool, k);
  for (guint k = 0; k < n; k++)
    assert_piece (spool, (k * 7 + 3) % n);
}

static guint
n_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The descriptor of the spool's file in @dir: exactly one, with no name
 * (the kernel shows it as "… (deleted)"). */
static int
spool_fd (const char *dir)
{
  g_autoptr(GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  int found = -1;

  g_assert_nonnull (fds);
  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);
      if (target != NULL && g_str_has_prefix (target, dir) && target[strlen (dir)] == '/')
        {
          g_assert_cmpint (found, ==, -1);
          g_assert_true (g_str_has_suffix (target, " (deleted)"));
          found = atoi (name);
        }
    }
  return found;
}

static void
test_spool_memory (void)
{
  g_test_summary ("Under the limit every piece, empty ones too, comes back from "
                  "memory, and no file is made.");

  g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  g_autoptr(PdSpool) spool = pd_spool__new (G_MAXSIZE, dir);

  add_pieces (spool, 30);
  assert_pieces (spool, 30);
  g_assert_cmpint (spool_fd (dir), ==, -1);
  g_assert_cmpuint (n_entries (dir), ==, 0);
  g_rmdir (dir);
}

static void
test_spool_file (void)
{
  g_test_summary ("Past the limit the pieces move to a file, unlinked at once, and come "
                  "back the same in any order, also while more are added.");

  g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  const gsize limits[] = { 0, 100, 70000, 400000 };

  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      g_autoptr(PdSpool) spool = pd_spool__new (limits[l], dir);
      add_pieces (spool, 40);
      assert_pieces (spool, 40);
      g_assert_cmpuint (n_entries (dir), ==, 0);
      /* What waits to be written and the read window, not the pieces. */
      g_assert_cmpuint (pd_spool__get_bytes_held (spool), <=, 256 * 1024);
      /* Reading leaves the spool as it was: add more, read all again. */
      for (guint k = 40; k < 60; k++)
        {
          g_autoptr(GString) text = piece_text (k);
          g_assert_true (pd_spool__add (spool, text->str, text->len, NULL));
          assert_piece (spool, k);
          assert_piece (spool, k / 2);
        }
      assert_pieces (spool, 60);
    }
  g_rmdir (dir);
}

static void
test_spool_no_directory (void)
{
  g_test_summary ("When the directory cannot take a file, the pieces stay in memory "
                  "and all come back.");

  g_autofree char *parent = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (parent, "missing", NULL);
  g_autoptr(PdSpool) spool = pd_spool__new (10, missing);
  gsize total = 0;

  for (guint k = 0; k < 20; k++)
    {
      g_autoptr(GString) text = piece_text (k);
      g_assert_true (pd_spool__add (spool, text->str, text->len, NULL));
      total += text->len;
    }
  assert_pieces (spool, 20);
  g_assert_cmpuint (pd_spool__get_bytes_held (spool), >=, total);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_rmdir (parent);
}

static void
assert_file_kind (PdSpoolFaults faults)
{
  g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);

  pd_spool__set_faults (faults);
  g_autoptr(PdSpool) spool = pd_spool__new (0, dir);
  g_assert_true (pd_spool__add (spool, "text", 4, NULL));
  pd_spool__set_faults (PD_SPOOL_FAULTS_NONE);

  int fd = spool_fd (dir);
  g_assert_cmpint (fd, >=, 0);
  GStatBuf st;
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_assert_cmpint (g_stat (link, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);

  g_autofree char *info_path = g_strdup_printf ("/proc/self/fdinfo/%d", fd);
  g_autofree char *info = NULL;
  g_assert_true (g_file_get_contents (info_path, &info, NULL, NULL));
  const char *flags = strstr (info, "flags:");
  g_assert_nonnull (flags);
  g_assert_true ((g_ascii_strtoull (flags + 6, NULL, 8) & O_CLOEXEC) != 0);
  g_assert_cmpuint (n_entries (dir), ==, 0);
  g_rmdir (dir);
}

static void
test_spool_file_kind (void)
{
  g_test_summary ("The file is its owner's only (mode 0600), has no name, and is not "
                  "inherited by programs the process runs (close-on-exec), made with "
                  "O_TMPFILE or, where a file system cannot, with mkstemp and unlink.");

  if (!g_file_test ("/proc/self/fdinfo", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no /proc/self/fdinfo");
      return;
    }
  assert_file_kind (PD_SPOOL_FAULTS_NONE);
  assert_file_kind (PD_SPOOL_FAULT_NO_TMPFILE);
}

static void
test_spool_read_fails (void)
{
  g_test_summary ("A file that cannot be read back is an error naming it, and stays "
                  "one.");

  g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  g_autoptr(PdSpool) spool = pd_spool__new (0, dir);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL, again = NULL;
  g_autofree char *expected = g_strdup_printf ("cannot read the temporary file of the report in "
                                               "%s: Input/output error", dir);

  add_pieces (spool, 6);   /* piece 4 passes 64 KiB: 0 to 4 are in the file */
  pd_spool__set_faults (PD_SPOOL_FAULT_FAIL_READS);
  g_assert_false (pd_spool__append_piece (spool, 1, out, &error));
  pd_spool__set_faults (PD_SPOOL_FAULTS_NONE);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_IO);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (out->len, ==, 0);
  g_assert_false (pd_spool__append_piece (spool, 1, out, &again));
  g_assert_cmpstr (again->message, ==, expected);
  g_rmdir (dir);
}

static void
test_spool_file_full (void)
{
  g_test_summary ("A file that stops taking bytes (here past RLIMIT_FSIZE) is read back "
                  "into memory, and every piece comes back from there.");

  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
      struct rlimit limit = { 100000, 100000 };

      /* The file fills while pieces go to it, or at once as it is made. */
      const gsize limits[] = { 0, 150000 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
        {
          g_autoptr(PdSpool) spool = pd_spool__new (limits[l], dir);
          gsize total = 0;
          for (guint k = 0; k < 40; k++)
            {
              g_autoptr(GString) text = piece_text (k);
              g_autoptr(GError) error = NULL;
              g_assert_true (pd_spool__add (spool, text->str, text->len, &error));
              g_assert_no_error (error);
              total += text->len;
            }
          g_assert_cmpuint (total, >, 1000000);
          g_assert_cmpint (spool_fd (dir), ==, -1);
          g_assert_cmpuint (pd_spool__get_bytes_held (spool), >=, total);
          assert_pieces (spool, 40);
        }
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spool/memory", test_spool_memory);
  g_test_add_func ("/spool/file", test_spool_file);
  g_test_add_func ("/spool/no-directory", test_spool_no_directory);
  g_test_add_func ("/spool/file-kind", test_spool_file_kind);
  g_test_add_func ("/spool/read-fails", test_spool_read_fails);
  g_test_add_func ("/spool/file-full", test_spool_file_full);
  return g_test_run ();
}
