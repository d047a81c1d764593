/* test-render.c: text, Markdown and JSON reports (pd-render-*.c), whole
 * or written in pieces (pd-report.c). */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-render-private.h"
#include "pd-spool-private.h"
#include "pd-test-util.h"

static char *
render_fixtures (const char *old_name, const char *new_name, PdReportFormat format,
                 PdReportFlags flags)
{
  g_autoptr(PdDocument) o = pd_test_load_fixture ("nato-japan", old_name, NULL);
  g_autoptr(PdDocument) n = pd_test_load_fixture ("nato-japan", new_name, NULL);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  options.format = format;
  options.flags = flags;
  g_assert_true (pd_report_render_comparison (cmp, &options, out, &error));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
render_strings (const char *old_text, const char *new_text, PdReportFormat format)
{
  g_autoptr(PdDocument) o = pd_test_load_string (old_text);
  g_autoptr(PdDocument) n = pd_test_load_string (new_text);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  options.format = format;
  g_assert_true (pd_report_render_comparison (cmp, &options, out, NULL));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_no_control_bytes (const char *text, gboolean allow_esc)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;
      if (c == '\n' || (allow_esc && c == 0x1B))
        continue;
      g_assert_false (c < 0x20 || c == 0x7F);
    }
}

static void
test_render_text_nato_japan (void)
{
  g_autofree char *text = render_fixtures ("ipcp-2020.programme", "itpp-2023.programme",
                                           PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_NONE);

  g_assert_nonnull (strstr (text, "+ Space [space] added\n"));
  g_assert_nonnull (strstr (text, "> Science and technology [science-technology] renamed from "
                                  "\"Defence science and technology\" [defence-science-technology]"
                                  ", paired by similarity 0."));
  g_assert_nonnull (strstr (text, "{+New security challenges+}"));
  g_assert_nonnull (strstr (text, "9 \u2192 16 areas: 7 added, 0 removed, "));
  g_assert_true (g_str_has_suffix (text, "moved\n"));
  g_assert_null (strchr (text, 0x1B));
}

static void
test_render_text_color (void)
{
  g_autofree char *text = render_fixtures ("ipcp-2020.programme", "itpp-2023.programme",
                                           PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_COLOR);

  g_assert_nonnull (strstr (text, "\033[32m"));
  g_assert_null (strstr (text, "{+"));
  g_assert_null (strstr (text, "[-"));
  /* Every reset ends a colour: none stands alone (an unchanged area's
   * heading had one; 2014 to 2018 keeps seven areas). */
  g_autofree char *kept = render_fixtures ("ipcp-2014.programme", "ipcp-2018.programme",
                                           PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_COLOR);
  g_assert_nonnull (strstr (kept, "\n= Cyber defence [cyber-defence] unchanged"));
  gboolean open = FALSE;
  for (const char *p = strchr (kept, 0x1B); p != NULL; p = strchr (p + 1, 0x1B))
    {
      gboolean reset = g_str_has_prefix (p, "\033[m");
      g_assert_true (!reset || open);
      open = !reset;
    }
  g_assert_false (open);
}

static void
test_render_stat (void)
{
  g_autofree char *text = render_fixtures ("ipcp-2020.programme", "itpp-2023.programme",
                                           PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_STAT);

  g_assert_true (g_str_has_prefix (text, "9 \u2192 16 areas: 7 added, 0 removed,"));
  g_assert_cmpint (strchr (text, '\n') - text, ==, strlen (text) - 1);
}

static void
test_render_markdown_nato_japan (void)
{
  g_autofree char *md = render_fixtures ("ipcp-2020.programme", "itpp-2023.programme",
                                         PD_REPORT_FORMAT_MARKDOWN, PD_REPORT_FLAGS_NONE);
  const char *sections[] = { "\n## Added (7)\n", "\n## Removed (0)\n\nNone.\n",
                             "\n## Renamed (2)\n", "\n## Modified (", "\n## Unchanged (" };

  g_assert_true (g_str_has_prefix (md, "# Changes from "));
  const char *last = md;
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      const char *at = strstr (md, sections[i]);
      g_assert_nonnull (at);
      g_assert_true (at > last);
      last = at;
    }
  g_assert_nonnull (strstr (md, "7 areas were added, none was removed, 2 areas were renamed"));
  g_assert_nonnull (strstr (md, "- **Defence science and technology** \u2192 "
                                "**Science and technology** (`defence-science-technology` "
                                "\u2192 `science-technology`; paired by similarity"));
  g_assert_nonnull (strstr (md, "- **Space** (`space`)"));
  g_assert_true (g_str_has_suffix (md, ".\n") || g_str_has_suffix (md, ")\n"));
}

static JsonObject *
parse_json (JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_render_json_nato_japan (void)
{
  g_autofree char *text = render_fixtures ("ipcp-2020.programme", "itpp-2023.programme",
                                           PD_REPORT_FORMAT_JSON, PD_REPORT_FLAGS_NONE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_json (parser, text);

  g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "old"),
                                               "areas"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "new"),
                                               "areas"), ==, 16);
  JsonObject *summary = json_object_get_object_member (root, "summary");
  g_assert_cmpint (json_object_get_int_member (summary, "added"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (summary, "removed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (summary, "renamed"), ==, 2);

  JsonArray *areas = json_object_get_array_member (root, "areas");
  g_assert_cmpuint (json_array_get_length (areas), ==, 16);
  guint renames = 0;
  for (guint i = 0; i < json_array_get_length (areas); i++)
    {
      JsonObject *area = json_array_get_object_element (areas, i);
      if (!g_str_equal (json_object_get_string_member (area, "status"), "renamed"))
        continue;
      renames++;
      g_assert_cmpstr (json_object_get_string_member (area, "match"), ==, "similarity");
      gint64 score = json_object_get_int_member (area, "similarity");
      g_assert_cmpint (score, >=, PD_MATCH_DEFAULT_THRESHOLD);
      g_assert_cmpint (score, <=, PD_SCORE_SCALE);
      const char *old_id = json_object_get_string_member (area, "old_id");
      const char *new_id = json_object_get_string_member (area, "new_id");
      g_assert_true ((g_str_equal (old_id, "defence-science-technology")
                      && g_str_equal (new_id, "science-technology"))
                     || (g_str_equal (old_id, "arms-control")
                         && g_str_equal (new_id, "arms-control-disarmament")));
    }
  g_assert_cmpuint (renames, ==, 2);
}

#define HOSTILE_OLD "[Programme]\nId=t\nTitle=T\nVersion=1\n[Area a]\nTitle=A\n"
/* Markup, a link, a code span, raw HTML, line starts that would open a
 * heading or a list, and a bidi override: what a value can hold. Raw
 * control characters cannot get through the reader; names carry those
 * in /render/json/control-in-name. */
#define HOSTILE_NEW "[Programme]\nId=t\nTitle=T\nVersion=1\n[Area a]\nTitle=A\n" \
  "[Area x]\nTitle=<script>alert(1)</script> *bold* [link](http://e.test) `code` \xe2\x80\xae\n" \
  "Summary=| table | ~~strike~~ & <b>\\n# heading\\n- item\\n1. one\n"

static void
test_render_hostile_markdown (void)
{
  g_autofree char *md = render_strings (HOSTILE_OLD, HOSTILE_NEW, PD_REPORT_FORMAT_MARKDOWN);

  g_assert_null (strstr (md, "<script>"));
  g_assert_null (strstr (md, "<b>"));
  g_assert_nonnull (strstr (md, "\\<script\\>"));
  g_assert_nonnull (strstr (md, "\\*bold\\*"));
  g_assert_nonnull (strstr (md, "\\[link\\]"));
  g_assert_nonnull (strstr (md, "\\`code\\`"));
  g_assert_nonnull (strstr (md, "\\<U+202E\\>"));
  g_assert_null (strstr (md, "\n# heading"));
  g_assert_null (strstr (md, "\n    - item"));
  assert_no_control_bytes (md, FALSE);
}

static void
test_render_hostile_text (void)
{
  g_autofree char *text = render_strings (HOSTILE_OLD, HOSTILE_NEW, PD_REPORT_FORMAT_TEXT);

  g_assert_nonnull (strstr (text, "<U+202E>"));
  g_assert_null (strstr (text, "\xe2\x80\xae"));
  assert_no_control_bytes (text, FALSE);
}

static void
test_render_hostile_json (void)
{
  g_autofree char *text = render_strings (HOSTILE_OLD, HOSTILE_NEW, PD_REPORT_FORMAT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = parse_json (parser, text);
  JsonArray *areas = json_object_get_array_member (root, "areas");

  assert_no_control_bytes (text, FALSE);
  JsonObject *x = json_array_get_object_element (areas, 1);
  g_assert_cmpstr (json_object_get_string_member (x, "status"), ==, "added");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (x, "new_title"),
                                   "<script>alert(1)</script>"));
}

/* json-glib 1.6.6 leaves U+001F raw (shared notes J1); names are the one
 * place raw control characters can reach a report. */
static void
test_render_json_control_in_name (void)
{
  const char *doc = HOSTILE_OLD;
  g_autoptr(PdDocument) o = pd_document_load_data ("a\x1f\x1b[31mb", doc, strlen (doc), NULL, NULL);
  g_autoptr(PdDocument) n = pd_document_load_data ("\xff\x01", doc, strlen (doc), NULL, NULL);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  options.format = PD_REPORT_FORMAT_JSON;
  g_assert_true (pd_report_render_comparison (cmp, &options, out, NULL));
  assert_no_control_bytes (out->str, FALSE);
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
  JsonObject *root = parse_json (parser, out->str);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "old"),
                                                  "name"), ==, "a\x1f\x1b[31mb");
  g_assert_false (json_object_get_boolean_member (root, "differences"));

  /* The text report shows the same names as visible escapes. */
  options.format = PD_REPORT_FORMAT_TEXT;
  g_string_truncate (out, 0);
  g_assert_true (pd_report_render_comparison (cmp, &options, out, NULL));
  assert_no_control_bytes (out->str, FALSE);
  g_assert_nonnull (strstr (out->str, "a\\x1F\\e[31mb"));
  g_assert_nonnull (strstr (out->str, "\\xFF\\x01"));
}

static void
test_render_format_names (void)
{
  PdReportFormat format = PD_REPORT_FORMAT_TEXT;

  g_assert_true (pd_report_format_from_string ("json", &format));
  g_assert_cmpint (format, ==, PD_REPORT_FORMAT_JSON);
  g_assert_true (pd_report_format_from_string ("md", &format));
  g_assert_cmpint (format, ==, PD_REPORT_FORMAT_MARKDOWN);
  g_assert_false (pd_report_format_from_string ("xml", &format));
  g_assert_cmpint (format, ==, PD_REPORT_FORMAT_MARKDOWN);
}

/* ---- streaming ---- */

/* Old and new versions of a programme of @n areas, @words words of
 * summary each, every area reworded: 600 areas of 80 words make a
 * report of some hundreds of KiB in any format. */
static void
large_pair_sized (guint n, guint words, PdDocument **old_doc, PdDocument **new_doc)
{
  static const char head[] = "[Programme]\nId=p\nTitle=Streaming test\nVersion=1\n\n";
  g_autoptr(GString) old_text = g_string_new (head), new_text = g_string_new (head);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) summary = g_string_new (NULL);
      for (guint w = 0; w < words; w++)
        g_string_append_printf (summary, "%sword%u", w > 0 ? " " : "", (i * 7 + w) % 97);
      g_string_append_printf (old_text, "[Area a%u]\nTitle=Area %u\nSummary=%s first\n"
                                        "Objectives=one %u;two\n\n", i, i, summary->str, i);
      g_string_append_printf (new_text, "[Area a%u]\nTitle=Area %u\nSummary=%s second\n"
                                        "Objectives=one %u;three\n\n", i, i, summary->str, i);
    }
  *old_doc = pd_test_load_string (old_text->str);
  *new_doc = pd_test_load_string (new_text->str);
}

static void
large_pair (PdDocument **old_doc, PdDocument **new_doc)
{
  large_pair_sized (600, 80, old_doc, new_doc);
}

typedef struct
{
  GString *collected;
  guint calls;
  guint fail_at;   /* the call that fails, 1-based; 0 = none */
} Collector;

static gboolean
collect (const char *data, gsize length, gpointer user_data, GError **error)
{
  Collector *c = user_data;

  c->calls++;
  g_assert_cmpuint (length, >, 0);
  if (c->calls == c->fail_at)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, "disk full");
      return FALSE;
    }
  g_string_append_len (c->collected, data, length);
  return TRUE;
}

/* Every format a report has. */
static const PdReportFormat all_formats[] = { PD_REPORT_FORMAT_TEXT, PD_REPORT_FORMAT_MARKDOWN,
                                              PD_REPORT_FORMAT_JSON, PD_REPORT_FORMAT_HTML };

static void
test_render_stream_same_bytes (void)
{
  g_test_summary ("A report written in pieces is, byte for byte, the report rendered "
                  "whole, in every format; a large one comes in several pieces.");

  g_autoptr(PdDocument) o = NULL, n = NULL;
  large_pair (&o, &n);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    {
      PdReportOptions options = PD_REPORT_OPTIONS_INIT;
      g_autoptr(GString) whole = g_string_new (NULL);
      g_autoptr(GString) pieces = g_string_new (NULL);
      Collector c = { pieces, 0, 0 };
      g_autoptr(GError) error = NULL;

      options.format = all_formats[f];
      g_assert_true (pd_report_render_comparison (cmp, &options, whole, NULL));
      g_assert_true (pd_report_write_comparison (cmp, &options, collect, &c, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (whole->len, >, 256 * 1024);
      g_assert_cmpuint (c.calls, >, 3);
      g_assert_cmpmem (pieces->str, pieces->len, whole->str, whole->len);
    }
}

static void
test_render_stream_write_fails (void)
{
  g_test_summary ("The first failure of the write function ends the report: it is "
                  "returned and the function is not called again.");

  g_autoptr(PdDocument) o = NULL, n = NULL;
  large_pair (&o, &n);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  g_autoptr(GString) pieces = g_string_new (NULL);
  Collector c = { pieces, 0, 2 };
  g_autoptr(GError) error = NULL;

  g_assert_false (pd_report_write_comparison (cmp, NULL, collect, &c, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpuint (c.calls, ==, 2);
  g_assert_cmpuint (pieces->len, >, 0);
}

/* A log report of @n commits, each the whole of @cmp, with patches. */
static PdLogReport *
large_log (const PdComparison *cmp, PdDocument *o, PdDocument *n, PdReportFormat format,
           PdReportFlags extra, guint commits)
{
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  const PdCommitInfo info = { "0123456789abcdef0123456789abcdef01234567", "0123456",
                              1689120000, 0, "An Editor", "Revise the programme" };
  const PdLogEntry entry = { &info, "programme.programme", o, n, cmp, NULL, FALSE, FALSE };

  options.format = format;
  options.flags = PD_REPORT_FLAGS_PATCH | extra;
  PdLogReport *report = pd_log_report_new (&options, "programme.programme");
  for (guint k = 0; k < commits; k++)
    g_assert_true (pd_log_report_add (report, &entry, NULL));
  return report;
}

static void
test_render_log_stream (void)
{
  g_test_summary ("A log report written in pieces is, byte for byte, the report "
                  "appended whole, in every format, newest or oldest first; a write "
                  "that fails ends it.");

  g_autoptr(PdDocument) o = NULL, n = NULL;
  large_pair_sized (300, 12, &o, &n);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    for (guint reverse = 0; reverse < 2; reverse++)
      {
        g_autoptr(PdLogReport) report
            = large_log (cmp, o, n, all_formats[f], reverse ? PD_REPORT_FLAGS_REVERSE : 0, 12);
        g_autoptr(GString) whole = g_string_new (NULL);
        g_autoptr(GString) pieces = g_string_new (NULL);
        Collector c = { pieces, 0, 0 };
        g_autoptr(GError) error = NULL;

        g_assert_true (pd_log_report_finish (report, whole, NULL));
        g_assert_true (pd_log_report_write (report, collect, &c, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (whole->len, >, 256 * 1024);
        g_assert_cmpuint (c.calls, >, 3);
        g_assert_cmpmem (pieces->str, pieces->len, whole->str, whole->len);
      }

  g_autoptr(PdLogReport) report = large_log (cmp, o, n, PD_REPORT_FORMAT_TEXT, 0, 6);
  g_autoptr(GString) pieces = g_string_new (NULL);
  Collector failing = { pieces, 0, 2 };
  g_autoptr(GError) error = NULL;
  g_assert_false (pd_log_report_write (report, collect, &failing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpuint (failing.calls, ==, 2);
}

static void
test_render_log_spooled (void)
{
  g_test_summary ("A log report whose entries waited in a temporary file is, byte for "
                  "byte, the one held in memory, in every format, newest or oldest "
                  "first, whole and in pieces.");

  g_autoptr(PdDocument) o = NULL, n = NULL;
  large_pair_sized (40, 12, &o, &n);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    for (guint reverse = 0; reverse < 2; reverse++)
      {
        PdReportFlags flags = reverse ? PD_REPORT_FLAGS_REVERSE : 0;
        gsize default_limit = pd_render__set_log_memory_limit (G_MAXSIZE);
        g_autoptr(PdLogReport) held = large_log (cmp, o, n, all_formats[f], flags, 5);
        g_autoptr(GString) expected = g_string_new (NULL);
        g_assert_true (pd_log_report_finish (held, expected, NULL));
        g_autoptr(PdLogReport) one = large_log (cmp, o, n, all_formats[f], flags, 1);
        g_autoptr(GString) first = g_string_new (NULL);
        g_assert_true (pd_log_report_finish (one, first, NULL));
        g_assert_cmpuint (expected->len, >, first->len);
        gsize entry = (expected->len - first->len) / 4;

        /* From the first entry on, and from the third on. */
        const gsize limits[] = { 0, entry * 5 / 2 };
        for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
          {
            pd_render__set_log_memory_limit (limits[l]);
            g_autoptr(PdLogReport) spooled = large_log (cmp, o, n, all_formats[f], flags, 5);
            g_autoptr(GString) whole = g_string_new (NULL), pieces = g_string_new (NULL);
            Collector c = { pieces, 0, 0 };

            g_assert_true (pd_log_report_finish (spooled, whole, NULL));
            g_assert_true (pd_log_report_write (spooled, collect, &c, NULL));
            g_assert_cmpmem (whole->str, whole->len, expected->str, expected->len);
            g_assert_cmpmem (pieces->str, pieces->len, expected->str, expected->len);
          }
        pd_render__set_log_memory_limit (default_limit);
      }
}

static void
test_render_log_spool_unreadable (void)
{
  g_test_summary ("A log report whose temporary file cannot be read back fails with "
                  "that error, whole or in pieces, and writes nothing of the entries.");

  g_autoptr(PdDocument) o = NULL, n = NULL;
  large_pair_sized (300, 12, &o, &n);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  gsize default_limit = pd_render__set_log_memory_limit (0);
  g_autoptr(PdLogReport) report = large_log (cmp, o, n, PD_REPORT_FORMAT_TEXT, 0, 3);
  pd_render__set_log_memory_limit (default_limit);
  g_autoptr(GString) whole = g_string_new (NULL), pieces = g_string_new (NULL);
  Collector c = { pieces, 0, 0 };
  g_autoptr(GError) error = NULL, write_error = NULL;

  pd_spool__set_faults (PD_SPOOL_FAULT_FAIL_READS);
  gboolean finished = pd_log_report_finish (report, whole, &error);
  gboolean written = pd_log_report_write (report, collect, &c, &write_error);
  pd_spool__set_faults (PD_SPOOL_FAULTS_NONE);
  g_assert_false (finished);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_IO);
  g_assert_false (written);
  g_assert_error (write_error, G_FILE_ERROR, G_FILE_ERROR_IO);
  g_assert_cmpuint (c.calls, ==, 0);
}

static void
test_render_two_threads (void)
{
  g_test_summary ("A report of more areas than one thread renders (blocks on two "
                  "threads, written in order) is, byte for byte, the one thread's "
                  "report, whole and in pieces, in every format.");

  g_autoptr(PdDocument) o = NULL, n = NULL;
  large_pair_sized (2600, 12, &o, &n);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);

  for (guint f = 0; f < G_N_ELEMENTS (all_formats); f++)
    {
      PdReportOptions options = PD_REPORT_OPTIONS_INIT;
      g_autoptr(GString) one = g_string_new (NULL), two = g_string_new (NULL);
      g_autoptr(GString) pieces = g_string_new (NULL);
      Collector c = { pieces, 0, 0 };

      options.format = all_formats[f];
      pd_render__set_parallel_min_areas (G_MAXUINT);
      g_assert_true (pd_report_render_comparison (cmp, &options, one, NULL));
      pd_render__set_parallel_min_areas (2048);
      g_assert_true (pd_report_render_comparison (cmp, &options, two, NULL));
      g_assert_true (pd_report_write_comparison (cmp, &options, collect, &c, NULL));
      g_assert_cmpuint (one->len, >, 0);
      g_assert_cmpmem (two->str, two->len, one->str, one->len);
      g_assert_cmpmem (pieces->str, pieces->len, one->str, one->len);
    }

  /* A write that fails stops both threads: no further call. */
  g_autoptr(GString) cut = g_string_new (NULL);
  Collector failing = { cut, 0, 3 };
  g_autoptr(GError) error = NULL;
  g_assert_false (pd_report_write_comparison (cmp, NULL, collect, &failing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpuint (failing.calls, ==, 3);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/text/nato-japan", test_render_text_nato_japan);
  g_test_add_func ("/render/text/color", test_render_text_color);
  g_test_add_func ("/render/text/stat", test_render_stat);
  g_test_add_func ("/render/text/hostile", test_render_hostile_text);
  g_test_add_func ("/render/markdown/nato-japan", test_render_markdown_nato_japan);
  g_test_add_func ("/render/markdown/hostile", test_render_hostile_markdown);
  g_test_add_func ("/render/json/nato-japan", test_render_json_nato_japan);
  g_test_add_func ("/render/json/hostile", test_render_hostile_json);
  g_test_add_func ("/render/json/control-in-name", test_render_json_control_in_name);
  g_test_add_func ("/render/format-names", test_render_format_names);
  g_test_add_func ("/render/stream/same-bytes", test_render_stream_same_bytes);
  g_test_add_func ("/render/stream/write-fails", test_render_stream_write_fails);
  g_test_add_func ("/render/two-threads", test_render_two_threads);
  g_test_add_func ("/render/stream/log", test_render_log_stream);
  g_test_add_func ("/render/stream/log-spooled", test_render_log_spooled);
  g_test_add_func ("/render/stream/log-spool-unreadable", test_render_log_spool_unreadable);
  return g_test_run ();
}
