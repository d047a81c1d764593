/* test-escape.c: making untrusted text safe to show on a terminal. */
#include "config.h"

#include "pd-escape-private.h"
#include "pd-test-util.h"

typedef struct
{
  const char *name;
  const char *input;
  gssize length;          /* -1: up to the NUL */
  gboolean keep_newlines;
  const char *expected;
} EscapeCase;

static const EscapeCase escape_cases[] = {
  { "plain-ascii", "Plain text, 100% (ok)!", -1, FALSE, "Plain text, 100% (ok)!" },
  { "empty", "", -1, FALSE, "" },
  { "esc-colour", "\x1b[31mred\x1b[0m", -1, FALSE, "\\e[31mred\\e[0m" },
  { "osc8-hyperlink", "\x1b]8;;http://evil.example/\x07" "click\x1b]8;;\x07", -1, FALSE,
    "\\e]8;;http://evil.example/\\x07click\\e]8;;\\x07" },
  { "osc-title-st", "\x1b]0;title\x1b\\", -1, FALSE, "\\e]0;title\\e\\" },
  { "bel", "ding\a", -1, FALSE, "ding\\x07" },
  { "cr", "overwrite\rme", -1, FALSE, "overwrite\\rme" },
  { "tab", "a\tb", -1, FALSE, "a\\tb" },
  { "newline", "a\nb", -1, FALSE, "a\\nb" },
  { "backspace", "a\bb", -1, FALSE, "a\\x08b" },
  { "del", "a\x7f" "b", -1, FALSE, "a\\x7Fb" },
  { "c1-csi", "\xC2\x9B" "31m", -1, FALSE, "\\u009B31m" },
  { "c1-nel", "a\xC2\x85" "b", -1, FALSE, "a\\u0085b" },
  { "c1-first-last", "\xC2\x80\xC2\x9F", -1, FALSE, "\\u0080\\u009F" },
  { "nbsp-kept", "a\xC2\xA0" "b", -1, FALSE, "a\xC2\xA0" "b" },
  { "invalid-bytes", "a\xff\xfe" "b", -1, FALSE, "a\\xFF\\xFEb" },
  { "latin1", "caf\xe9", -1, FALSE, "caf\\xE9" },
  { "truncated-sequence", "\xE3\x81", -1, FALSE, "\\xE3\\x81" },
  { "overlong", "\xC0\xAF", -1, FALSE, "\\xC0\\xAF" },
  { "surrogate", "\xED\xA0\x80", -1, FALSE, "\\xED\\xA0\\x80" },
  { "bidi-override", "abc\xE2\x80\xAE" "fed", -1, FALSE, "abc<U+202E>fed" },
  { "bidi-isolates", "\xE2\x81\xA6x\xE2\x81\xA9", -1, FALSE, "<U+2066>x<U+2069>" },
  { "bidi-marks", "\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C", -1, FALSE, "<U+200E><U+200F><U+061C>" },
  { "zero-width", "pay\xE2\x80\x8Bpal", -1, FALSE, "pay<U+200B>pal" },
  { "zero-width-joiners", "\xE2\x80\x8C\xE2\x80\x8D\xE2\x81\xA0", -1, FALSE, "<U+200C><U+200D><U+2060>" },
  { "bom", "\xEF\xBB\xBFtext", -1, FALSE, "<U+FEFF>text" },
  { "line-separators", "a\xE2\x80\xA8" "b\xE2\x80\xA9", -1, FALSE, "a<U+2028>b<U+2029>" },
  { "cjk-kept", "日本語の文章、한국어, 中文", -1, FALSE, "日本語の文章、한국어, 中文" },
  { "accents-kept", "café naïve Ångström ñ", -1, FALSE, "café naïve Ångström ñ" },
  { "emoji-kept", "ok \xF0\x9F\x91\x8D", -1, FALSE, "ok \xF0\x9F\x91\x8D" },
  { "backslash-kept", "a\\qb\\", -1, FALSE, "a\\qb\\" },
  { "keep-newlines", "one\ntwo\r\nthree", -1, TRUE, "one\ntwo\\r\nthree" },
  { "keep-newlines-escapes-others", "\x1b[2J\n\t", -1, TRUE, "\\e[2J\n\\t" },
  { "length-stops-early", "abcdef", 3, FALSE, "abc" },
  { "length-with-nul", "a\0b", 3, FALSE, "a\\x00b" },
  { "length-cuts-character", "日本", 4, FALSE, "日\\xE6" },
};

static void
test_escape_case (gconstpointer data)
{
  const EscapeCase *c = data;
  g_autoptr(GString) out = g_string_new (NULL);

  pd_escape__append_visible (out, c->input, c->length, c->keep_newlines);
  g_assert_cmpstr (out->str, ==, c->expected);
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
}

static void
test_escape_appends (void)
{
  g_autoptr(GString) out = g_string_new ("kept: ");

  pd_escape__append_visible (out, "\x1b", -1, FALSE);
  pd_escape__append_visible (out, " and more", -1, FALSE);
  g_assert_cmpstr (out->str, ==, "kept: \\e and more");
}

static void
test_escape_visible (void)
{
  g_autofree char *all = pd_escape__visible ("x\x1b[1my", -1);
  g_autofree char *part = pd_escape__visible ("x\x1b[1my", 2);

  g_assert_cmpstr (all, ==, "x\\e[1my");
  g_assert_cmpstr (part, ==, "x\\e");
}

static void
test_escape_no_control_survives (void)
{
  g_test_summary ("Whatever the bytes, the output is UTF-8 with no C0, DEL or C1.");

  char bytes[256];

  for (int i = 0; i < 256; i++)
    bytes[i] = (char) i;

  /* Every single byte, then every two-byte pair starting with 0xC2. */
  g_autofree char *all = pd_escape__visible (bytes, sizeof bytes);
  g_autoptr(GString) pairs = g_string_new (NULL);

  for (int i = 0; i < 256; i++)
    {
      char pair[2] = { (char) 0xC2, (char) i };
      pd_escape__append_visible (pairs, pair, 2, FALSE);
    }
  for (const char *text = all; text != NULL; text = text == all ? pairs->str : NULL)
    {
      g_assert_true (g_utf8_validate (text, -1, NULL));
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          g_assert_false (c < 0x20 || (c >= 0x7F && c < 0xA0));
        }
    }
}

static void
test_escape_skip_plain (void)
{
  g_test_summary ("pd_escape__skip_plain() stops at the first byte that is not printable "
                  "ASCII wherever it lies in or across the 16- and 8-byte blocks, and "
                  "only there.");

  static const guchar unusual[] = { 0x00, 0x01, '\t', '\n', 0x1F, 0x7F, 0x80, 0xC3, 0xFF };
  char buf[48];

  for (gsize length = 0; length <= 40; length++)
    {
      memset (buf, 'a', sizeof buf);
      buf[length] = '\x01';   /* past the end: must not be seen */
      g_assert_true (pd_escape__skip_plain (buf, buf + length) == buf + length);
      for (gsize at = 0; at < length; at++)
        for (guint u = 0; u < G_N_ELEMENTS (unusual); u++)
          {
            memset (buf, ' ' + (char) (at % 90), sizeof buf);
            buf[at] = (char) unusual[u];
            g_assert_true (pd_escape__skip_plain (buf, buf + length) == buf + at);
          }
    }
  /* The edges of printable ASCII are plain. */
  const char *edges = " ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~ ~";
  g_assert_true (pd_escape__skip_plain (edges, edges + strlen (edges)) == edges + strlen (edges));
}

int
main (int argc, char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: nothing here reads HOME or XDG
   * directories, and GLib 2.74's g_set_user_dirs() leaks on purpose,
   * which would fail the valgrind run (glib.supp does not match it on
   * Debian's stripped libglib). */
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (escape_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/escape/visible/", escape_cases[i].name, NULL);
      g_test_add_data_func (path, &escape_cases[i], test_escape_case);
    }
  g_test_add_func ("/escape/visible/appends", test_escape_appends);
  g_test_add_func ("/escape/visible/new-string", test_escape_visible);
  g_test_add_func ("/escape/visible/no-control-survives", test_escape_no_control_survives);
  g_test_add_func ("/escape/skip-plain", test_escape_skip_plain);

  return g_test_run ();
}
