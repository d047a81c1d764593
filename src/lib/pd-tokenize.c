/* pd-tokenize.c: cut UTF-8 text into word-diff tokens.
 *
 * Every byte of the text lands in exactly one token, in order, so a diff
 * of token sequences can always rebuild both texts byte for byte. Pure
 * ASCII is classified through a table without decoding; other characters
 * go through GLib's Unicode tables. The rules, in the order they apply:
 *
 *  - SPACE: a maximal run of g_unichar_isspace() characters, newlines
 *    included (so "\n\n" between paragraphs is one token).
 *  - IDEOGRAPH: one Han, Hiragana, Katakana or Hangul character (by
 *    g_unichar_get_script(), plus the prolonged sound mark U+30FC/U+FF70,
 *    whose script is Common), so CJK text diffs character by character.
 *  - WORD: starts with a letter (or a stray combining mark) and goes on
 *    over letters, marks and digits, so "G7", "A320" and "x86" are one
 *    word. One apostrophe (' or U+2019) or hyphen (-, U+2010, U+2011)
 *    between a word character and a letter or digit joins the two parts:
 *    "Japan's", "non-proliferation", "F-35". Two joiners in a row, or one
 *    at either end, do not join. The joiners are the ones a word can
 *    contain; dashes such as U+2013 are punctuation ("NATO–Japan").
 *  - NUMBER: starts with a digit (any Unicode decimal digit) and goes on
 *    over digits, with one '.' or ',' joining two digits: "1,000", "3.5".
 *    Letters after digits start a new WORD ("5G" is "5" + "G"), which
 *    keeps numbers comparable on their own.
 *  - PUNCT: any other single character.
 *
 * Combining marks never start a token after a non-space token: they stay
 * with the character they modify, whatever its kind.
 */
#include "config.h"

#include "pd-tokenize-private.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef enum
{
  CHAR_SPACE,
  CHAR_LETTER,    /* alphabetic and not ideographic */
  CHAR_MARK,
  CHAR_DIGIT,
  CHAR_IDEOGRAPH,
  CHAR_OTHER,
} CharClass;

/* Classes of the ASCII characters, the same as g_unichar_isspace(),
 * g_unichar_isalpha() and g_unichar_isdigit() give (test-tokenize checks
 * this); note that '\v' is not white space for GLib. */
#define S_ CHAR_SPACE
#define L_ CHAR_LETTER
#define D_ CHAR_DIGIT
#define O_ CHAR_OTHER
static const guint8 ascii_class[128] = {
  /* 0x00 */ O_, O_, O_, O_, O_, O_, O_, O_, O_, S_, S_, O_, S_, S_, O_, O_,
  /* 0x10 */ O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,
  /* 0x20 */ S_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,
  /* 0x30 */ D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, O_, O_, O_, O_, O_, O_,
  /* 0x40 */ O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
  /* 0x50 */ L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_,
  /* 0x60 */ O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
  /* 0x70 */ L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_,
};
#undef S_
#undef L_
#undef D_
#undef O_

/* The ASCII bytes that go on a NUMBER ([0]: digits) or a WORD ([1]:
 * letters and digits); every other byte, and all of 0x80-0xFF, needs
 * scan_alnum()'s general loop. */
#define DIGITS_ ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, \
                ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1
#define UPPER_ ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, \
               ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, \
               ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, \
               ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, \
               ['Y'] = 1, ['Z'] = 1
#define LOWER_ ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, \
               ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, \
               ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, \
               ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, \
               ['y'] = 1, ['z'] = 1
static const guint8 ascii_goes_on[2][256] = {
  { DIGITS_ },
  { DIGITS_, UPPER_, LOWER_ },
};
#undef DIGITS_
#undef UPPER_
#undef LOWER_

static gboolean
is_ideograph (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
      return TRUE;
    default:
      /* The prolonged sound mark is written inside katakana words
       * ("ビーム"); alone it would start a one-character WORD. */
      return c == 0x30FC || c == 0xFF70;
    }
}

static CharClass
classify_unicode (const char *p,
                  const char *end,
                  gunichar   *c_out,
                  gsize      *len_out)
{
  gsize len = (gsize) g_utf8_skip[(guchar) *p];

  /* Input is promised to be UTF-8, but a truncated sequence must still
   * not make us read past @end: take its lead byte alone. */
  if (len > (gsize) (end - p))
    {
      *c_out = (gunichar) -1;
      *len_out = 1;
      return CHAR_OTHER;
    }

  gunichar c = g_utf8_get_char (p);
  *c_out = c;
  *len_out = len;

  /* One table lookup instead of the separate g_unichar_is*() calls; the
   * groups are exactly the ones those functions test. */
  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACE_SEPARATOR:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return CHAR_SPACE;
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return CHAR_MARK;
    case G_UNICODE_DECIMAL_NUMBER:
      return CHAR_DIGIT;
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
      return is_ideograph (c) ? CHAR_IDEOGRAPH : CHAR_LETTER;
    default:
      /* Han also has symbols and letter numbers (U+3007 "〇"). */
      return is_ideograph (c) ? CHAR_IDEOGRAPH : CHAR_OTHER;
    }
}

/* The fast path: ASCII needs neither decoding nor a Unicode lookup. */
static inline CharClass
classify (const char *p,
          const char *end,
          gunichar   *c_out,
          gsize      *len_out)
{
  guchar byte = (guchar) *p;

  if (G_LIKELY (byte < 0x80))
    {
      *c_out = byte;
      *len_out = 1;
      return (CharClass) ascii_class[byte];
    }
  return classify_unicode (p, end, c_out, len_out);
}

static inline gboolean
is_word_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011;
}

/* Returns the end of the joiner at @p plus the character after it if that
 * pair continues the current token, else NULL. @c and @len describe the
 * character at @p. */
static inline const char *
join_after (const char *p,
            const char *end,
            gunichar    c,
            gsize       len,
            gboolean    in_word)
{
  gboolean joins = in_word ? is_word_joiner (c) : (c == '.' || c == ',');

  if (!joins || len >= (gsize) (end - p))
    return NULL;

  gunichar next_c;
  gsize next_len;
  CharClass next = classify (p + len, end, &next_c, &next_len);
  if (next == CHAR_DIGIT || (in_word && next == CHAR_LETTER))
    return p + len + next_len;
  return NULL;
}

static const char *
skip_marks (const char *p,
            const char *end)
{
  while (p < end)
    {
      gunichar c;
      gsize len;
      if (classify (p, end, &c, &len) != CHAR_MARK)
        break;
      p += len;
    }
  return p;
}

/* Skips the ASCII letters and digits (@in_word) or digits at @p, sixteen
 * bytes at a time, while sixteen are left; the byte loop does the rest. */
static inline const char *
skip_ascii_alnum (const char *p,
                  const char *end,
                  gboolean    in_word)
{
#ifdef __SSE2__
  /* Signed compares: bytes past ASCII are negative, so below every bound. */
  const __m128i digit_lo = _mm_set1_epi8 ('0' - 1), digit_hi = _mm_set1_epi8 ('9' + 1);
  const __m128i alpha_lo = _mm_set1_epi8 ('a' - 1), alpha_hi = _mm_set1_epi8 ('z' + 1);
  const __m128i case_bit = _mm_set1_epi8 (0x20);

  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (const void *) p);
      __m128i member = _mm_and_si128 (_mm_cmpgt_epi8 (v, digit_lo), _mm_cmpgt_epi8 (digit_hi, v));
      if (in_word)
        {
          /* Setting the case bit maps 'A'..'Z' onto 'a'..'z' and nothing
           * else onto them ('@' and '[' land outside). */
          __m128i lower = _mm_or_si128 (v, case_bit);
          member = _mm_or_si128 (member, _mm_and_si128 (_mm_cmpgt_epi8 (lower, alpha_lo),
                                                        _mm_cmpgt_epi8 (alpha_hi, lower)));
        }
      unsigned stop = ~(unsigned) _mm_movemask_epi8 (member) & 0xFFFFu;
      if (stop != 0)
        return p + __builtin_ctz (stop);
      p += 16;
    }
#else
  (void) end, (void) in_word;
#endif
  return p;
}

/* Scans the rest of a WORD (@in_word) or NUMBER whose first character
 * ends at @p. */
static inline const char *
scan_alnum (const char *p,
            const char *end,
            gboolean    in_word)
{
  /* Most words are ASCII letters: sixteen bytes or one table lookup a
   * byte for those, the general loop for joiners, marks and other
   * scripts. */
  const guint8 *goes_on = ascii_goes_on[in_word ? 1 : 0];
  p = skip_ascii_alnum (p, end, in_word);
  while (p < end)
    {
      guchar b = (guchar) *p;
      if (goes_on[b])
        {
          p++;
          continue;
        }
      if (b < 0x80 && ascii_class[b] == CHAR_SPACE)
        break;   /* white space never joins */

      gunichar c;
      gsize len;
      CharClass cls = classify (p, end, &c, &len);

      if (cls == CHAR_DIGIT || cls == CHAR_MARK
          || (in_word && cls == CHAR_LETTER))
        {
          p += len;
          continue;
        }

      const char *joined = join_after (p, end, c, len, in_word);
      if (joined == NULL)
        break;
      p = joined;
    }
  return p;
}

guint
pd_tokenize__split_into (const char *text,
                         gsize       length,
                         PdToken    *tokens,
                         guint       capacity,
                         gsize      *consumed)
{
  g_return_val_if_fail (text != NULL || length == 0, 0);
  /* PdToken holds 32-bit offsets. */
  g_return_val_if_fail (length <= G_MAXUINT32, 0);

  PdToken *out = tokens;
  PdToken *full = tokens + capacity;
  const char *p = text;
  const char *end = text + length;

  /* The tokenizer keeps no state from one token to the next, so a caller
   * can go on from where a full array stopped it. */
  while (p < end && out < full)
    {
      const char *start = p;
      gunichar c;
      gsize len;
      PdTokenKind kind;

      switch (classify (p, end, &c, &len))
        {
        case CHAR_SPACE:
          kind = PD_TOKEN_SPACE;
          p += len;
          while (p < end && classify (p, end, &c, &len) == CHAR_SPACE)
            p += len;
          break;
        case CHAR_LETTER:
        case CHAR_MARK:
          kind = PD_TOKEN_WORD;
          p = scan_alnum (p + len, end, TRUE);
          break;
        case CHAR_DIGIT:
          kind = PD_TOKEN_NUMBER;
          p = scan_alnum (p + len, end, FALSE);
          break;
        case CHAR_IDEOGRAPH:
          kind = PD_TOKEN_IDEOGRAPH;
          p = skip_marks (p + len, end);
          break;
        case CHAR_OTHER:
        default:
          kind = PD_TOKEN_PUNCT;
          p = skip_marks (p + len, end);
          break;
        }

      *out++ = (PdToken) {
        .start = (guint32) (start - text),
        .length = (guint32) (p - start),
        .kind = kind,
      };
    }
  *consumed = (gsize) (p - text);
  return (guint) (out - tokens);
}

void
pd_tokenize__split (const char *text,
                    gsize       length,
                    GArray     *tokens)
{
  g_return_if_fail (tokens != NULL);
  g_return_if_fail (length <= G_MAXUINT32);

  /* Room for a token every two bytes (prose has one every three or
   * four), so a single pass is the rule; text denser in tokens goes on
   * in further passes rather than costing a token's room per byte. */
  gsize done = 0;
  do
    {
      guint first = tokens->len;
      guint room = (guint) ((length - done) / 2 + 16);
      gsize consumed = 0;
      g_array_set_size (tokens, first + room);
      PdToken *part = &g_array_index (tokens, PdToken, first);
      guint n = pd_tokenize__split_into (text + done, length - done, part, room, &consumed);
      for (guint i = 0; done > 0 && i < n; i++)
        part[i].start += (guint32) done;
      g_array_set_size (tokens, first + n);
      done += consumed;
    }
  while (done < length);
}

/* A boundary both texts agree on: an ASCII blank (the start of a SPACE
 * token) right after an ASCII byte that is not one. Non-space tokens never
 * hold white space, and the tokenizer looks at most one character ahead,
 * so the tokens before such a point depend only on the bytes up to and
 * including it, and the tokens after it only on the bytes from it on. */
static inline gboolean
is_boundary (const char *text,
             gsize       at)
{
  guchar here = (guchar) text[at], before = (guchar) text[at - 1];

  return here < 0x80 && ascii_class[here] == CHAR_SPACE
         && before < 0x80 && ascii_class[before] != CHAR_SPACE;
}

/* The length of the common prefix of @a and @b, at most @limit. */
static gsize
common_prefix (const char *a,
               const char *b,
               gsize       limit)
{
  gsize n = 0;

#ifdef __SSE2__
  /* Edits leave hundreds of bytes equal around them: sixteen a step. */
  for (; limit - n >= 16; n += 16)
    {
      __m128i x = _mm_loadu_si128 ((const __m128i *) (const void *) (a + n));
      __m128i y = _mm_loadu_si128 ((const __m128i *) (const void *) (b + n));
      unsigned differ = ~(unsigned) _mm_movemask_epi8 (_mm_cmpeq_epi8 (x, y)) & 0xFFFFu;
      if (differ != 0)
        return n + __builtin_ctz (differ);
    }
#endif
  while (n < limit && a[n] == b[n])
    n++;
  return n;
}

/* The length of the common suffix of @a and @b (ending at @a_end and
 * @b_end), at most @limit. */
static gsize
common_suffix (const char *a_end,
               const char *b_end,
               gsize       limit)
{
  gsize n = 0;

#ifdef __SSE2__
  for (; limit - n >= 16; n += 16)
    {
      __m128i x = _mm_loadu_si128 ((const __m128i *) (const void *) (a_end - n - 16));
      __m128i y = _mm_loadu_si128 ((const __m128i *) (const void *) (b_end - n - 16));
      unsigned same = (unsigned) _mm_movemask_epi8 (_mm_cmpeq_epi8 (x, y));
      if (same != 0xFFFFu)
        /* The highest differing byte is the one nearest the end. */
        return n + (unsigned) __builtin_clz (~same & 0xFFFFu) - 16;
    }
#endif
  while (n < limit && a_end[-1 - (gssize) n] == b_end[-1 - (gssize) n])
    n++;
  return n;
}

gsize
pd_tokenize__common_head (const char *a,
                          gsize       a_length,
                          const char *b,
                          gsize       b_length)
{
  gsize n = common_prefix (a, b, MIN (a_length, b_length));
  /* The boundary byte itself must be common too: at < n. */
  for (gsize at = n; at-- > 1;)
    if (is_boundary (a, at))
      return at;
  return 0;
}

gsize
pd_tokenize__common_tail (const char *a,
                          gsize       a_length,
                          const char *b,
                          gsize       b_length)
{
  gsize n = common_suffix (a + a_length, b + b_length, MIN (a_length, b_length));
  /* The byte before the boundary must be common too: the boundary lies
   * at most n - 1 bytes from the end. Nearest the start wins. */
  for (gsize tail = n > 0 ? n - 1 : 0; tail > 0; tail--)
    if (is_boundary (a, a_length - tail))
      return tail;
  return 0;
}
