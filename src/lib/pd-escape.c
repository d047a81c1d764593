/* pd-escape.c: make untrusted text safe to show on a terminal.
 *
 * g_strescape() escapes every byte above 0x7F and so mangles UTF-8; this
 * works on code points instead, in the spirit of git's vreport(): what is
 * printable stays as it is, what could move the cursor, change colours,
 * open a hyperlink or reorder the line becomes a visible escape.
 */
#include "config.h"

#include <string.h>

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
      while (p < end && (guchar) *p >= 0x20 && (guchar) *p < 0x7F)
        p++;
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
