/* test-tokenize.c: the word-diff tokenizer (pd-tokenize.c). */
#include "config.h"

#include <string.h>

#include "pd-test-util.h"
#include "pd-tokenize-private.h"

/* One case: an input and its tokens, each written "K:text" with K one of
 * W(ord), N(umber), P(unct), I(deograph) or S(pace); NULL-terminated. */
typedef struct
{
  const char *input;
  const char *expected[16];
} TokenCase;

static char
kind_letter (PdTokenKind kind)
{
  switch (kind)
    {
    case PD_TOKEN_WORD: return 'W';
    case PD_TOKEN_NUMBER: return 'N';
    case PD_TOKEN_PUNCT: return 'P';
    case PD_TOKEN_IDEOGRAPH: return 'I';
    case PD_TOKEN_SPACE: return 'S';
    default: return '?';
    }
}

static GArray *
split_text (const char *text,
            gsize       length)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (PdToken));

  pd_tokenize__split (text, length, tokens);
  return tokens;
}

/* Checks what every tokenization must satisfy: tokens are non-empty,
 * contiguous, cover @text, and no two SPACE tokens touch. */
static void
assert_covers (const char   *text,
               gsize         length,
               const GArray *tokens)
{
  gsize offset = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      const PdToken *token = &g_array_index (tokens, PdToken, i);
      g_assert_cmpuint (token->start, ==, offset);
      g_assert_cmpuint (token->length, >, 0);
      if (i > 0 && token->kind == PD_TOKEN_SPACE)
        g_assert_cmpint (g_array_index (tokens, PdToken, i - 1).kind, !=, PD_TOKEN_SPACE);
      offset += token->length;
    }
  g_assert_cmpuint (offset, ==, length);
}

static void
check_cases (const TokenCase *cases,
             gsize            n_cases)
{
  for (gsize c = 0; c < n_cases; c++)
    {
      const char *input = cases[c].input;
      g_autoptr(GArray) tokens = split_text (input, strlen (input));
      g_autoptr(GPtrArray) actual = g_ptr_array_new_with_free_func (g_free);

      assert_covers (input, strlen (input), tokens);
      for (guint i = 0; i < tokens->len; i++)
        {
          const PdToken *token = &g_array_index (tokens, PdToken, i);
          g_ptr_array_add (actual, g_strdup_printf ("%c:%.*s", kind_letter (token->kind),
                                                    (int) token->length, input + token->start));
        }
      g_ptr_array_add (actual, NULL);

      g_test_message ("input: \"%s\"", input);
      g_assert_cmpstrv ((const char *const *) actual->pdata, cases[c].expected);
    }
}

static void
test_tokenize_ascii_words (void)
{
  static const TokenCase cases[] = {
    { "", { NULL } },
    { "word", { "W:word", NULL } },
    { "the quick, brown fox.",
      { "W:the", "S: ", "W:quick", "P:,", "S: ", "W:brown", "S: ", "W:fox", "P:.", NULL } },
    { "(a)[b]", { "P:(", "W:a", "P:)", "P:[", "W:b", "P:]", NULL } },
    { "...", { "P:.", "P:.", "P:.", NULL } },
    { "e-mail@x.org", { "W:e-mail", "P:@", "W:x", "P:.", "W:org", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_ascii_table (void)
{
  g_test_summary ("The ASCII fast path classifies every ASCII character as "
                  "GLib's Unicode functions do.");

  for (guint c = 0; c < 0x80; c++)
    {
      char text[1] = { (char) c };
      g_autoptr(GArray) tokens = split_text (text, 1);
      PdTokenKind expected = PD_TOKEN_PUNCT;

      if (g_unichar_isspace (c))
        expected = PD_TOKEN_SPACE;
      else if (g_unichar_isalpha (c))
        expected = PD_TOKEN_WORD;
      else if (g_unichar_isdigit (c))
        expected = PD_TOKEN_NUMBER;

      g_test_message ("character 0x%02X", c);
      g_assert_cmpuint (tokens->len, ==, 1);
      g_assert_cmpint (g_array_index (tokens, PdToken, 0).kind, ==, expected);
    }
}

/* The length of the first token of "@lead x k, @c, @tail x 32" by the
 * rules, from GLib's classification of the ASCII character @c: what
 * the sixteen-bytes-at-a-time scan must agree with. */
static gsize
expected_run (gunichar c, gboolean in_word, gsize k)
{
  gboolean goes_on = in_word ? g_unichar_isalnum (c) : g_unichar_isdigit (c);
  gboolean joins = in_word ? c == '\'' || c == '-' : c == '.' || c == ',';

  /* In a word, @tail is a letter, after which both joiners join; in a
   * number it is a digit. */
  return goes_on || joins ? k + 1 + 32 : k;
}

static void
test_tokenize_ascii_long_runs (void)
{
  g_test_summary ("Words and numbers long enough for the scan of sixteen bytes at a "
                  "time end where the rules say, whatever ASCII character follows, at "
                  "every offset in and around a sixteen-byte block.");

  static const gsize leads[] = { 1, 2, 5, 14, 15, 16, 17, 18, 31, 32, 33, 40 };

  for (gunichar c = 1; c < 0x80; c++)
    for (gsize l = 0; l < G_N_ELEMENTS (leads); l++)
      for (int in_word = 0; in_word <= 1; in_word++)
        {
          gsize k = leads[l];
          g_autoptr(GString) text = g_string_new (NULL);
          for (gsize i = 0; i < k; i++)
            g_string_append_c (text, in_word ? 'a' : '1');
          g_string_append_c (text, (char) c);
          for (gsize i = 0; i < 32; i++)
            g_string_append_c (text, in_word ? 'B' : '2');

          g_autoptr(GArray) tokens = split_text (text->str, text->len);
          const PdToken *first = &g_array_index (tokens, PdToken, 0);

          assert_covers (text->str, text->len, tokens);
          if (first->length != expected_run (c, in_word, k))
            g_error ("0x%02X after %" G_GSIZE_FORMAT " %s: first token of %u bytes, "
                     "expected %" G_GSIZE_FORMAT, c, k, in_word ? "letters" : "digits",
                     first->length, expected_run (c, in_word, k));
          g_assert_cmpint (first->kind, ==, in_word ? PD_TOKEN_WORD : PD_TOKEN_NUMBER);
        }
}

static void
test_tokenize_long_runs_unicode (void)
{
  g_test_summary ("A character past ASCII inside a long ASCII word leaves the fast "
                  "scan to the rules: a letter or combining mark goes on with the "
                  "word, a dash or a space ends it.");

  static const TokenCase cases[] = {
    { "abcdefghijklmnopqrstuvwxyzéabcdefghijklmnopqrstuvwxyz",
      { "W:abcdefghijklmnopqrstuvwxyzéabcdefghijklmnopqrstuvwxyz", NULL } },
    { "abcdefghijklmnopqrstuvwxyze\xcc\x81" "abcdefghijklmnopqrstuvwxyz",
      { "W:abcdefghijklmnopqrstuvwxyze\xcc\x81" "abcdefghijklmnopqrstuvwxyz", NULL } },
    { "abcdefghijklmnopqrstuvwxyz\xe2\x80\x93" "abcdefghijklmnopqrstuvwxyz",
      { "W:abcdefghijklmnopqrstuvwxyz", "P:\xe2\x80\x93", "W:abcdefghijklmnopqrstuvwxyz",
        NULL } },
    { "abcdefghijklmnopqrstuvwxyz\xe2\x80\x99sabcdefghijklmnopqrstuvwxyz",
      { "W:abcdefghijklmnopqrstuvwxyz\xe2\x80\x99sabcdefghijklmnopqrstuvwxyz", NULL } },
    { "abcdefghijklmnopqrstuvwxyz\xc2\xa0" "abcdefghijklmnopqrstuvwxyz",
      { "W:abcdefghijklmnopqrstuvwxyz", "S:\xc2\xa0", "W:abcdefghijklmnopqrstuvwxyz", NULL } },
    { "12345678901234567890\xd9\xa3" "12345678901234567890",
      { "N:12345678901234567890\xd9\xa3" "12345678901234567890", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_accents (void)
{
  static const TokenCase cases[] = {
    { "café über naïve", { "W:café", "S: ", "W:über", "S: ", "W:naïve", NULL } },
    /* Decomposed: the combining acute stays with its letter. */
    { "cafe\xCC\x81 bar", { "W:cafe\xCC\x81", "S: ", "W:bar", NULL } },
    { "Ελλάδα Россия", { "W:Ελλάδα", "S: ", "W:Россия", NULL } },
    /* A mark after punctuation belongs to it, not to a new token. */
    { "!\xCC\x81x", { "P:!\xCC\x81", "W:x", NULL } },
    /* A stray mark after space starts a word. */
    { " \xCC\x81x", { "S: ", "W:\xCC\x81x", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_cjk_ideographs (void)
{
  static const TokenCase cases[] = {
    { "日本語", { "I:日", "I:本", "I:語", NULL } },
    { "日本とNATO", { "I:日", "I:本", "I:と", "W:NATO", NULL } },
    { "防衛、安保。", { "I:防", "I:衛", "P:、", "I:安", "I:保", "P:。", NULL } },
    { "ビーム", { "I:ビ", "I:ー", "I:ム", NULL } },
    { "한국어", { "I:한", "I:국", "I:어", NULL } },
    { "「人々」", { "P:「", "I:人", "I:々", "P:」", NULL } },
    /* Decomposed voiced kana: the combining dakuten stays with か. */
    { "か\xE3\x82\x99き", { "I:か\xE3\x82\x99", "I:き", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_cjk_numbers (void)
{
  static const TokenCase cases[] = {
    { "２０２３年", { "N:２０２３", "I:年", NULL } },
    { "2023年4月", { "N:2023", "I:年", "N:4", "I:月", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_mixed_dashes (void)
{
  static const TokenCase cases[] = {
    { "NATO–Japan", { "W:NATO", "P:–", "W:Japan", NULL } },
    { "NATO—Japan", { "W:NATO", "P:—", "W:Japan", NULL } },
    { "2023–2024", { "N:2023", "P:–", "N:2024", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_numbers (void)
{
  static const TokenCase cases[] = {
    { "2023", { "N:2023", NULL } },
    { "1,000 and 3.5", { "N:1,000", "S: ", "W:and", "S: ", "N:3.5", NULL } },
    { "1,000,000.50", { "N:1,000,000.50", NULL } },
    { "3.", { "N:3", "P:.", NULL } },
    { ",5", { "P:,", "N:5", NULL } },
    { "1,,2", { "N:1", "P:,", "P:,", "N:2", NULL } },
    { "-5", { "P:-", "N:5", NULL } },
    { "10-20", { "N:10", "P:-", "N:20", NULL } },
    /* Letters after digits start a word; digits after letters do not. */
    { "5G G7", { "N:5", "W:G", "S: ", "W:G7", NULL } },
    { "A320 x86-64", { "W:A320", "S: ", "W:x86-64", NULL } },
    { "٣٤٥", { "N:٣٤٥", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_apostrophes (void)
{
  static const TokenCase cases[] = {
    { "Japan's", { "W:Japan's", NULL } },
    { "Japan’s", { "W:Japan’s", NULL } },
    { "rock'n'roll", { "W:rock'n'roll", NULL } },
    { "'quoted'", { "P:'", "W:quoted", "P:'", NULL } },
    { "don''t", { "W:don", "P:'", "P:'", "W:t", NULL } },
    { "states' rights", { "W:states", "P:'", "S: ", "W:rights", NULL } },
    { "’90s", { "P:’", "N:90", "W:s", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_hyphens (void)
{
  static const TokenCase cases[] = {
    { "non-proliferation", { "W:non-proliferation", NULL } },
    { "F-35 COVID-19", { "W:F-35", "S: ", "W:COVID-19", NULL } },
    { "well- -known", { "W:well", "P:-", "S: ", "P:-", "W:known", NULL } },
    { "a--b", { "W:a", "P:-", "P:-", "W:b", NULL } },
    { "co‐operate", { "W:co‐operate", NULL } },
    { "Indo-Pacific’s", { "W:Indo-Pacific’s", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_tokenize_space_runs (void)
{
  static const TokenCase cases[] = {
    { " ", { "S: ", NULL } },
    { "a \t\n\n b", { "W:a", "S: \t\n\n ", "W:b", NULL } },
    { "\n\npara\r\n", { "S:\n\n", "W:para", "S:\r\n", NULL } },
    /* No-break and ideographic spaces are Unicode space separators. */
    { "a\xC2\xA0" "b\xE3\x80\x80" "c", { "W:a", "S:\xC2\xA0", "W:b", "S:\xE3\x80\x80", "W:c", NULL } },
    /* GLib does not count a vertical tab as white space. */
    { "a\vb", { "W:a", "P:\v", "W:b", NULL } },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/* Characters the random texts draw from: one of each class the tokenizer
 * cares about, so that every rule meets every neighbour. */
static gunichar
random_char (GRand *rand)
{
  static const gunichar interesting[] = {
    ' ', '\n', '\t', 'a', 'Z', '7', '.', ',', '\'', '-', 0x2019, 0x2010,
    0x2013, 0xE9, 0x301, 0x3099, 0x65E5, 0x672C, 0x3042, 0x30AB, 0x30FC,
    0xD55C, 0xFF12, 0x3000, 0xA0, 0x1F600, 0x3001, 0x660,
  };

  if (g_rand_boolean (rand))
    return interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))];

  for (;;)
    {
      /* Favour the Basic Multilingual Plane, where the scripts are. */
      gunichar c = g_rand_boolean (rand)
        ? (gunichar) g_rand_int_range (rand, 1, 0x10000)
        : (gunichar) g_rand_int_range (rand, 1, 0x110000);
      if (g_unichar_validate (c))
        return c;
    }
}

static void
test_tokenize_coverage_random_utf8 (void)
{
  g_test_summary ("Tokens of random UTF-8 are contiguous and concatenate to the input.");

  /* A fixed seed, so that a failure reproduces run after run. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_chars = g_rand_int_range (rand, 0, 40);

      for (guint i = 0; i < n_chars; i++)
        g_string_append_unichar (text, random_char (rand));
      g_assert_true (g_utf8_validate (text->str, text->len, NULL));

      g_autoptr(GArray) tokens = split_text (text->str, text->len);
      assert_covers (text->str, text->len, tokens);

      g_autoptr(GString) joined = g_string_new (NULL);
      for (guint i = 0; i < tokens->len; i++)
        {
          const PdToken *token = &g_array_index (tokens, PdToken, i);
          g_string_append_len (joined, text->str + token->start, token->length);
          /* An ideograph token is one character plus combining marks. */
          if (token->kind == PD_TOKEN_IDEOGRAPH)
            {
              const char *rest = g_utf8_next_char (text->str + token->start);
              for (; rest < text->str + token->start + token->length; rest = g_utf8_next_char (rest))
                g_assert_true (g_unichar_ismark (g_utf8_get_char (rest)));
            }
        }
      g_assert_cmpmem (joined->str, joined->len, text->str, text->len);
    }
}

static void
test_tokenize_coverage_random_bytes (void)
{
  g_test_summary ("Invalid UTF-8 breaks the promise on input, yet the tokens "
                  "still cover it and nothing is read past its end "
                  "(valgrind checks the latter: the buffer has no NUL).");

  g_autoptr(GRand) rand = g_rand_new_with_seed (20240502);

  for (guint round = 0; round < 2000; round++)
    {
      gsize length = g_rand_int_range (rand, 1, 24);
      g_autofree char *bytes = g_malloc (length);

      for (gsize i = 0; i < length; i++)
        bytes[i] = (char) g_rand_int_range (rand, 0, 256);

      g_autoptr(GArray) tokens = split_text (bytes, length);
      assert_covers (bytes, length, tokens);
    }
}

/* Pieces that stress the rules near a cut: joiners, marks, non-ASCII
 * white space, digits with separators. */
static const char *const boundary_pieces[] = {
  "a", "b", "Ab", "7", " ", "  ", "\n", "\t", ".", ",", "'", "-", "\u2019",
  "\u0301", "\u00a0", "\u3000", "\u65e5", "\u00e9", "x1", "\u2013",
};

static GString *
random_boundary_text (GRand *rand)
{
  GString *text = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, 24);

  for (guint i = 0; i < n; i++)
    g_string_append (text, boundary_pieces[g_rand_int_range (rand, 0,
                                                             G_N_ELEMENTS (boundary_pieces))]);
  return text;
}

/* Two random texts with a common stem and end around different middles:
 * what the common head and tail are made to find. */
static void
random_related_texts (GRand *rand, GString **a_out, GString **b_out)
{
  g_autoptr(GString) stem = random_boundary_text (rand);
  GString *a = random_boundary_text (rand);
  GString *b = random_boundary_text (rand);
  g_autoptr(GString) end = random_boundary_text (rand);

  g_string_prepend (a, stem->str), g_string_append (a, end->str);
  g_string_prepend (b, stem->str), g_string_append (b, end->str);
  *a_out = a;
  *b_out = b;
}

/* Asserts that the tokens of @text[@from, @to) are exactly the tokens of
 * the whole @text that lie in that range, shifted by @from. */
static void
assert_tokens_of_part (const GString *text,
                       gsize          from,
                       gsize          to)
{
  g_autoptr(GArray) whole = split_text (text->str, text->len);
  g_autoptr(GArray) part = split_text (text->str + from, to - from);
  guint k = 0;

  while (k < whole->len && g_array_index (whole, PdToken, k).start < from)
    k++;
  g_assert_true (k == whole->len || g_array_index (whole, PdToken, k).start == from
                 || from == text->len);
  for (guint i = 0; i < part->len; i++, k++)
    {
      const PdToken *p = &g_array_index (part, PdToken, i);
      g_assert_cmpuint (k, <, whole->len);
      const PdToken *w = &g_array_index (whole, PdToken, k);
      g_assert_cmpuint (w->start, ==, p->start + from);
      g_assert_cmpuint (w->length, ==, p->length);
      g_assert_cmpint (w->kind, ==, p->kind);
    }
  g_assert_true (k == whole->len || g_array_index (whole, PdToken, k).start == to);
}

static void
test_tokenize_common_head_tail (void)
{
  g_test_summary ("The common head and tail the word diff cuts off end on token "
                  "boundaries: the rest tokenizes as it does within the whole text.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  guint cut = 0;

  for (guint round = 0; round < 5000; round++)
    {
      g_autoptr(GString) a = NULL, b = NULL;
      random_related_texts (rand, &a, &b);

      gsize head = pd_tokenize__common_head (a->str, a->len, b->str, b->len);
      g_assert_cmpuint (head, <=, MIN (a->len, b->len));
      g_assert_cmpmem (a->str, head, b->str, head);
      gsize tail = pd_tokenize__common_tail (a->str + head, a->len - head,
                                             b->str + head, b->len - head);
      g_assert_cmpuint (head + tail, <=, MIN (a->len, b->len));
      g_assert_cmpmem (a->str + a->len - tail, tail, b->str + b->len - tail, tail);
      cut += head > 0 && tail > 0;

      const GString *texts[] = { a, b };
      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          assert_tokens_of_part (texts[t], 0, head);
          assert_tokens_of_part (texts[t], head, texts[t]->len - tail);
          assert_tokens_of_part (texts[t], texts[t]->len - tail, texts[t]->len);
        }
    }
  /* The property must not hold only because nothing was ever cut. */
  g_assert_cmpuint (cut, >, 500);
}

/* The boundary rule, written out again: an ASCII blank (the table's:
 * '\v' is not one) right after an ASCII byte that is not blank. */
static gboolean
reference_boundary (const char *text, gsize at)
{
  static const char blanks[] = " \t\n\f\r";
  guchar here = (guchar) text[at], before = (guchar) text[at - 1];

  return here != '\0' && strchr (blanks, here) != NULL
         && before < 0x80 && (before == '\0' || strchr (blanks, before) == NULL);
}

static void
test_tokenize_common_head_tail_longest (void)
{
  g_test_summary ("The common head and tail are the longest that end on a boundary, "
                  "checked against a byte loop, on texts sharing long runs: the scan "
                  "sixteen bytes at a time finds the same first difference.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (1128);

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GString) a = NULL, b = NULL;
      random_related_texts (rand, &a, &b);

      gsize limit = MIN (a->len, b->len), same = 0, head = 0;
      while (same < limit && a->str[same] == b->str[same])
        same++;
      for (gsize at = same; at-- > 1;)
        if (reference_boundary (a->str, at))
          {
            head = at;
            break;
          }
      g_assert_cmpuint (pd_tokenize__common_head (a->str, a->len, b->str, b->len), ==, head);

      const char *rest_a = a->str + head, *rest_b = b->str + head;
      gsize len_a = a->len - head, len_b = b->len - head, tail = 0;
      limit = MIN (len_a, len_b), same = 0;
      while (same < limit && rest_a[len_a - 1 - same] == rest_b[len_b - 1 - same])
        same++;
      for (gsize t = same > 0 ? same - 1 : 0; t > 0; t--)
        if (reference_boundary (rest_a, len_a - t))
          {
            tail = t;
            break;
          }
      g_assert_cmpuint (pd_tokenize__common_tail (rest_a, len_a, rest_b, len_b), ==, tail);
    }
}

static void
test_tokenize_dense (void)
{
  g_test_summary ("Text with a token on every byte (more than the first pass has room "
                  "for) is cut in further passes, with offsets into the whole text.");

  g_autoptr(GString) text = g_string_new (NULL);
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (text, i % 2 == 0 ? 'a' : '.');
  g_string_append (text, " end");

  g_autoptr(GArray) tokens = split_text (text->str, text->len);
  assert_covers (text->str, text->len, tokens);
  g_assert_cmpuint (tokens->len, ==, 5002);
  for (guint i = 0; i < 5000; i++)
    g_assert_cmpint (g_array_index (tokens, PdToken, i).kind, ==,
                     i % 2 == 0 ? PD_TOKEN_WORD : PD_TOKEN_PUNCT);

  /* Appending to a non-empty array keeps what was there. */
  g_array_set_size (tokens, 1);
  pd_tokenize__split (text->str, text->len, tokens);
  g_assert_cmpuint (tokens->len, ==, 5003);
  g_assert_cmpuint (g_array_index (tokens, PdToken, 5002).start, ==, text->len - 3);
}

int
main (int argc, char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no files, and
   * GLib 2.74's per-test g_set_user_dirs() leaks by design, which would
   * hide real leaks from a plain valgrind --leak-check=full run. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tokenize/ascii/words", test_tokenize_ascii_words);
  g_test_add_func ("/tokenize/ascii/table", test_tokenize_ascii_table);
  g_test_add_func ("/tokenize/ascii/long-runs", test_tokenize_ascii_long_runs);
  g_test_add_func ("/tokenize/long-runs-unicode", test_tokenize_long_runs_unicode);
  g_test_add_func ("/tokenize/accents", test_tokenize_accents);
  g_test_add_func ("/tokenize/cjk/ideographs", test_tokenize_cjk_ideographs);
  g_test_add_func ("/tokenize/cjk/numbers", test_tokenize_cjk_numbers);
  g_test_add_func ("/tokenize/mixed/dashes", test_tokenize_mixed_dashes);
  g_test_add_func ("/tokenize/numbers", test_tokenize_numbers);
  g_test_add_func ("/tokenize/apostrophes", test_tokenize_apostrophes);
  g_test_add_func ("/tokenize/hyphens", test_tokenize_hyphens);
  g_test_add_func ("/tokenize/space/runs", test_tokenize_space_runs);
  g_test_add_func ("/tokenize/coverage/random-utf8", test_tokenize_coverage_random_utf8);
  g_test_add_func ("/tokenize/coverage/random-bytes", test_tokenize_coverage_random_bytes);
  g_test_add_func ("/tokenize/common-head-tail", test_tokenize_common_head_tail);
  g_test_add_func ("/tokenize/common-head-tail/longest", test_tokenize_common_head_tail_longest);
  g_test_add_func ("/tokenize/dense", test_tokenize_dense);

  return g_test_run ();
}
