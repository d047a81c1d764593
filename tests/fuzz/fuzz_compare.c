/* fuzz_compare.c: two documents -> pairing, comparison, every report.
 *
 * The input is split at its first NUL (or in the middle) into an old and
 * a new document; inputs that do not read as two documents stop there.
 * The comparison is rendered in every format with and without the
 * options that change the output, and each report is checked: JSON must
 * parse (json-glib) and hold no raw C0 control character, text and
 * Markdown must be valid UTF-8 with no raw control byte but the line
 * feed (with colour, once our own SGR sequences are taken out).
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <progdiff/progdiff.h>

#include "fuzz.h"

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
  };
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    render (comparison, variants[i].format, variants[i].flags, variants[i].lang);
  return 0;
}
