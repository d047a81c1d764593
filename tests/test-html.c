/* test-html.c: the HTML reports (pd-render-html.c), parsed in-process.
 *
 * progdiff writes pages that are also well-formed XML, so GMarkup reads
 * them strictly here: a stray '<' or '&' from the input fails the parse.
 * The browser's view of the same pages is tests/test-browser.c.
 */
#include "config.h"

#include <string.h>

#include "pd-render-private.h"
#include "pd-test-html.h"
#include "pd-test-util.h"

static char *
render (PdComparison *cmp, PdReportFlags flags)
{
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  options.format = PD_REPORT_FORMAT_HTML;
  options.flags = flags;
  g_assert_true (pd_report_render_comparison (cmp, &options, out, &error));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static PdComparison *
nato_japan (void)
{
  g_autoptr(PdDocument) o = pd_test_load_fixture ("nato-japan", "ipcp-2020.programme", NULL);
  g_autoptr(PdDocument) n = pd_test_load_fixture ("nato-japan", "itpp-2023.programme", NULL);

  return pd_comparison_new (o, n, NULL);
}

/* No control byte but the line break, and no raw bidi override. */
static void
assert_visible_only (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p++)
    g_assert_true ((guchar) *p >= 0x20 || *p == '\n');
  g_assert_null (strstr (text, "\xe2\x80\xae"));
}

static guint
index_of (const PdTestHtml *html, const char *id)
{
  const PdTestElement *e = pd_test_html_by_id (html, id);

  g_assert_nonnull (e);
  for (guint i = 0; i < html->elements->len; i++)
    if (html->elements->pdata[i] == e)
      return i;
  g_assert_not_reached ();
}

static guint
count_area_articles (const PdTestHtml *html, const char *klass)
{
  guint n = 0;

  for (guint i = 0; i < html->elements->len; i++)
    {
      const PdTestElement *e = html->elements->pdata[i];
      const char *id = pd_test_element_attr (e, "id");
      n += pd_test_element_is (e, "article", klass) && id != NULL && g_str_has_prefix (id, "area-");
    }
  return n;
}

static void
test_html_escape (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  pd_render__html_text (out, "a<b>&\"'\x1b[1m\xe2\x80\xae\xef\xbf\xbf\xff\nz", -1);
  g_assert_cmpstr (out->str, ==, "a&lt;b&gt;&amp;&quot;&#39;\\e[1m&lt;U+202E&gt;&lt;U+FFFF&gt;"
                                 "\\xFF\nz");
  g_string_truncate (out, 0);
  pd_render__html_attr (out, "x\ny\"");
  g_assert_cmpstr (out->str, ==, "x\\ny&quot;");
}

static void
test_html_slugs (void)
{
  g_autoptr(GHashTable) ids = pd_render__html_ids_new ();
  g_autofree char *long_id = g_strnfill (200, 'a');

  g_assert_cmpstr (pd_render__html_slug (ids, "area-", "Space_Ops.2"), ==, "area-space-ops-2");
  g_assert_cmpstr (pd_render__html_slug (ids, "area-", "space ops 2"), ==, "area-space-ops-2-2");
  g_assert_cmpstr (pd_render__html_slug (ids, "area-", "SPACE-OPS-2"), ==, "area-space-ops-2-3");
  g_assert_cmpstr (pd_render__html_slug (ids, "area-", "\"><script>"), ==, "area-script");
  g_assert_cmpstr (pd_render__html_slug (ids, "area-", "\xe5\xae\x87\xe5\xae\x99"), ==, "area-x");
  g_assert_cmpstr (pd_render__html_slug (ids, "area-", "--"), ==, "area-x-2");
  g_assert_cmpuint (strlen (pd_render__html_slug (ids, "area-", long_id)), <=, 5 + 60);
}

static void
test_html_diff_nato_japan (void)
{
  g_autoptr(PdComparison) cmp = nato_japan ();
  g_autofree char *text = render (cmp, PD_REPORT_FLAGS_NONE);
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (text);

  pd_test_html_assert_inert (html);
  assert_visible_only (text);
  g_assert_cmpstr (pd_test_html_find (html, "title", NULL, 0)->text->str, ==,
                   "Changes from IPCP 2020 to ITPP 2023");
  /* Summary, contents, the programme's fields, then the areas. */
  g_assert_cmpuint (index_of (html, "summary"), <, index_of (html, "contents"));
  g_assert_cmpuint (index_of (html, "contents"), <, index_of (html, "programme"));
  g_assert_cmpuint (index_of (html, "programme"), <, index_of (html, "areas"));
  pd_test_html_assert_counts (html, 9, 16, 7, 0, 2, 7, 0, 2);
  g_assert_cmpuint (pd_test_html_count (html, "span", "seg"), ==, 3);

  g_assert_cmpuint (count_area_articles (html, NULL), ==, 16);
  g_assert_cmpuint (count_area_articles (html, "added"), ==, 7);
  g_assert_cmpuint (count_area_articles (html, "renamed"), ==, 2);
  g_assert_cmpuint (count_area_articles (html, "modified"), ==, 7);
  g_assert_cmpuint (count_area_articles (html, "moved"), ==, 2);
  /* The contents link every area once by status and the moved ones again. */
  g_assert_cmpuint (pd_test_html_count (html, "a", NULL), ==, 16 + 2);
  g_assert_cmpstr (pd_test_element_attr (pd_test_html_find (html, "div", "added", 0),
                                         "data-count"), ==, "7");

  const PdTestElement *renamed = pd_test_html_by_id (html, "area-science-technology");
  g_assert_true (pd_test_element_is (renamed, "article", "renamed"));
  g_assert_nonnull (strstr (renamed->text->str, "Renamed from \u201cDefence science and technology\u201d"));
  g_assert_nonnull (strstr (renamed->text->str, "paired by similarity 0.8"));
  g_assert_nonnull (strstr (renamed->text->str, "defence-science-technology \u2192 science-technology"));
  const PdTestElement *moved = pd_test_html_by_id (html, "area-counter-terrorism");
  g_assert_nonnull (strstr (moved->text->str, "moved from position"));
  /* An added area is shown whole, as written, beside an empty side. */
  const PdTestElement *space = pd_test_html_by_id (html, "area-space");
  g_assert_nonnull (strstr (space->text->str, "Not in IPCP 2020"));
  g_assert_nonnull (strstr (space->text->str, "Improve shared awareness of the orbital environment"));
  g_assert_cmpuint (pd_test_html_count (html, "del", NULL), >, 20);
  g_assert_cmpuint (pd_test_html_count (html, "ins", NULL), >, 20);
}

static void
test_html_diff_stat (void)
{
  g_autoptr(PdComparison) cmp = nato_japan ();
  g_autofree char *text = render (cmp, PD_REPORT_FLAGS_STAT);
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (text);

  pd_test_html_assert_inert (html);
  pd_test_html_assert_counts (html, 9, 16, 7, 0, 2, 7, 0, 2);
  g_assert_cmpuint (pd_test_html_count (html, "article", NULL), ==, 0);
  g_assert_cmpuint (pd_test_html_count (html, "nav", NULL), ==, 0);
}

/* Markup, a style break-out, quotes, script URLs, event handlers and a
 * bidi override in values; ESC, BEL, SOH and a non-UTF-8 byte in names.
 * All of it must come out as text, and the page must stay well-formed. */
static void
test_html_diff_hostile (void)
{
  const char *o = PD_TEST_HOSTILE_OLD, *n = PD_TEST_HOSTILE_NEW;
  g_autoptr(PdDocument) old_doc = pd_document_load_data (PD_TEST_HOSTILE_OLD_NAME, o, strlen (o),
                                                         NULL, NULL);
  g_autoptr(PdDocument) new_doc = pd_document_load_data (PD_TEST_HOSTILE_NEW_NAME, n, strlen (n),
                                                         NULL, NULL);
  g_assert_nonnull (old_doc);
  g_assert_nonnull (new_doc);
  g_autoptr(PdComparison) cmp = pd_comparison_new (old_doc, new_doc, NULL);
  g_autofree char *text = render (cmp, PD_REPORT_FLAGS_NONE);
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (text);

  pd_test_html_assert_inert (html);
  assert_visible_only (text);
  /* What looked like markup is text in the parsed page. */
  const PdTestElement *h1 = pd_test_html_find (html, "h1", NULL, 0);
  g_assert_nonnull (strstr (h1->text->str, "<img src=x onerror=alert(1)> 1 \"quoted\" 'single'"));
  const PdTestElement *x = pd_test_html_by_id (html, "area-x");
  g_assert_nonnull (strstr (x->text->str, "<script>alert(1)</script> \" onmouseover=\"alert(1) "
                                          "<U+202E>reversed"));
  g_assert_nonnull (strstr (x->text->str, "<style>body{background:url(http://evil.test/b.png)}"));
  g_assert_nonnull (strstr (text, "old\\e[31m\\x07.programme"));
  g_assert_nonnull (strstr (text, "new\\x01\\xFF.programme"));
  g_assert_null (strstr (text, "<script"));
  g_assert_null (strstr (text, "</style><"));
}

static PdTimeline *
nato_japan_timeline (void)
{
  const char *names[] = { "itpp-2023.programme", "ipcp-2014.programme", "ipcp-2020.programme",
                          "ipcp-2018.programme" };
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_document_unref);
  PdTimeline *timeline = pd_timeline_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (docs, pd_test_load_fixture ("nato-japan", names[i], NULL));
  pd_timeline_sort_documents (docs);
  for (guint i = 0; i < docs->len; i++)
    pd_timeline_add (timeline, docs->pdata[i], pd_document_get_version (docs->pdata[i]), NULL,
                     pd_document_get_name (docs->pdata[i]));
  return timeline;
}

static void
test_html_timeline (void)
{
  g_autoptr(PdTimeline) timeline = nato_japan_timeline ();
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  options.format = PD_REPORT_FORMAT_HTML;
  g_assert_true (pd_report_render_timeline (timeline, &options, out, NULL));
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (out->str);
  pd_test_html_assert_inert (html);
  g_assert_cmpstr (pd_test_html_find (html, "title", NULL, 0)->text->str, ==,
                   "Timeline from IPCP 2014 to ITPP 2023");
  g_assert_nonnull (pd_test_html_by_id (html, "matrix"));
  g_assert_nonnull (pd_test_html_by_id (html, "versions"));
  /* 16 rows × 4 versions, as the text timeline draws them. */
  g_assert_cmpuint (pd_test_html_count (html, "div", "rh"), ==, 16);
  g_assert_cmpuint (pd_test_html_count (html, "div", "version"), ==, 4);
  g_assert_cmpuint (pd_test_html_count (html, "div", "cell"), ==, 64);
  g_assert_cmpuint (pd_test_html_count (html, "div", "added"), ==, 16);
  g_assert_cmpuint (pd_test_html_count (html, "div", "unchanged"), ==, 15);
  g_assert_cmpuint (pd_test_html_count (html, "div", "changed"), ==, 8);
  g_assert_cmpuint (pd_test_html_count (html, "div", "renamed"), ==, 2);
  g_assert_cmpuint (pd_test_html_count (html, "div", "absent"), ==, 23);
  g_assert_cmpuint (pd_test_html_count (html, "span", "swatch"), ==, 6);
  /* The renamed rows carry their latest title and ID. */
  const PdTestElement *cell = pd_test_html_find (html, "div", "renamed", 0);
  g_assert_cmpstr (pd_test_element_attr (cell, "title"), ==,
                   "Arms control, disarmament and non-proliferation, 2023: renamed");
}

static void
test_html_timeline_hostile (void)
{
  const char *o = PD_TEST_HOSTILE_OLD, *n = PD_TEST_HOSTILE_NEW;
  g_autoptr(PdDocument) old_doc = pd_document_load_data (PD_TEST_HOSTILE_OLD_NAME, o, strlen (o),
                                                         NULL, NULL);
  g_autoptr(PdDocument) new_doc = pd_document_load_data (PD_TEST_HOSTILE_NEW_NAME, n, strlen (n),
                                                         NULL, NULL);
  g_autoptr(PdTimeline) timeline = pd_timeline_new (NULL);
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  pd_timeline_add (timeline, old_doc, "\"><script>", NULL, PD_TEST_HOSTILE_OLD_NAME);
  pd_timeline_add (timeline, new_doc, "v2\x1b", NULL, PD_TEST_HOSTILE_NEW_NAME);
  options.format = PD_REPORT_FORMAT_HTML;
  g_assert_true (pd_report_render_timeline (timeline, &options, out, NULL));
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (out->str);
  pd_test_html_assert_inert (html);
  assert_visible_only (out->str);
  g_assert_cmpuint (pd_test_html_count (html, "div", "cell"), ==, 4);
}

/* A column where the document was deleted: labelled so, no areas, every
 * area removed; the page is still well formed. */
static void
test_html_timeline_deleted (void)
{
  g_autoptr(PdDocument) doc = pd_test_load_fixture ("nato-japan", "ipcp-2014.programme", NULL);
  g_autoptr(PdTimeline) timeline = pd_timeline_new (NULL);
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  pd_timeline_add (timeline, doc, "2014", NULL, "ipcp-2014.programme");
  pd_timeline_add (timeline, NULL, "abc1234", "abc1234", NULL);
  options.format = PD_REPORT_FORMAT_HTML;
  g_assert_true (pd_report_render_timeline (timeline, &options, out, NULL));
  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (out->str);
  pd_test_html_assert_inert (html);
  g_assert_cmpuint (pd_test_html_count (html, "div", "removed"), ==, 8);
  g_assert_nonnull (strstr (out->str, "<title>Timeline from IPCP 2014 to deleted</title>"));
  g_assert_nonnull (strstr (out->str, "<span class=\"sub areas\">0 areas</span>"));
}

static void
add_entry (PdLogReport *report, const char *short_id, const char *subject, PdDocument *old_doc,
           PdDocument *new_doc, const PdComparison *cmp)
{
  PdCommitInfo info = { "0123456789abcdef0123456789abcdef01234567", short_id, 1689156000, 180,
                        "A <b>author</b>", subject };
  PdLogEntry entry = { &info, "plan.programme", old_doc, new_doc, cmp, NULL, FALSE, FALSE };

  g_assert_true (pd_log_report_add (report, &entry, NULL));
}

/* A log page with -p: two commits, one diff; every id unique. */
static void
test_html_log (void)
{
  g_autoptr(PdDocument) o = pd_test_load_fixture ("nato-japan", "ipcp-2020.programme", NULL);
  g_autoptr(PdDocument) n = pd_test_load_fixture ("nato-japan", "itpp-2023.programme", NULL);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  PdReportOptions options = PD_REPORT_OPTIONS_INIT;
  g_autoptr(GString) out = g_string_new (NULL);

  options.format = PD_REPORT_FORMAT_HTML;
  options.flags = PD_REPORT_FLAGS_PATCH;
  g_autoptr(PdLogReport) report = pd_log_report_new (&options, "plan<1>.programme");
  add_entry (report, "bbbbbbb", "ITPP <script>alert(1)</script>", o, n, cmp);
  add_entry (report, "aaaaaaa", "First & only \"IPCP\"", NULL, o, NULL);
  g_assert_true (pd_log_report_finish (report, out, NULL));

  g_autoptr(PdTestHtml) html = pd_test_html_parse_xml (out->str);
  pd_test_html_assert_inert (html);
  g_assert_cmpuint (pd_test_html_count (html, "li", "commit"), ==, 2);
  g_assert_nonnull (pd_test_html_by_id (html, "commit-bbbbbbb"));
  g_assert_nonnull (pd_test_html_by_id (html, "commit-bbbbbbb-area-space"));
  g_assert_nonnull (pd_test_html_by_id (html, "commit-bbbbbbb-programme"));
  pd_test_html_assert_counts (html, 9, 16, 7, 0, 2, 7, 0, 2);
  const PdTestElement *first = pd_test_html_by_id (html, "commit-aaaaaaa");
  g_assert_nonnull (strstr (first->text->str, "New document, 9 areas."));
  g_assert_nonnull (strstr (pd_test_html_find (html, "h1", NULL, 0)->text->str,
                            "History of plan<1>.programme"));
  g_assert_null (strstr (out->str, "<script"));
}

static void
test_html_format_name (void)
{
  PdReportFormat format = PD_REPORT_FORMAT_TEXT;

  g_assert_true (pd_report_format_from_string ("html", &format));
  g_assert_cmpint (format, ==, PD_REPORT_FORMAT_HTML);
  g_assert_false (pd_report_format_from_string ("HTML", &format));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/html/escape", test_html_escape);
  g_test_add_func ("/html/slugs", test_html_slugs);
  g_test_add_func ("/html/diff/nato-japan", test_html_diff_nato_japan);
  g_test_add_func ("/html/diff/stat", test_html_diff_stat);
  g_test_add_func ("/html/diff/hostile", test_html_diff_hostile);
  g_test_add_func ("/html/timeline/nato-japan", test_html_timeline);
  g_test_add_func ("/html/timeline/hostile", test_html_timeline_hostile);
  g_test_add_func ("/html/timeline/deleted", test_html_timeline_deleted);
  g_test_add_func ("/html/log/patch", test_html_log);
  g_test_add_func ("/html/format-name", test_html_format_name);
  return g_test_run ();
}
