/* test-plaindiff.c: the plain unified diff behind the git driver's
 * fallback (pd_plaindiff_render). */
#include "config.h"

#include <string.h>

#include "pd-test-util.h"

/* A side given as text; NULL is a missing side. */
typedef struct
{
  const char *name;
  const char *old_text;
  gssize old_length;
  const char *new_text;
  gssize new_length;
  const char *expected;
} PlainCase;

static const PlainCase plain_cases[] = {
  { "change",
    "a\nb\nc\n", -1, "a\nB\nc\n", -1,
    "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n" },
  { "identical", "a\nb\n", -1, "a\nb\n", -1, "" },
  { "added", NULL, -1, "a\nb\n", -1,
    "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n" },
  { "deleted", "a\nb\n", -1, NULL, -1,
    "--- a/f\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n" },
  { "empty-to-text", "", -1, "a\n", -1,
    "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n" },
  { "no-newline-both", "a\nb", -1, "a\nc", -1,
    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
    "\\ No newline at end of file\n" },
  { "newline-removed", "a\nb\n", -1, "a\nb", -1,
    "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n" },
  { "binary-nul", "x\0y", 3, "z", -1, "Binary files a/f and b/f differ\n" },
  { "binary-added", NULL, -1, "\0", 1, "Binary files /dev/null and b/f differ\n" },
  /* ESC, OSC 8 with BEL, CR: visible; a tab stays a tab. */
  { "controls-visible",
    "\tx\033]8;;http://e\007y\r\n", -1, "\tx\n", -1,
    "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-\tx\\e]8;;http://e\\x07y\\r\n+\tx\n" },
  /* The hunk header quotes an input line as function context. */
  { "hunk-context-visible",
    "func\033[31m\n1\n2\n3\n4\n5\n6\n7\n", -1, "func\033[31m\n1\n2\n3\n4\n5\n6\nX\n", -1,
    "--- a/f\n+++ b/f\n@@ -5,4 +5,4 @@ func\\e[31m\n 4\n 5\n 6\n-7\n+X\n" },
  { "invalid-utf8", "caf\xe9\n", -1, "caf\xc3\xa9\n", -1,
    "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-caf\\xE9\n+caf\xc3\xa9\n" },
  { "bidi-marked", "a\n", -1, "a\xe2\x80\xae" "b\n", -1,
    "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+a<U+202E>b\n" },
};

static GBytes *
side_bytes (const char *text, gssize length)
{
  if (text == NULL)
    return NULL;
  return g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);
}

static void
test_plaindiff_case (gconstpointer data)
{
  const PlainCase *c = data;
  g_autoptr(GBytes) old_data = side_bytes (c->old_text, c->old_length);
  g_autoptr(GBytes) new_data = side_bytes (c->new_text, c->new_length);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_plaindiff_render ("a/f", old_data, "b/f", new_data,
                                      PD_PLAINDIFF_FLAGS_NONE, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, c->expected);
}

/* No byte below 0x20 but newline and tab, no DEL, even from hostile
 * names and content. */
static void
assert_no_controls (const GString *out)
{
  for (gsize i = 0; i < out->len; i++)
    {
      guchar c = (guchar) out->str[i];
      g_assert_false ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F);
    }
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
}

static void
test_plaindiff_names_visible (void)
{
  g_autoptr(GBytes) old_data = g_bytes_new_static ("a\n", 2);
  g_autoptr(GBytes) new_data = g_bytes_new_static ("b\n", 2);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (pd_plaindiff_render ("a/odd\033[2J\n", old_data, "b/\xff", new_data,
                                      PD_PLAINDIFF_FLAGS_NONE, out, NULL));
  g_assert_true (g_str_has_prefix (out->str, "--- a/odd\\e[2J\\n\n+++ b/\\xFF\n"));
  assert_no_controls (out);
}

/* Every byte value in content and names: nothing raw comes out. */
static void
test_plaindiff_every_byte (void)
{
  g_autoptr(GString) all = g_string_new (NULL);
  for (guint c = 1; c < 256; c++)
    {
      g_string_append_c (all, (char) c);
      if (c % 16 == 0)
        g_string_append_c (all, '\n');
    }
  g_autoptr(GBytes) old_data = g_bytes_new (all->str, all->len);
  g_autoptr(GBytes) new_data = g_bytes_new_static ("x\n", 2);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (pd_plaindiff_render (all->str, old_data, "b", new_data,
                                      PD_PLAINDIFF_FLAGS_NONE, out, NULL));
  assert_no_controls (out);
}

static void
test_plaindiff_color (void)
{
  g_autoptr(GBytes) old_data = g_bytes_new_static ("a\n", 2);
  g_autoptr(GBytes) new_data = g_bytes_new_static ("b\n", 2);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (pd_plaindiff_render ("a/f", old_data, "b/f", new_data,
                                      PD_PLAINDIFF_FLAGS_COLOR, out, NULL));
  g_assert_cmpstr (out->str, ==,
                   "\033[1m--- a/f\033[m\n\033[1m+++ b/f\033[m\n\033[36m@@ -1 +1 @@\033[m\n"
                   "\033[31m-a\033[m\n\033[32m+b\033[m\n");
}

/* The diff is appended; what the string held stays. */
static void
test_plaindiff_appends (void)
{
  g_autoptr(GBytes) old_data = g_bytes_new_static ("a\n", 2);
  g_autoptr(GBytes) new_data = g_bytes_new_static ("b\n", 2);
  g_autoptr(GString) out = g_string_new ("before\n");

  g_assert_true (pd_plaindiff_render (NULL, old_data, NULL, new_data,
                                      PD_PLAINDIFF_FLAGS_NONE, out, NULL));
  g_assert_cmpstr (out->str, ==, "before\n--- /dev/null\n+++ /dev/null\n@@ -1 +1 @@\n-a\n+b\n");
}

static void
test_plaindiff_both_missing (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (pd_plaindiff_render ("a", NULL, "b", NULL, PD_PLAINDIFF_FLAGS_NONE, out, NULL));
  g_assert_cmpuint (out->len, ==, 0);
}

/* Two fixtures: a real diff has hunks and no raw controls. */
static void
test_plaindiff_fixtures (void)
{
  g_autofree char *a = pd_test_fixture_path ("nato-japan", "ipcp-2020.programme", NULL);
  g_autofree char *b = pd_test_fixture_path ("nato-japan", "itpp-2023.programme", NULL);
  g_autofree char *a_text = NULL, *b_text = NULL;
  gsize a_len = 0, b_len = 0;

  g_assert_true (g_file_get_contents (a, &a_text, &a_len, NULL));
  g_assert_true (g_file_get_contents (b, &b_text, &b_len, NULL));
  g_autoptr(GBytes) old_data = g_bytes_new (a_text, a_len);
  g_autoptr(GBytes) new_data = g_bytes_new (b_text, b_len);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_plaindiff_render ("a/plan.programme", old_data, "b/plan.programme", new_data,
                                      PD_PLAINDIFF_FLAGS_NONE, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (out->str, "--- a/plan.programme\n+++ b/plan.programme\n@@ "));
  g_assert_nonnull (strstr (out->str, "\n+[Area space]\n"));
  assert_no_controls (out);
}

int
main (int argc, char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74's g_set_user_dirs() leaks,
   * which would fail the valgrind run. */
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (plain_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/plaindiff/render/", plain_cases[i].name, NULL);
      g_test_add_data_func (path, &plain_cases[i], test_plaindiff_case);
    }
  g_test_add_func ("/plaindiff/visible/names", test_plaindiff_names_visible);
  g_test_add_func ("/plaindiff/visible/every-byte", test_plaindiff_every_byte);
  g_test_add_func ("/plaindiff/color", test_plaindiff_color);
  g_test_add_func ("/plaindiff/appends", test_plaindiff_appends);
  g_test_add_func ("/plaindiff/both-missing", test_plaindiff_both_missing);
  g_test_add_func ("/plaindiff/fixtures", test_plaindiff_fixtures);

  return g_test_run ();
}
