/* pd-test-html-vocabulary.h: the elements and attributes progdiff's HTML
 * reports are made of, for the test suite's page checks
 * (tests/pd-test-html.c) and the fuzz target's (tests/fuzz/fuzz_compare.c);
 * anything else in a page is a finding. Header-only, as the fuzz targets
 * are built without the test utilities. */
#ifndef PD_TEST_HTML_VOCABULARY_H
#define PD_TEST_HTML_VOCABULARY_H

static const char *const pd_test_html_void_elements[] G_GNUC_UNUSED = {
  "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
  "track", "wbr", NULL
};

static const char *const pd_test_html_elements[] G_GNUC_UNUSED = {
  "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "nav",
  "section", "article", "h1", "h2", "h3", "h4", "p", "div", "span", "ul", "ol", "li", "a",
  "code", "del", "ins", "table", "thead", "tbody", "tr", "th", "td", NULL
};

/* ... and their attributes, besides data-*. */
static const char *const pd_test_html_attributes[] G_GNUC_UNUSED = {
  "lang", "charset", "http-equiv", "name", "content", "id", "class", "href", "style",
  "title", "role", "aria-label", "aria-hidden", NULL
};

#endif /* PD_TEST_HTML_VOCABULARY_H */
