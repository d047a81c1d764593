/* standalone.c: replay a fuzz target's corpus without libFuzzer.
 *
 * Linked with one target (in the spirit of libgit2's
 * fuzzers/standalone_driver.c and GLib's fuzzing/driver.c), it feeds
 * every file of the target's corpus to LLVMFuzzerTestOneInput() and
 * prints TAP, one test per target, so `make check` exercises the targets
 * with any compiler. With arguments, it replays those files or
 * directories instead (a crash file from `make fuzz`, say). The corpus
 * is $G_TEST_SRCDIR/tests/fuzz/corpus/PD_FUZZ_TARGET.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void
collect (const char *path, GPtrArray *files)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  const char *name;

  if (dir == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (files, g_build_filename (path, name, NULL));
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  LLVMFuzzerInitialize (&argc, &argv);
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      collect (argv[i], files);
  else
    {
      const char *srcdir = g_getenv ("G_TEST_SRCDIR");
      g_autofree char *corpus = g_build_filename (srcdir != NULL ? srcdir : ".", "tests",
                                                  "fuzz", "corpus", PD_FUZZ_TARGET, NULL);
      collect (corpus, files);
    }
  g_ptr_array_sort (files, compare_paths);

  /* One TAP test per target: the suite's count stays a count of tests,
   * not of corpus files. Each input's name goes first as a comment, so
   * the log of a crash ends with the input that caused it. */
  guint unreadable = 0;
  printf ("1..1\n");
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *data = NULL;
      gsize size = 0;

      if (!g_file_get_contents (path, &data, &size, &error))
        {
          printf ("# cannot read: %s\n", error->message);
          unreadable++;
          continue;
        }
      /* A copy of exactly @size bytes, so that ASan and valgrind catch a
       * read past the end (g_file_get_contents adds a NUL); never NULL,
       * as with libFuzzer. */
      g_autofree uint8_t *copy = g_malloc (MAX (size, 1));
      memcpy (copy, data, size);
      g_autofree char *name = g_path_get_basename (path);
      printf ("# %s\n", name);
      fflush (stdout);
      LLVMFuzzerTestOneInput (copy, size);
    }
  if (files->len == 0 || unreadable > 0)
    printf ("not ok 1 - %s: %u inputs, %u unreadable\n", PD_FUZZ_TARGET, files->len,
            unreadable);
  else
    printf ("ok 1 - %s: %u inputs replayed\n", PD_FUZZ_TARGET, files->len);
  fflush (stdout);
  return 0;
}
