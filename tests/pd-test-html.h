/* pd-test-html.h: read progdiff's HTML reports in tests.
 *
 * Two readers fill the same flat list of elements: a strict one that
 * parses the report as XML with GMarkup (progdiff writes well-formed
 * pages, so any slip fails the test), and a scanner for the DOM that a
 * browser serialises (--dump-dom), which is HTML, not XML.
 */
#ifndef PD_TEST_HTML_H
#define PD_TEST_HTML_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char **attr_names;
  char **attr_values;
  GString *text;          /* text content, descendants included (XML reader only) */
} PdTestElement;

typedef struct
{
  GPtrArray *elements;    /* PdTestElement, in document order */
} PdTestHtml;

/* A document with something of everything a hostile input can try:
 * markup, a style break-out, quotes, script URLs, event handlers, CSS
 * that loads, a bidi override. Raw control characters cannot get
 * through the reader, so tests put them in document names. */
#define PD_TEST_HOSTILE_OLD                                                    \
  "[Programme]\nId=t\nTitle=T\nVersion=1\n[Area a]\nTitle=A\nSummary=plain\n"
#define PD_TEST_HOSTILE_NEW                                                    \
  "[Programme]\nId=t\n"                                                        \
  "Title=T </style><script>alert(1)</script>\n"                                \
  "ShortTitle=<img src=x onerror=alert(1)>\n"                                  \
  "Version=1 \"quoted\" 'single'\n"                                            \
  "Source=javascript:alert(1) <a href=\"javascript:alert(1)\">x</a>\n"         \
  "[Area a]\nTitle=A\n"                                                        \
  "Summary=plain <svg onload=alert(1)> url(http://evil.test/y.png) "           \
  "@import \"http://evil.test/z.css\"; &amp; &nbsp; ]]> <!-- -->\n"            \
  "[Area x]\n"                                                                 \
  "Title=<script>alert(1)</script> \" onmouseover=\"alert(1) \xe2\x80\xaereversed\n" \
  "Summary=<iframe src=\"http://evil.test/\"></iframe> "                       \
  "<link rel=stylesheet href=http://evil.test/s.css> "                         \
  "<meta http-equiv=\"refresh\" content=\"0;url=http://evil.test/\">\n"       \
  "Objectives=<style>body{background:url(http://evil.test/b.png)}</style>;"   \
  "</title></main><base href=\"http://evil.test/\">\n"
/* Names with ESC, BEL, SOH and a byte that is not UTF-8. */
#define PD_TEST_HOSTILE_OLD_NAME "old\x1b[31m\x07.programme"
#define PD_TEST_HOSTILE_NEW_NAME "new\x01\xff.programme"

/* Parses @text as XML, failing the test if it is not well-formed. */
PdTestHtml *pd_test_html_parse_xml (const char *text);

/* Scans the DOM a browser serialised: elements and attributes only. */
PdTestHtml *pd_test_html_scan_dom (const char *text);

void pd_test_html_free (PdTestHtml *html);

/* The element's attribute @name, or NULL. */
const char *pd_test_element_attr (const PdTestElement *element, const char *name);

/* Whether @element is named @name (NULL: any) and has class @klass (NULL: any). */
gboolean pd_test_element_is (const PdTestElement *element, const char *name, const char *klass);

guint pd_test_html_count (const PdTestHtml *html, const char *name, const char *klass);

/* The @nth (from 0) element matching as pd_test_element_is(), or NULL. */
const PdTestElement *pd_test_html_find (const PdTestHtml *html, const char *name,
                                        const char *klass, guint nth);

const PdTestElement *pd_test_html_by_id (const PdTestHtml *html, const char *id);

/* Fails unless the page is inert: only the elements and attributes
 * progdiff writes (no script, image, frame, link, form, base; no on*
 * attribute); exactly one style sheet, with no url() or @import, and
 * style attributes without url(); one meta http-equiv, the CSP; ids
 * unique and [a-z0-9-]; every href a fragment naming an id. */
void pd_test_html_assert_inert (const PdTestHtml *html);

/* Fails unless the counts list (li.added[data-count] …) says these. */
void pd_test_html_assert_counts (const PdTestHtml *html, guint old_areas, guint new_areas,
                                 guint added, guint removed, guint renamed, guint modified,
                                 guint unchanged, guint moved);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestHtml, pd_test_html_free)

G_END_DECLS

#endif /* PD_TEST_HTML_H */
