/* pd-test-html.c: read progdiff's HTML reports in tests (see the header). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pd-test-html.h"
#include "pd-test-html-vocabulary.h"

static void
element_free (PdTestElement *e)
{
  g_free (e->name);
  g_strfreev (e->attr_names);
  g_strfreev (e->attr_values);
  if (e->text != NULL)
    g_string_free (e->text, TRUE);
  g_free (e);
}

static PdTestHtml *
html_new (void)
{
  PdTestHtml *html = g_new0 (PdTestHtml, 1);

  html->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  return html;
}

void
pd_test_html_free (PdTestHtml *html)
{
  g_ptr_array_unref (html->elements);
  g_free (html);
}

/* ---- XML ---- */

typedef struct
{
  PdTestHtml *html;
  GPtrArray *open;        /* PdTestElement *, borrowed */
} XmlState;

static void
xml_start (GMarkupParseContext *context, const char *name, const char **attr_names,
           const char **attr_values, gpointer user_data, GError **error)
{
  XmlState *s = user_data;
  PdTestElement *e = g_new0 (PdTestElement, 1);

  e->name = g_strdup (name);
  e->attr_names = g_strdupv ((char **) attr_names);
  e->attr_values = g_strdupv ((char **) attr_values);
  e->text = g_string_new (NULL);
  g_ptr_array_add (s->html->elements, e);
  g_ptr_array_add (s->open, e);
}

static void
xml_end (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
  XmlState *s = user_data;

  g_ptr_array_remove_index (s->open, s->open->len - 1);
}

static void
xml_text (GMarkupParseContext *context, const char *text, gsize length, gpointer user_data,
          GError **error)
{
  XmlState *s = user_data;

  for (guint i = 0; i < s->open->len; i++)
    g_string_append_len (((PdTestElement *) s->open->pdata[i])->text, text, length);
}

PdTestHtml *
pd_test_html_parse_xml (const char *text)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  PdTestHtml *html = html_new ();
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  XmlState state = { html, open };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &state, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>\n"));
  g_markup_parse_context_parse (context, text, -1, &error);
  if (error == NULL)
    g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open->len, ==, 0);
  return html;
}

/* ---- serialised DOM ---- */

/* Reads one start tag at @p (just after '<'); returns where it ends. */
static const char *
scan_tag (PdTestHtml *html, const char *p)
{
  PdTestElement *e = g_new0 (PdTestElement, 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const char *start = p;

  while (g_ascii_isalnum (*p) || *p == '-')
    p++;
  e->name = g_ascii_strdown (start, p - start);
  for (;;)
    {
      while (g_ascii_isspace (*p) || *p == '/')
        p++;
      if (*p == '>' || *p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != '=' && *p != '>' && !g_ascii_isspace (*p))
        p++;
      g_ptr_array_add (names, g_ascii_strdown (start, p - start));
      if (*p == '=' && p[1] == '"')
        {
          /* The serialiser quotes every value and escapes '"' in it. */
          const char *close = strchr (p + 2, '"');
          g_assert_nonnull (close);
          g_ptr_array_add (values, g_strndup (p + 2, close - p - 2));
          p = close + 1;
        }
      else
        g_ptr_array_add (values, g_strdup (""));
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (values, NULL);
  e->attr_names = (char **) g_ptr_array_steal (names, NULL);
  e->attr_values = (char **) g_ptr_array_steal (values, NULL);
  e->text = g_string_new (NULL);
  g_ptr_array_add (html->elements, e);
  /* A style sheet is raw text up to its end tag: keep it for the checks. */
  if (g_str_equal (e->name, "style") && *p == '>')
    {
      const char *end = strstr (p, "</style>");
      g_assert_nonnull (end);
      g_string_append_len (e->text, p + 1, end - p - 1);
      return end;
    }
  return p;
}

PdTestHtml *
pd_test_html_scan_dom (const char *text)
{
  PdTestHtml *html = html_new ();

  /* The serialiser escapes '<' in text and attributes, so every '<'
   * opens a tag, an end tag, a comment or the doctype. */
  for (const char *p = strchr (text, '<'); p != NULL; p = strchr (p + 1, '<'))
    {
      if (g_ascii_isalpha (p[1]))
        p = scan_tag (html, p + 1);
      if (*p == '\0')
        break;
    }
  return html;
}

/* ---- queries ---- */

const char *
pd_test_element_attr (const PdTestElement *element, const char *name)
{
  for (guint i = 0; element->attr_names[i] != NULL; i++)
    if (g_str_equal (element->attr_names[i], name))
      return element->attr_values[i];
  return NULL;
}

gboolean
pd_test_element_is (const PdTestElement *element, const char *name, const char *klass)
{
  if (name != NULL && !g_str_equal (element->name, name))
    return FALSE;
  if (klass == NULL)
    return TRUE;
  const char *value = pd_test_element_attr (element, "class");
  g_auto(GStrv) tokens = g_strsplit (value != NULL ? value : "", " ", -1);
  return g_strv_contains ((const char *const *) tokens, klass);
}

guint
pd_test_html_count (const PdTestHtml *html, const char *name, const char *klass)
{
  guint n = 0;

  for (guint i = 0; i < html->elements->len; i++)
    n += pd_test_element_is (html->elements->pdata[i], name, klass);
  return n;
}

const PdTestElement *
pd_test_html_find (const PdTestHtml *html, const char *name, const char *klass, guint nth)
{
  for (guint i = 0; i < html->elements->len; i++)
    if (pd_test_element_is (html->elements->pdata[i], name, klass) && nth-- == 0)
      return html->elements->pdata[i];
  return NULL;
}

const PdTestElement *
pd_test_html_by_id (const PdTestHtml *html, const char *id)
{
  for (guint i = 0; i < html->elements->len; i++)
    if (g_strcmp0 (pd_test_element_attr (html->elements->pdata[i], "id"), id) == 0)
      return html->elements->pdata[i];
  return NULL;
}

/* ---- checks ---- */

static void
assert_slug (const char *id)
{
  g_assert_true (g_ascii_islower (id[0]));
  for (const char *p = id; *p != '\0'; p++)
    g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-');
}

static void
assert_attribute (const PdTestElement *e, const char *name, const char *value)
{
  g_autofree char *folded = g_ascii_strdown (value, -1);

  if (!g_str_has_prefix (name, "data-") && !g_strv_contains (pd_test_html_attributes, name))
    g_error ("<%s> has attribute %s=\"%s\"", e->name, name, value);
  g_assert_false (g_str_has_prefix (name, "on"));
  if (g_str_equal (name, "style"))
    g_assert_null (strstr (folded, "url("));
  if (g_str_equal (name, "http-equiv"))
    g_assert_cmpstr (value, ==, "Content-Security-Policy");
  if (g_str_equal (name, "id"))
    assert_slug (value);
}

static void
assert_style_sheet (const PdTestElement *style)
{
  g_autofree char *folded = g_ascii_strdown (style->text->str, -1);

  g_assert_cmpuint (style->text->len, >, 1000);
  g_assert_null (strstr (folded, "url("));
  g_assert_null (strstr (folded, "@import"));
  g_assert_null (strstr (folded, "<"));
}

void
pd_test_html_assert_inert (const PdTestHtml *html)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < html->elements->len; i++)
    {
      const PdTestElement *e = html->elements->pdata[i];
      if (!g_strv_contains (pd_test_html_elements, e->name))
        g_error ("unexpected element <%s>", e->name);
      for (guint a = 0; e->attr_names[a] != NULL; a++)
        assert_attribute (e, e->attr_names[a], e->attr_values[a]);
      const char *id = pd_test_element_attr (e, "id");
      if (id != NULL)
        g_assert_true (g_hash_table_add (ids, (gpointer) id));
      if (g_str_equal (e->name, "style"))
        assert_style_sheet (e);
    }
  g_assert_cmpuint (pd_test_html_count (html, "style", NULL), ==, 1);
  g_assert_cmpuint (pd_test_html_count (html, "title", NULL), ==, 1);
  for (guint i = 0; i < html->elements->len; i++)
    {
      const char *href = pd_test_element_attr (html->elements->pdata[i], "href");
      if (href == NULL)
        continue;
      g_assert_cmpint (href[0], ==, '#');
      g_assert_true (g_hash_table_contains (ids, href + 1));
    }
}

void
pd_test_html_assert_counts (const PdTestHtml *html, guint old_areas, guint new_areas,
                            guint added, guint removed, guint renamed, guint modified,
                            guint unchanged, guint moved)
{
  const char *names[] = { "added", "removed", "renamed", "modified", "unchanged", "moved" };
  guint expected[] = { added, removed, renamed, modified, unchanged, moved };
  const PdTestElement *counts = pd_test_html_find (html, "ul", "counts", 0);
  const PdTestElement *total = pd_test_html_find (html, "li", "total", 0);

  g_assert_nonnull (counts);
  g_assert_nonnull (total);
  g_assert_cmpuint (atoi (pd_test_element_attr (total, "data-old")), ==, old_areas);
  g_assert_cmpuint (atoi (pd_test_element_attr (total, "data-new")), ==, new_areas);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      const PdTestElement *li = pd_test_html_find (html, "li", names[k], 0);
      g_assert_nonnull (li);
      g_assert_cmpuint (atoi (pd_test_element_attr (li, "data-count")), ==, expected[k]);
    }
}
