/* test-browser.c: the HTML reports as a real browser sees them.
 *
 * Renders reports with $PROGDIFF, opens them in headless Chromium
 * (--dump-dom, --screenshot) and checks the DOM the browser built: the
 * sections and counts of the NATO–Japan reports; for a hostile document,
 * no script element, no handler attribute and no request leaving the
 * page. Requests are read from Chromium's own net log; name resolution
 * is switched off as well, so nothing reaches a network either way. A
 * control page that does load an image proves the net-log check sees
 * requests. Four browser launches in all, each under a time limit.
 *
 * Skipped, with a message, where Chromium is missing; CI installs it and
 * sets PD_REQUIRE_CHROMIUM, which turns the skip into a failure.
 * PD_CHROMIUM names another browser binary; PD_TEST_KEEP=1 keeps the
 * pages and screenshots and prints where.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pd-test-html.h"
#include "pd-test-util.h"

/* Seconds one Chromium run may take before it is killed. */
#define CHROMIUM_TIMEOUT "90"
/* A screenshot of a real page is far larger than a blank one (~10 KB). */
#define MIN_SCREENSHOT_BYTES (40 * 1024)

static char *chromium;
static char *workdir;

static gboolean
have_chromium (void)
{
  if (chromium != NULL)
    return TRUE;
  /* CI installs Chromium and sets this: there, a skip would hide a gap. */
  if (g_getenv ("PD_REQUIRE_CHROMIUM") != NULL)
    g_error ("chromium not found, and PD_REQUIRE_CHROMIUM is set");
  g_test_skip ("chromium not found (apt-get install chromium); the browser test did not run");
  return FALSE;
}

static char *
work_path (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

/* Runs progdiff with the NULL-terminated arguments; returns its status. */
static int G_GNUC_NULL_TERMINATED
run_progdiff (const char *first_arg, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PROGDIFF"));
  g_assert_nonnull (argv->pdata[0]);
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, NULL));
  g_test_message ("progdiff: %s", err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Opens @page in headless Chromium with @extra options and returns the
 * DOM it dumps. A fresh profile each time; no name resolves. */
static char *
run_chromium (const char *page, const char *const *extra)
{
  g_autofree char *profile = work_path ("profile-XXXXXX");
  g_autofree char *uri = g_filename_to_uri (page, NULL, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *const fixed[] = {
    "timeout", "-k", "10", CHROMIUM_TIMEOUT, chromium, "--headless", "--no-sandbox",
    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--dump-dom", NULL
  };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_assert_nonnull (g_mkdtemp (profile));
  for (const char *const *a = fixed; *a != NULL; a++)
    g_ptr_array_add (argv, g_strdup (*a));
  g_ptr_array_add (argv, g_strdup_printf ("--user-data-dir=%s", profile));
  for (const char *const *a = extra; a != NULL && *a != NULL; a++)
    g_ptr_array_add (argv, g_strdup (*a));
  g_ptr_array_add (argv, g_strdup (uri));
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("chromium failed:\n%s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pd_test_remove_tree (profile);
  g_assert_true (g_str_has_prefix (out, "<!DOCTYPE html>"));
  return g_steal_pointer (&out);
}

/* A PNG of the window's size, and not a blank one. */
static void
assert_screenshot (const char *path, guint width, guint height)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, MIN_SCREENSHOT_BYTES);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  guint32 size[2];
  memcpy (size, data + 16, sizeof size);
  g_assert_cmpuint (GUINT32_FROM_BE (size[0]), ==, width);
  g_assert_cmpuint (GUINT32_FROM_BE (size[1]), ==, height);
}

/* The distinct URLs the page requested, from Chromium's net log: URL
 * requests in the file:// page's network partition, and anything that
 * named the hostile document's host. */
static guint
count_page_requests (const char *net_log)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_file (parser, net_log, &error));
  g_assert_no_error (error);
  JsonArray *events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                    "events");
  g_assert_nonnull (events);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      if (!json_object_has_member (event, "params"))
        continue;
      JsonObject *params = json_object_get_object_member (event, "params");
      if (params == NULL || !json_object_has_member (params, "url"))
        continue;
      const char *url = json_object_get_string_member (params, "url");
      const char *nik = json_object_get_string_member_with_default (params, "network_isolation_key", "");
      if (strstr (nik, "file://") != NULL || strstr (url, "evil.test") != NULL)
        g_hash_table_add (urls, g_strdup (url));
    }
  GHashTableIter iter;
  gpointer url;
  g_hash_table_iter_init (&iter, urls);
  while (g_hash_table_iter_next (&iter, &url, NULL))
    g_test_message ("the page requested %s", (const char *) url);
  return g_hash_table_size (urls);
}

static guint
count_area_articles (const PdTestHtml *dom, const char *klass)
{
  guint n = 0;

  for (guint i = 0; i < dom->elements->len; i++)
    {
      const PdTestElement *e = dom->elements->pdata[i];
      const char *id = pd_test_element_attr (e, "id");
      n += pd_test_element_is (e, "article", klass) && id != NULL && g_str_has_prefix (id, "area-");
    }
  return n;
}

static void
test_browser_diff (void)
{
  if (!have_chromium ())
    return;
  g_autofree char *a = pd_test_fixture_path ("nato-japan", "ipcp-2020.programme", NULL);
  g_autofree char *b = pd_test_fixture_path ("nato-japan", "itpp-2023.programme", NULL);
  g_autofree char *page = work_path ("diff.html");
  g_autofree char *png = work_path ("diff.png");
  g_autofree char *shot = g_strdup_printf ("--screenshot=%s", png);
  const char *extra[] = { shot, "--window-size=1200,2000", NULL };

  g_assert_cmpint (run_progdiff ("diff", "--format=html", "-o", page, a, b, NULL), ==, 1);
  g_autofree char *text = run_chromium (page, extra);
  g_autoptr(PdTestHtml) dom = pd_test_html_scan_dom (text);

  pd_test_html_assert_inert (dom);
  const char *sections[] = { "summary", "contents", "programme", "areas" };
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_assert_nonnull (pd_test_html_by_id (dom, sections[i]));
  pd_test_html_assert_counts (dom, 9, 16, 7, 0, 2, 7, 0, 2);
  g_assert_cmpuint (count_area_articles (dom, NULL), ==, 16);
  g_assert_cmpuint (count_area_articles (dom, "added"), ==, 7);
  g_assert_cmpuint (count_area_articles (dom, "renamed"), ==, 2);
  g_assert_cmpuint (count_area_articles (dom, "modified"), ==, 7);
  g_assert_cmpuint (count_area_articles (dom, "moved"), ==, 2);
  g_assert_cmpuint (pd_test_html_count (dom, "a", NULL), ==, 18);
  g_assert_cmpuint (pd_test_html_count (dom, "ins", NULL), >, 20);
  assert_screenshot (png, 1200, 2000);
}

static void
test_browser_timeline (void)
{
  if (!have_chromium ())
    return;
  char *f[4] = { pd_test_fixture_path ("nato-japan", "itpp-2023.programme", NULL),
                            pd_test_fixture_path ("nato-japan", "ipcp-2014.programme", NULL),
                            pd_test_fixture_path ("nato-japan", "ipcp-2020.programme", NULL),
                            pd_test_fixture_path ("nato-japan", "ipcp-2018.programme", NULL) };
  g_autofree char *page = work_path ("timeline.html");
  g_autofree char *png = work_path ("timeline.png");
  g_autofree char *shot = g_strdup_printf ("--screenshot=%s", png);
  const char *extra[] = { shot, "--window-size=1200,2000", NULL };

  g_assert_cmpint (run_progdiff ("timeline", "-f", "html", "-o", page, f[0], f[1], f[2], f[3], NULL),
                   ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    g_free (f[i]);
  g_autofree char *text = run_chromium (page, extra);
  g_autoptr(PdTestHtml) dom = pd_test_html_scan_dom (text);

  pd_test_html_assert_inert (dom);
  g_assert_nonnull (pd_test_html_by_id (dom, "matrix"));
  g_assert_cmpuint (pd_test_html_count (dom, "div", "rh"), ==, 16);
  g_assert_cmpuint (pd_test_html_count (dom, "div", "cell"), ==, 64);
  g_assert_cmpuint (pd_test_html_count (dom, "div", "added"), ==, 16);
  g_assert_cmpuint (pd_test_html_count (dom, "div", "renamed"), ==, 2);
  g_assert_cmpuint (pd_test_html_count (dom, "div", "changed"), ==, 8);
  g_assert_cmpuint (pd_test_html_count (dom, "span", "swatch"), ==, 6);
  assert_screenshot (png, 1200, 2000);
}

/* Script tags, a </style> break-out, quotes, javascript: links, event
 * handlers, CSS url() and @import in values; control characters in the
 * file names. The browser must build a page with none of it live. */
static void
test_browser_hostile (void)
{
  if (!have_chromium ())
    return;
  g_autofree char *old_file = work_path (PD_TEST_HOSTILE_OLD_NAME);
  g_autofree char *new_file = work_path (PD_TEST_HOSTILE_NEW_NAME);
  g_autofree char *page = work_path ("hostile.html");
  g_autofree char *net_log = work_path ("hostile-net-log.json");
  g_autofree char *log_option = g_strdup_printf ("--log-net-log=%s", net_log);
  const char *extra[] = { log_option, NULL };

  g_assert_true (g_file_set_contents (old_file, PD_TEST_HOSTILE_OLD, -1, NULL));
  g_assert_true (g_file_set_contents (new_file, PD_TEST_HOSTILE_NEW, -1, NULL));
  g_assert_cmpint (run_progdiff ("diff", "--format=html", "-o", page, old_file, new_file, NULL),
                   ==, 1);
  g_autofree char *text = run_chromium (page, extra);
  g_autoptr(PdTestHtml) dom = pd_test_html_scan_dom (text);

  pd_test_html_assert_inert (dom);
  g_assert_cmpuint (pd_test_html_count (dom, "script", NULL), ==, 0);
  /* The page is whole: the style sheet did not swallow it, nor a title. */
  g_assert_cmpuint (pd_test_html_count (dom, "main", NULL), ==, 1);
  g_assert_cmpuint (pd_test_html_count (dom, "footer", NULL), ==, 1);
  g_assert_cmpuint (count_area_articles (dom, NULL), ==, 2);
  g_assert_nonnull (strstr (text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_nonnull (strstr (text, "old\\e[31m\\x07.programme"));
  g_assert_cmpuint (count_page_requests (net_log), ==, 0);
}

/* The net-log check sees a request when a page does make one. */
static void
test_browser_net_log_control (void)
{
  if (!have_chromium ())
    return;
  g_autofree char *page = work_path ("control.html");
  g_autofree char *net_log = work_path ("control-net-log.json");
  g_autofree char *log_option = g_strdup_printf ("--log-net-log=%s", net_log);
  const char *extra[] = { log_option, NULL };

  g_assert_true (g_file_set_contents (page, "<!DOCTYPE html>\n<title>control</title>"
                                            "<img src=\"http://control.evil.test/x.png\">", -1, NULL));
  g_free (run_chromium (page, extra));
  g_assert_cmpuint (count_page_requests (net_log), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  const char *env = g_getenv ("PD_CHROMIUM");
  chromium = env != NULL ? g_strdup (env) : g_find_program_in_path ("chromium");
  if (chromium == NULL)
    chromium = g_find_program_in_path ("chromium-browser");
  workdir = g_dir_make_tmp ("progdiff-browser-XXXXXX", NULL);
  g_assert_nonnull (workdir);

  g_test_add_func ("/browser/diff/nato-japan", test_browser_diff);
  g_test_add_func ("/browser/timeline/nato-japan", test_browser_timeline);
  g_test_add_func ("/browser/diff/hostile", test_browser_hostile);
  g_test_add_func ("/browser/net-log-control", test_browser_net_log_control);

  int status = g_test_run ();
  if (g_getenv ("PD_TEST_KEEP") != NULL)
    g_printerr ("browser test files kept in %s\n", workdir);
  else
    pd_test_remove_tree (workdir);
  g_free (workdir);
  g_free (chromium);
  return status;
}
