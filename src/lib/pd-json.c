/* pd-json.c: the streaming JSON writer (see pd-json-private.h). */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "pd-json-private.h"

/* g_string_append_len() for the writer's many short pieces (a report of
 * 10,000 areas makes about a million): copied into the string's spare
 * room without a call into GLib when they fit, as they mostly do. */
static inline void
put (GString *out, const char *bytes, gsize n)
{
  if (G_LIKELY (out->allocated_len - out->len > n))
    {
      memcpy (out->str + out->len, bytes, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, bytes, n);
}

void
pd_json_init (PdJson *json, GString *out, guint depth)
{
  g_return_if_fail (depth < PD_JSON_MAX_DEPTH);

  memset (json, 0, sizeof *json);
  json->out = out;
  json->depth = depth;
  json->base = depth;
}

void
pd_json_init_element (PdJson *json, GString *out, guint depth, guint index)
{
  g_return_if_fail (depth > 0);

  pd_json_init (json, out, depth - 1);
  /* As if inside the array, which the caller's own writer opened. */
  json->depth = depth;
  json->n_children[depth - 1] = index;
}

static void
indent (PdJson *json, guint depth)
{
  static const char spaces[2 * PD_JSON_MAX_DEPTH + 1] =
    "                                                                ";

  put (json->out, spaces, 2 * MIN (depth, PD_JSON_MAX_DEPTH));
}

/* Where the next value or member of the open container starts: after
 * ",\n" behind a sibling, else "\n", and the indentation. */
static void
next_line (PdJson *json)
{
  if (json->n_children[json->depth - 1]++ > 0)
    put (json->out, ",\n", 2);
  else
    put (json->out, "\n", 1);
  indent (json, json->depth);
}

/* Bytes that cannot stand raw in a JSON string (C0, '"', '\\'), plus
 * DEL, which json-glib escapes too: 1 where an escape is needed. */
static const guint8 needs_escape[128] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};

/* Where a value starts: after its member name, or on its own line in an
 * array (after a comma unless it is the first). */
static void
begin_value (PdJson *json)
{
  if (json->after_member)
    {
      json->after_member = FALSE;
      return;
    }
  if (json->depth == json->base || json->is_object[json->depth - 1])
    return;   /* the value written (or misuse: a value without a name) */
  next_line (json);
}

void
pd_json_member (PdJson *json, const char *name)
{
  g_return_if_fail (json->depth > json->base && json->is_object[json->depth - 1]);

  next_line (json);
  /* Names are the report's own ASCII words: written as they are unless
   * one ever holds something to escape. */
  const char *p = name;
  while ((guchar) *p - 1u < 0x7Fu && !needs_escape[(guchar) *p])
    p++;
  if (*p == '\0')
    {
      g_string_append_c (json->out, '"');
      put (json->out, name, p - name);
      g_string_append_c (json->out, '"');
    }
  else
    pd_json_append_string (json->out, name);
  put (json->out, " : ", 3);
  json->after_member = TRUE;
}

static void
open_container (PdJson *json, char bracket, gboolean is_object)
{
  g_return_if_fail (json->depth + 1 < PD_JSON_MAX_DEPTH);

  begin_value (json);
  g_string_append_c (json->out, bracket);
  json->is_object[json->depth] = is_object;
  json->n_children[json->depth] = 0;
  json->depth++;
}

/* json-glib writes an empty array as "[]" and an empty object as "{",
 * its own indentation, "}": "{  }" one level deep. */
static void
close_container (PdJson *json, char bracket)
{
  g_return_if_fail (json->depth > json->base);

  json->depth--;
  if (json->n_children[json->depth] == 0)
    {
      if (bracket == '}')
        indent (json, json->depth);
      g_string_append_c (json->out, bracket);
      return;
    }
  g_string_append_c (json->out, '\n');
  indent (json, json->depth);
  g_string_append_c (json->out, bracket);
}

void
pd_json_begin_object (PdJson *json)
{
  open_container (json, '{', TRUE);
}

void
pd_json_end_object (PdJson *json)
{
  close_container (json, '}');
}

void
pd_json_begin_array (PdJson *json)
{
  open_container (json, '[', FALSE);
}

void
pd_json_end_array (PdJson *json)
{
  close_container (json, ']');
}


static void
append_escape (GString *out, guchar c)
{
  switch (c)
    {
    case '"': g_string_append_len (out, "\\\"", 2); break;
    case '\\': g_string_append_len (out, "\\\\", 2); break;
    case '\b': g_string_append_len (out, "\\b", 2); break;
    case '\f': g_string_append_len (out, "\\f", 2); break;
    case '\n': g_string_append_len (out, "\\n", 2); break;
    case '\r': g_string_append_len (out, "\\r", 2); break;
    case '\t': g_string_append_len (out, "\\t", 2); break;
    default: g_string_append_printf (out, "\\u%04x", c); break;
    }
}

/* Returns the first byte in [@p, @end) that needs a look: one to escape,
 * or one of a non-ASCII character. Sixteen bytes a step with SSE2. */
static const char *
skip_plain (const char *p, const char *end)
{
#ifdef __SSE2__
  /* Signed bytes: 0x80..0xFF are negative, so "< 0x20" catches them too. */
  const __m128i space = _mm_set1_epi8 (0x20);
  const __m128i quote = _mm_set1_epi8 ('"');
  const __m128i backslash = _mm_set1_epi8 ('\\');
  const __m128i del = _mm_set1_epi8 (0x7F);
  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
      __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmplt_epi8 (v, space),
                                                _mm_cmpeq_epi8 (v, quote)),
                                  _mm_or_si128 (_mm_cmpeq_epi8 (v, backslash),
                                                _mm_cmpeq_epi8 (v, del)));
      int mask = _mm_movemask_epi8 (hit);
      if (mask != 0)
        return p + __builtin_ctz ((unsigned) mask);
      p += 16;
    }
#endif
  while (p < end && (guchar) *p < 0x80 && !needs_escape[(guchar) *p])
    p++;
  return p;
}

/* Appends @value escaped, or returns FALSE (having appended part of it)
 * when it is not valid UTF-8. Runs that need no escape are copied whole;
 * the first non-ASCII byte has the rest of the string validated once. */
static gboolean
append_escaped (GString *out, const char *value, gsize length)
{
  const char *end = value + length;
  const char *run = value;
  const char *p = value;
  gboolean validated = FALSE;

  while ((p = skip_plain (p, end)) < end)
    {
      guchar c = (guchar) *p;
      if (c >= 0x80)
        {
          if (!validated && !g_utf8_validate (p, end - p, NULL))
            return FALSE;
          validated = TRUE;
          p++;
          continue;
        }
      put (out, run, p - run);
      append_escape (out, c);
      run = ++p;
    }
  put (out, run, end - run);
  return TRUE;
}

void
pd_json_append_string_len (GString *out, const char *value, gsize length)
{
  gsize start = out->len;

  g_string_append_c (out, '"');
  if (!append_escaped (out, value, length))
    {
      g_string_truncate (out, start + 1);
      g_autofree char *valid = g_utf8_make_valid (value, length);
      append_escaped (out, valid, strlen (valid));
    }
  g_string_append_c (out, '"');
}

void
pd_json_append_string (GString *out, const char *value)
{
  pd_json_append_string_len (out, value, strlen (value));
}

void
pd_json_string (PdJson *json, const char *value)
{
  if (value == NULL)
    {
      pd_json_null (json);
      return;
    }
  begin_value (json);
  pd_json_append_string (json->out, value);
}

void
pd_json_string_len (PdJson *json, const char *value, gsize length)
{
  begin_value (json);
  pd_json_append_string_len (json->out, value, length);
}

void
pd_json_int (PdJson *json, gint64 value)
{
  begin_value (json);
  g_string_append_printf (json->out, "%" G_GINT64_FORMAT, value);
}

void
pd_json_bool (PdJson *json, gboolean value)
{
  begin_value (json);
  g_string_append (json->out, value ? "true" : "false");
}

void
pd_json_null (PdJson *json)
{
  begin_value (json);
  g_string_append_len (json->out, "null", 4);
}

void
pd_json_begin_raw (PdJson *json)
{
  begin_value (json);
}

void
pd_json_raw (PdJson *json, const char *text)
{
  begin_value (json);
  g_string_append (json->out, text);
}

void
pd_json_count_raw (PdJson *json, guint n)
{
  g_return_if_fail (json->depth > json->base && !json->is_object[json->depth - 1]);

  json->n_children[json->depth - 1] += n;
}

void
pd_json_member_string (PdJson *json, const char *name, const char *value)
{
  pd_json_member (json, name);
  pd_json_string (json, value);
}

void
pd_json_member_string_len (PdJson *json, const char *name, const char *value, gsize length)
{
  pd_json_member (json, name);
  pd_json_string_len (json, value, length);
}

void
pd_json_member_int (PdJson *json, const char *name, gint64 value)
{
  pd_json_member (json, name);
  pd_json_int (json, value);
}
