/* pd-test-json.h: json-glib's rendering of a JSON document, the layout
 * progdiff's own writer (src/lib/pd-json.c) promises byte for byte. For
 * the tests and the fuzz targets; header-only, as the fuzz targets are
 * built without the test utilities. */
#ifndef PD_TEST_JSON_H
#define PD_TEST_JSON_H

#include <json-glib/json-glib.h>

/* json-glib's pretty text for @root (indent 2, no final newline), with
 * the one escape json-glib 1.6.6 gets wrong (shared notes J1: U+001F
 * stays raw) put right. Free with g_free(). */
static inline char *
pd_test_json_glib_text (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_auto(GStrv) parts = g_strsplit (text, "\x1f", -1);
  return g_strjoinv ("\\u001f", parts);
}

#endif /* PD_TEST_JSON_H */
