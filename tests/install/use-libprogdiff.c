/* use-libprogdiff.c: a client of the installed libprogdiff.
 *
 * tests/install/check-install.sh builds it with the flags of
 * `pkg-config --cflags --libs progdiff` from a staged `make install`
 * and nothing else, then runs it on two fixtures. It loads both
 * documents, compares them and prints the counts, as a program that
 * only has the public API and the pkg-config file would.
 */
#include <stdio.h>

#include <progdiff/progdiff.h>

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    {
      fprintf (stderr, "usage: use-libprogdiff OLD NEW\n");
      return 2;
    }
  g_autoptr(PdDocument) old_document = pd_document_load_file (argv[1], NULL, &error);
  g_autoptr(PdDocument) new_document
      = old_document != NULL ? pd_document_load_file (argv[2], NULL, &error) : NULL;
  if (new_document == NULL)
    {
      fprintf (stderr, "use-libprogdiff: %s\n", error->message);
      return 2;
    }

  PdCompareOptions options = PD_COMPARE_OPTIONS_INIT;
  g_autoptr(PdComparison) comparison = pd_comparison_new (old_document, new_document, &options);
  const PdCounts *counts = pd_comparison_get_counts (comparison);

  /* The JSON renderer too: the library's own writer, nothing the
   * client has to link. */
  PdReportOptions report = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) json = g_string_new (NULL);
  report.format = PD_REPORT_FORMAT_JSON;
  if (!pd_report_render_comparison (comparison, &report, json, &error))
    {
      fprintf (stderr, "use-libprogdiff: %s\n", error->message);
      return 2;
    }

  printf ("libprogdiff %s\n", pd_version_string ());
  printf ("version %s -> %s\n", pd_document_get_version (old_document),
          pd_document_get_version (new_document));
  printf ("%u -> %u areas: %u added, %u removed, %u unchanged, %u modified, %u renamed, %u moved\n",
          counts->old_areas, counts->new_areas, counts->added, counts->removed,
          counts->unchanged, counts->modified, counts->renamed, counts->moved);
  printf ("json report: %s\n", g_str_has_prefix (json->str, "{") ? "ok" : "not an object");
  return 0;
}
