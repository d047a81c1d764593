/* test-json.c: the streaming JSON writer (pd-json.c), against json-glib. */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-json-private.h"
#include "pd-test-json.h"
#include "pd-test-util.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("does not parse: %s\n%s", error->message, text);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json_escapes (void)
{
  g_test_summary ("Every ASCII byte, non-ASCII text and invalid UTF-8 come out as a "
                  "strict JSON string that parses back to the (valid) input.");

  for (int c = 1; c < 0x80; c++)
    {
      char value[4] = { 'a', (char) c, 'b', '\0' };
      g_autoptr(GString) out = g_string_new (NULL);
      pd_json_append_string (out, value);
      for (gsize i = 0; i < out->len; i++)
        g_assert_true ((guchar) out->str[i] >= 0x20 && (guchar) out->str[i] != 0x7F);

      g_autofree char *doc = g_strdup_printf ("[%s]", out->str);
      g_autoptr(JsonNode) root = parse (doc);
      g_assert_cmpstr (json_array_get_string_element (json_node_get_array (root), 0), ==, value);
    }

  const char *texts[] = { "NATO\xe2\x80\x93Japan \xe6\x97\xa5\xe6\x9c\xac", "bad \xff\xfe end",
                          "cut \xe2\x80", "\xe2\x80\xae" "bidi", "" };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      pd_json_append_string (out, texts[i]);
      g_assert_true (g_utf8_validate (out->str, out->len, NULL));
      g_autofree char *doc = g_strdup_printf ("[%s]", out->str);
      g_autoptr(JsonNode) root = parse (doc);
      g_autofree char *valid = g_utf8_make_valid (texts[i], -1);
      g_assert_cmpstr (json_array_get_string_element (json_node_get_array (root), 0), ==, valid);
    }
}

/* Writes the same random value with both writers. */
static void
random_value (GRand *rand, guint depth, PdJson *json, JsonBuilder *b)
{
  static const char *const strings[] = { "", "a b", "q\"uote\\", "line\nbreak\ttab",
                                         "\x01\x1f\x7f", "\xe6\x97\xa5", "slash/" };
  int kind = g_rand_int_range (rand, 0, depth < 4 ? 7 : 4);

  switch (kind)
    {
    case 0:
      {
        const char *s = strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))];
        pd_json_string (json, s);
        json_builder_add_string_value (b, s);
        break;
      }
    case 1:
      {
        gint64 v = (gint64) g_rand_int (rand) - G_MAXINT32;
        pd_json_int (json, v);
        json_builder_add_int_value (b, v);
        break;
      }
    case 2:
      pd_json_bool (json, kind & 1);
      json_builder_add_boolean_value (b, kind & 1);
      break;
    case 3:
      pd_json_null (json);
      json_builder_add_null_value (b);
      break;
    case 4:
    case 5:
      {
        guint n = g_rand_int_range (rand, 0, 4);
        pd_json_begin_object (json);
        json_builder_begin_object (b);
        for (guint k = 0; k < n; k++)
          {
            g_autofree char *name = g_strdup_printf ("m%u\"%u", depth, k);
            pd_json_member (json, name);
            json_builder_set_member_name (b, name);
            random_value (rand, depth + 1, json, b);
          }
        pd_json_end_object (json);
        json_builder_end_object (b);
        break;
      }
    default:
      {
        guint n = g_rand_int_range (rand, 0, 4);
        pd_json_begin_array (json);
        json_builder_begin_array (b);
        for (guint k = 0; k < n; k++)
          random_value (rand, depth + 1, json, b);
        pd_json_end_array (json);
        json_builder_end_array (b);
      }
    }
}

static void
test_json_layout_matches_json_glib (void)
{
  g_test_summary ("Random nested documents come out byte for byte as json-glib's "
                  "pretty printer writes them (indent 2), strict escapes aside.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  for (guint round = 0; round < 500; round++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      PdJson json;

      pd_json_init (&json, out, 0);
      pd_json_begin_object (&json);
      json_builder_begin_object (b);
      pd_json_member (&json, "root");
      json_builder_set_member_name (b, "root");
      random_value (rand, 0, &json, b);
      pd_json_end_object (&json);
      json_builder_end_object (b);

      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *expected = pd_test_json_glib_text (root);
      g_assert_cmpstr (out->str, ==, expected);
    }
}

static void
test_json_raw_at_depth (void)
{
  g_test_summary ("A value written at depth 2 and embedded raw reads as if it had "
                  "been written in place.");

  g_autoptr(GString) part = g_string_new (NULL);
  PdJson inner;
  pd_json_init (&inner, part, 2);
  pd_json_begin_object (&inner);
  pd_json_member_string (&inner, "id", "x");
  pd_json_member (&inner, "list");
  pd_json_begin_array (&inner);
  pd_json_int (&inner, 1);
  pd_json_end_array (&inner);
  pd_json_end_object (&inner);

  g_autoptr(GString) whole = g_string_new (NULL), direct = g_string_new (NULL);
  PdJson a, b;
  pd_json_init (&a, whole, 0);
  pd_json_init (&b, direct, 0);
  pd_json_begin_object (&a);
  pd_json_begin_object (&b);
  pd_json_member (&a, "commits");
  pd_json_member (&b, "commits");
  pd_json_begin_array (&a);
  pd_json_begin_array (&b);
  for (guint k = 0; k < 2; k++)
    {
      pd_json_raw (&a, part->str);
      pd_json_begin_object (&b);
      pd_json_member_string (&b, "id", "x");
      pd_json_member (&b, "list");
      pd_json_begin_array (&b);
      pd_json_int (&b, 1);
      pd_json_end_array (&b);
      pd_json_end_object (&b);
    }
  pd_json_end_array (&a);
  pd_json_end_array (&b);
  pd_json_end_object (&a);
  pd_json_end_object (&b);
  g_assert_cmpstr (whole->str, ==, direct->str);
  g_autoptr(JsonNode) root = parse (whole->str);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/escapes", test_json_escapes);
  g_test_add_func ("/json/layout-matches-json-glib", test_json_layout_matches_json_glib);
  g_test_add_func ("/json/raw-at-depth", test_json_raw_at_depth);
  return g_test_run ();
}
