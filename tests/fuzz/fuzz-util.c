/* fuzz-util.c: checks the fuzz targets share (see fuzz.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

void
pd_fuzz_fail (const char *file, int line, const char *cond, const char *format, ...)
{
  va_list args;

  fprintf (stderr, "%s:%d: fuzz check failed: %s: ", file, line, cond);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  fflush (stderr);
  abort ();
}

void
pd_fuzz_init_glib (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

void
pd_fuzz_split (const uint8_t  *data,
               size_t          size,
               const uint8_t **first,
               size_t         *first_size,
               const uint8_t **second,
               size_t         *second_size)
{
  const uint8_t *nul = size > 0 ? memchr (data, '\0', size) : NULL;
  size_t cut = nul != NULL ? (size_t) (nul - data) : size / 2;

  *first = data;
  *first_size = cut;
  *second = data + cut + (nul != NULL ? 1 : 0);
  *second_size = size - cut - (nul != NULL ? 1 : 0);
}

static gboolean
is_invisible_format (gunichar c)
{
  return c == 0x061C || c == 0x200B || c == 0x200C || c == 0x200D
         || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
         || c == 0x2028 || c == 0x2029 || c == 0x2060
         || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

void
pd_fuzz_check_visible (const char *what,
                       const char *text,
                       gsize       length,
                       const char *allowed)
{
  const char *bad = NULL;

  PD_FUZZ_CHECK (g_utf8_validate (text, length, &bad), "%s: invalid UTF-8 at byte %td",
                 what, bad - text);
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);

      PD_FUZZ_CHECK (!control || (c != 0 && c < 0x80 && strchr (allowed, (int) c) != NULL),
                     "%s: raw control character U+%04X at byte %td", what, c, p - text);
      PD_FUZZ_CHECK (!is_invisible_format (c), "%s: raw format character U+%04X at byte %td",
                     what, c, p - text);
    }
}
