/* pd-test-util.c: helpers shared by the test programs. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-test-util.h"

static char *
fixture_path_va (const char *first_element, va_list args)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_ptr_array_add (parts, (gpointer) g_test_get_dir (G_TEST_DIST));
  g_ptr_array_add (parts, (gpointer) "fixtures");
  for (const char *p = first_element; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

char *
pd_test_fixture_path (const char *first_element, ...)
{
  va_list args;

  va_start (args, first_element);
  char *path = fixture_path_va (first_element, args);
  va_end (args);
  return path;
}

PdDocument *
pd_test_load_fixture (const char *first_element, ...)
{
  va_list args;

  va_start (args, first_element);
  g_autofree char *path = fixture_path_va (first_element, args);
  va_end (args);

  g_autoptr(GError) error = NULL;
  PdDocument *document = pd_document_load_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

PdDocument *
pd_test_load_string (const char *text)
{
  g_autoptr(GError) error = NULL;
  PdDocument *document = pd_document_load_data ("test.programme", text,
                                                strlen (text), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

gboolean
pd_test_under_valgrind (void)
{
  const char *valgrind = g_getenv ("PD_VALGRIND");

  return valgrind != NULL && *valgrind != '\0';
}

gboolean
pd_test_under_asan (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return TRUE;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return TRUE;
#else
  return FALSE;
#endif
#else
  return FALSE;
#endif
}

void
pd_test_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          pd_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}


void
pd_test_run_clear (PdTestRun *run)
{
  g_free (run->out);
  g_free (run->err);
}
