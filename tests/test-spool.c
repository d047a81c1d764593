/* test-spool.c: pieces come back as they were added, from memory or
 * from the temporary file, in any order; the file leaves nothing behind;
 * a file that cannot be made or written is an error that stays. */
#include "config.h"

#include <signal.h>
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

static void
test_spool_memory (void)
{
  g_test_summary ("Under the limit every piece, empty ones too, comes back from "
                  "memory, and no file is made.");

  g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  g_autoptr(PdSpool) spool = pd_spool__new (G_MAXSIZE, dir);

  add_pieces (spool, 30);
  assert_pieces (spool, 30);
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
  g_test_summary ("A directory that cannot take the file is an error that names it, "
                  "and every later call fails the same way.");

  g_autofree char *parent = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (parent, "missing", NULL);
  g_autoptr(PdSpool) spool = pd_spool__new (10, missing);
  g_autoptr(GError) error = NULL, again = NULL, reading = NULL;
  g_autofree char *expected = g_strdup_printf ("cannot make the temporary file of the report in "
                                               "%s: No such file or directory", missing);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (pd_spool__add (spool, "0123456789", 10, NULL));
  g_assert_false (pd_spool__add (spool, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (pd_spool__add (spool, "y", 1, &again));
  g_assert_cmpstr (again->message, ==, expected);
  g_assert_false (pd_spool__append_piece (spool, 0, out, &reading));
  g_assert_cmpstr (reading->message, ==, expected);
  g_rmdir (parent);
}

static void
test_spool_file_full (void)
{
  g_test_summary ("A file that cannot grow (here past RLIMIT_FSIZE) is a write error, "
                  "not a short report.");

  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("progdiff-spool-XXXXXX", NULL);
      struct rlimit limit = { 100000, 100000 };
      g_autoptr(GError) error = NULL;
      gboolean ok = TRUE;

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_autoptr(PdSpool) spool = pd_spool__new (0, dir);
      for (guint k = 0; k < 40 && ok; k++)
        {
          g_autoptr(GString) text = piece_text (k);
          ok = pd_spool__add (spool, text->str, text->len, &error);
        }
      g_rmdir (dir);
      g_assert_false (ok);
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
      g_assert_true (g_str_has_prefix (error->message, "cannot write the temporary file of the "
                                                       "report in "));
      g_assert_true (g_str_has_suffix (error->message, ": File too large"));
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
  g_test_add_func ("/spool/file-full", test_spool_file_full);
  return g_test_run ();
}
