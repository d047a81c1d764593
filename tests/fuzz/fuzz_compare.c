/* fuzz_compare.c: two documents -> pairing, comparison, every report.
 *
 * The input is split at its first NUL (or in the middle) into an old and
 * a new document; inputs that do not read as two documents stop there.
 * The comparison is rendered in every format with and without the
 * options that change the output, and each report is checked: JSON must
 * parse (json-glib) and hold no raw C0 control character, text and
 * Markdown must be valid UTF-8 with no raw control byte but the line
 * feed (with colour, once our own SGR sequences are taken out), and the
 * HTML page must be well-formed XML that an HTML parser reads the same
 * way (see check_html()).
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <progdiff/progdiff.h>

#include "fuzz.h"
#include "../pd-test-html-vocabulary.h"
#include "../pd-test-json.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  pd_fuzz_init_glib ();
  return 0;
}

static PdDocument *
load (const char *name, const uint8_t *data, size_t size)
{
  return pd_document_load_data (name, (const char *) data, size, NULL, NULL);
}

/* Removes the SGR sequences the text renderer writes in colour. */
static GString *
strip_sgr (const GString *in)
{
  GString *out = g_string_sized_new (in->len);

  for (gsize i = 0; i < in->len; i++)
    {
      if (in->str[i] == '\033' && i + 1 < in->len && in->str[i + 1] == '[')
        {
          gsize j = i + 2;
          while (j < in->len && (g_ascii_isdigit (in->str[j]) || in->str[j] == ';'))
            j++;
          if (j < in->len && in->str[j] == 'm')
            {
              i = j;
              continue;
            }
        }
      g_string_append_c (out, in->str[i]);
    }
  return out;
}

static void
check_json (const char *what, const GString *report)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  /* Strict JSON (RFC 8259) is UTF-8 with no raw U+0000-U+001F in a
   * string, and our reports put none between tokens but line feeds. Any
   * other character may stand raw: JSON carries data, not terminal text. */
  const char *bad = NULL;
  PD_FUZZ_CHECK (g_utf8_validate (report->str, report->len, &bad),
                 "%s: invalid UTF-8 at byte %td", what, bad - report->str);
  for (gsize i = 0; i < report->len; i++)
    PD_FUZZ_CHECK ((guchar) report->str[i] >= 0x20 || report->str[i] == '\n',
                   "%s: raw control byte 0x%02X at byte %" G_GSIZE_FORMAT, what,
                   (guchar) report->str[i], i);
  PD_FUZZ_CHECK (json_parser_load_from_data (parser, report->str, (gssize) report->len, &error),
                 "%s does not parse: %s", what, error->message);
  JsonNode *root = json_parser_get_root (parser);
  PD_FUZZ_CHECK (root != NULL && JSON_NODE_HOLDS_OBJECT (root), "%s is not an object", what);
  JsonObject *object = json_node_get_object (root);
  PD_FUZZ_CHECK (json_object_has_member (object, "schema_version"),
                 "%s has no schema_version", what);

  /* The writer promises json-glib's pretty layout byte for byte, but
   * for the escape json-glib 1.6.6 leaves out (notes J1). */
  g_autofree char *strict = pd_test_json_glib_text (root);
  PD_FUZZ_CHECK (report->len == strlen (strict) + 1 && memcmp (report->str, strict, report->len - 1) == 0
                   && report->str[report->len - 1] == '\n',
                 "%s differs from json-glib's rendering of its parse", what);
}

/* ---- HTML ----
 *
 * pd-render-html.c writes polyglot pages: well-formed XML (void
 * elements self-closed, only XML's entities) that HTML parsers read as
 * the same tree. GMarkup, which is GLib's and adds no dependency, checks
 * the XML side: every element opened is closed, in order; no raw '<' or
 * '&' from the data; attribute values quoted. A scan of the raw bytes
 * checks what XML allows and HTML reads otherwise: only void elements
 * self-closed and never given an end tag; attribute values in double
 * quotes; one style sheet with no '<' in it and no other "</style" or
 * any "<script" anywhere, so no data breaks out of the raw-text
 * element. The tree itself must be inert: known elements only, no on*
 * attribute, unique ids and fragment links that name one of them, and
 * every text and attribute value visible (no control, bidi or
 * zero-width character once character references are decoded). */

typedef struct
{
  const char *what;
  GHashTable *ids;        /* the ids seen so far, owned */
  GPtrArray *hrefs;       /* char *, owned */
  GPtrArray *open;        /* element names, borrowed from GMarkup's stack */
  guint n_style;
  guint n_title;
} HtmlCheck;

static void
html_start (GMarkupParseContext *context, const char *name, const char **attr_names,
            const char **attr_values, gpointer user_data, GError **error)
{
  HtmlCheck *c = user_data;

  PD_FUZZ_CHECK (g_strv_contains (pd_test_html_elements, name), "%s: unexpected element <%s>", c->what,
                 name);
  c->n_style += g_str_equal (name, "style");
  c->n_title += g_str_equal (name, "title");
  for (guint i = 0; attr_names[i] != NULL; i++)
    {
      const char *n = attr_names[i], *v = attr_values[i];
      PD_FUZZ_CHECK (g_strv_contains (pd_test_html_attributes, n) || g_str_has_prefix (n, "data-"),
                     "%s: unexpected attribute %s on <%s>", c->what, n, name);
      pd_fuzz_check_visible (c->what, v, strlen (v), "");
      if (g_str_equal (n, "id"))
        {
          for (const char *p = v; *p != '\0'; p++)
            PD_FUZZ_CHECK (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-',
                           "%s: id '%s' is not a slug", c->what, v);
          PD_FUZZ_CHECK (v[0] != '\0' && !g_hash_table_contains (c->ids, v),
                         "%s: empty or duplicate id '%s'", c->what, v);
          g_hash_table_add (c->ids, g_strdup (v));
        }
      if (g_str_equal (n, "href"))
        g_ptr_array_add (c->hrefs, g_strdup (v));
      if (g_str_equal (n, "style"))
        PD_FUZZ_CHECK (strstr (v, "url(") == NULL && strchr (v, '\\') == NULL,
                       "%s: style attribute '%s'", c->what, v);
    }
  g_ptr_array_add (c->open, (gpointer) g_markup_parse_context_get_element (context));
}

static void
html_end (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
  HtmlCheck *c = user_data;

  g_ptr_array_set_size (c->open, c->open->len - 1);
}

static void
html_text (GMarkupParseContext *context, const char *text, gsize length, gpointer user_data,
           GError **error)
{
  HtmlCheck *c = user_data;
  const char *element = g_markup_parse_context_get_element (context);

  pd_fuzz_check_visible (c->what, text, length, "\n");
  /* The style sheet is progdiff's own: no markup, no escapes, nothing
   * that loads. */
  if (element != NULL && g_str_equal (element, "style"))
    PD_FUZZ_CHECK (memchr (text, '<', length) == NULL && memchr (text, '&', length) == NULL
                     && g_strstr_len (text, length, "url(") == NULL
                     && g_strstr_len (text, length, "@import") == NULL,
                   "%s: the style sheet holds markup or loads something", c->what);
}

/* The raw bytes, tag by tag: what XML accepts but an HTML parser reads
 * another way. Data never holds a raw '<' (GMarkup checked), so every
 * '<' starts markup; '>' in a quoted value is always escaped by us. */
static void
check_html_tags (const char *what, const GString *report)
{
  const char *p = report->str, *end = report->str + report->len;
  guint n_style_end = 0;

  PD_FUZZ_CHECK (g_str_has_prefix (p, "<!DOCTYPE html>\n"), "%s: no doctype", what);
  p += strlen ("<!DOCTYPE html>\n");
  PD_FUZZ_CHECK (strstr (p, "<!") == NULL, "%s: a comment, CDATA or doctype after the start",
                 what);
  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      gboolean closing = p[1] == '/';
      const char *name = p + 1 + closing, *q = name;
      while (g_ascii_isalnum (*q))
        q++;
      g_autofree char *tag = g_ascii_strdown (name, q - name);
      PD_FUZZ_CHECK (tag[0] != '\0', "%s: '<' not followed by a tag name at byte %td", what,
                     p - report->str);
      gboolean is_void = g_strv_contains (pd_test_html_void_elements, tag);
      if (closing)
        {
          PD_FUZZ_CHECK (!is_void, "%s: end tag </%s> of a void element", what, tag);
          PD_FUZZ_CHECK (*q == '>', "%s: junk in end tag </%s>", what, tag);
          n_style_end += g_str_equal (tag, "style");
          p = q + 1;
          continue;
        }
      PD_FUZZ_CHECK (!g_str_equal (tag, "script"), "%s: a <script> element", what);
      /* Attributes: NAME="VALUE", in double quotes. */
      for (;;)
        {
          while (*q == ' ' || *q == '\n')
            q++;
          if (*q == '>' || (*q == '/' && q[1] == '>'))
            break;
          const char *attr = q;
          while (g_ascii_isalnum (*q) || *q == '-')
            q++;
          PD_FUZZ_CHECK (q > attr && q[0] == '=' && q[1] == '"',
                         "%s: attribute in <%s> at byte %td is not NAME=\"VALUE\"", what, tag,
                         attr - report->str);
          const char *close = strchr (q + 2, '"');
          PD_FUZZ_CHECK (close != NULL, "%s: unterminated attribute in <%s>", what, tag);
          PD_FUZZ_CHECK (memchr (q + 2, '>', close - (q + 2)) == NULL,
                         "%s: raw '>' in an attribute of <%s>", what, tag);
          q = close + 1;
        }
      gboolean self_closed = *q == '/';
      PD_FUZZ_CHECK (self_closed == is_void, "%s: <%s> %s", what, tag,
                     is_void ? "is void but not self-closed" : "is self-closed but not void");
      p = q + 1 + self_closed;
    }
  PD_FUZZ_CHECK (n_style_end == 1, "%s: %u </style> end tags", what, n_style_end);
}

static void
check_html (const char *what, const GString *report)
{
  static const GMarkupParser parser = { html_start, html_end, html_text, NULL, NULL };
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  HtmlCheck c = { what, ids, hrefs, open, 0, 0 };
  g_autoptr(GError) error = NULL;

  pd_fuzz_check_visible (what, report->str, report->len, "\n");
  check_html_tags (what, report);

  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &c, NULL);
  if (g_markup_parse_context_parse (context, report->str, (gssize) report->len, &error))
    g_markup_parse_context_end_parse (context, &error);
  PD_FUZZ_CHECK (error == NULL, "%s is not well-formed: %s", what, error->message);
  PD_FUZZ_CHECK (open->len == 0, "%s: %u elements left open", what, open->len);
  PD_FUZZ_CHECK (c.n_style == 1 && c.n_title == 1, "%s: %u <style>, %u <title>", what,
                 c.n_style, c.n_title);
  for (guint i = 0; i < hrefs->len; i++)
    {
      const char *href = hrefs->pdata[i];
      PD_FUZZ_CHECK (href[0] == '#' && g_hash_table_contains (ids, href + 1),
                     "%s: link '%s' names no id of the page", what, href);
    }
}

static void
render (const PdComparison *comparison, PdReportFormat format, PdReportFlags flags,
        const char *lang)
{
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) report = g_string_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *what = g_strdup_printf ("report (format %d, flags %d, lang %s)", (int) format,
                                           (int) flags, lang != NULL ? lang : "none");

  options.format = format;
  options.flags = flags;
  options.lang = lang;
  PD_FUZZ_CHECK (pd_report_render_comparison (comparison, &options, report, &error),
                 "%s failed: %s", what, error != NULL ? error->message : "(no error)");
  PD_FUZZ_CHECK (report->len == strlen (report->str), "%s holds a NUL", what);

  switch (format)
    {
    case PD_REPORT_FORMAT_JSON:
      check_json (what, report);
      break;
    case PD_REPORT_FORMAT_TEXT:
      if (flags & PD_REPORT_FLAGS_COLOR)
        {
          g_autoptr(GString) plain = strip_sgr (report);
          pd_fuzz_check_visible (what, plain->str, plain->len, "\n");
        }
      else
        pd_fuzz_check_visible (what, report->str, report->len, "\n");
      break;
    case PD_REPORT_FORMAT_HTML:
      check_html (what, report);
      break;
    case PD_REPORT_FORMAT_MARKDOWN:
    default:
      pd_fuzz_check_visible (what, report->str, report->len, "\n");
      break;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *a, *b;
  size_t a_size, b_size;

  pd_fuzz_split (data, size, &a, &a_size, &b, &b_size);
  g_autoptr(PdDocument) old_document = load ("old.programme", a, a_size);
  if (old_document == NULL)
    return 0;
  g_autoptr(PdDocument) new_document = load ("new.programme", b, b_size);
  if (new_document == NULL)
    return 0;

  /* The last byte varies the similarity threshold, an option users set. */
  PdCompareOptions options = PD_COMPARE_OPTIONS_INIT;
  if (size > 0)
    options.match.threshold = (data[size - 1] % 5) * (PD_SCORE_SCALE / 4);
  g_autoptr(PdComparison) comparison = pd_comparison_new (old_document, new_document, &options);
  PD_FUZZ_CHECK (comparison != NULL, "no comparison");

  /* The model's own promises. */
  const PdCounts *counts = pd_comparison_get_counts (comparison);
  guint n_changes = pd_comparison_get_n_changes (comparison);
  guint n_old = 0, n_new = 0;
  for (guint i = 0; i < n_changes; i++)
    {
      const PdAreaChange *change = pd_comparison_get_change (comparison, i);
      n_old += change->old_area != NULL;
      n_new += change->new_area != NULL;
      PD_FUZZ_CHECK (change->old_area != NULL || change->new_area != NULL, "empty change %u", i);
      PD_FUZZ_CHECK (change->score <= PD_SCORE_SCALE, "score %u out of range", change->score);
    }
  PD_FUZZ_CHECK (n_old == counts->old_areas && n_old == pd_document_get_n_areas (old_document),
                 "old areas: %u in changes, %u counted", n_old, counts->old_areas);
  PD_FUZZ_CHECK (n_new == counts->new_areas && n_new == pd_document_get_n_areas (new_document),
                 "new areas: %u in changes, %u counted", n_new, counts->new_areas);
  PD_FUZZ_CHECK (counts->added + counts->removed + counts->unchanged + counts->modified
                   + counts->renamed == n_changes,
                 "statuses do not add up to %u", n_changes);

  static const struct
  {
    PdReportFormat format;
    PdReportFlags flags;
    const char *lang;
  } variants[] = {
    { PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_NONE, NULL },
    { PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_COLOR, "ja" },
    { PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_STAT, NULL },
    { PD_REPORT_FORMAT_MARKDOWN, PD_REPORT_FLAGS_NONE, NULL },
    { PD_REPORT_FORMAT_MARKDOWN, PD_REPORT_FLAGS_STAT, "ja" },
    { PD_REPORT_FORMAT_JSON, PD_REPORT_FLAGS_NONE, NULL },
    { PD_REPORT_FORMAT_JSON, PD_REPORT_FLAGS_STAT, "ja" },
    { PD_REPORT_FORMAT_HTML, PD_REPORT_FLAGS_NONE, NULL },
    { PD_REPORT_FORMAT_HTML, PD_REPORT_FLAGS_STAT, "ja" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    render (comparison, variants[i].format, variants[i].flags, variants[i].lang);
  return 0;
}
