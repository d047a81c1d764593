/* pd-escape.c: make untrusted text safe to show on a terminal.
 *
 * g_strescape() escapes every byte above 0x7F and so mangles UTF-8; this
 * works on code points instead, in the spirit of git's vreport(): what is
 * printable stays as it is, what could move the cursor, change colours,
 * open a hyperlink or reorder the line becomes a visible escape.
 */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <progdiff/pd-escape.h>

#include "pd-escape-private.h"

static gboolean
is_invisible_format (gunichar c)
{
  /* Bidirectional controls can make a line read differently from its
   * bytes (CVE-2021-42574); zero-width characters hide differences. */
  return c == 0x061C || c == 0x200B || c == 0x200C || c == 0x200D
         || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
         || c == 0x2028 || c == 0x2029 || c == 0x2060
         || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

static void
append_control (GString *out, gunichar c)
{
  switch (c)
    {
    case '\t': g_string_append (out, "\\t"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case 0x1B: g_string_append (out, "\\e"); break;
    default:
      if (c < 0x80)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_printf (out, "\\u%04X", c);
    }
}

/* Sixteen bytes at a time where SSE2 is there (every x86-64), else
 * eight with the classic word tests ("determine if a word has a byte
 * less than n", "... equal to n", Bit Twiddling Hacks), which may flag a
 * word falsely, never miss one; the byte loop after them has the last
 * word. Nearly every byte of a document and of a report goes through
 * here. @backslash is a constant in each caller, so the test for it
 * costs nothing where it is not asked for. */
static inline const char *
skip_plain (const char *p,
            const char *end,
            gboolean    backslash)
{
#ifdef __SSE2__
  /* Signed bytes: 0x80..0xFF are negative, so "< 0x20" catches them too. */
  const __m128i space = _mm_set1_epi8 (0x20);
  const __m128i del = _mm_set1_epi8 (0x7F);
  const __m128i bs = _mm_set1_epi8 ('\\');
  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
      __m128i odd = _mm_or_si128 (_mm_cmplt_epi8 (v, space), _mm_cmpeq_epi8 (v, del));
      if (backslash)
        odd = _mm_or_si128 (odd, _mm_cmpeq_epi8 (v, bs));
      int mask = _mm_movemask_epi8 (odd);
      if (mask != 0)
        return p + __builtin_ctz ((unsigned) mask);
      p += 16;
    }
#else
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  while (end - p >= 8)
    {
      guint64 w;
      memcpy (&w, p, sizeof w);
      guint64 below_space = (w - ones * 0x20) & ~w & highs;
      guint64 x = w ^ (ones * 0x7F);
      guint64 is_del = (x - ones) & ~x & highs;
      guint64 y = w ^ (ones * '\\');
      guint64 is_backslash = backslash ? (y - ones) & ~y & highs : 0;
      if ((below_space | is_del | is_backslash | (w & highs)) != 0)
        break;
      p += 8;
    }
#endif
  while (p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x7F && !(backslash && *p == '\\'))
    p++;
  return p;
}

const char *
pd_escape__skip_plain (const char *p,
                       const char *end)
{
  return skip_plain (p, end, FALSE);
}

const char *
pd_escape__skip_plain_text (const char *p,
                            const char *end)
{
  return skip_plain (p, end, TRUE);
}

void
pd_escape__append_visible (GString    *out,
                           const char *text,
                           gssize      length,
                           gboolean    keep_newlines)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *run = p;

      /* Copy runs of plain printable ASCII in one go: the common case. */
      p = pd_escape__skip_plain (p, end);
      if (p > run)
        g_string_append_len (out, run, p - run);
      if (p >= end)
        break;

      gunichar c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guchar) *p);
          p++;
          continue;
        }
      const char *next = g_utf8_next_char (p);
      if (c == '\n' && keep_newlines)
        g_string_append_c (out, '\n');
      else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
        append_control (out, c);
      else if (is_invisible_format (c))
        g_string_append_printf (out, "<U+%04X>", c);
      else
        g_string_append_len (out, p, next - p);
      p = next;
    }
}

char *
pd_escape__visible (const char *text,
                    gssize      length)
{
  GString *out = g_string_new (NULL);

  pd_escape__append_visible (out, text, length, FALSE);
  return g_string_free (out, FALSE);
}

char *
pd_escape_visible (const char *text,
                   gssize      length)
{
  g_return_val_if_fail (text != NULL, NULL);

  return pd_escape__visible (text, length);
}
