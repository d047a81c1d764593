/* test-wdiff.c: the word-level diff (pd-wdiff.c). */
#include "config.h"

#include <string.h>

#include "pd-test-util.h"
#include "pd-tokenize-private.h"

/* Old and new texts plus their script written as wdiff does:
 * [-deleted-]{+inserted+}, equal text as it is. */
typedef struct
{
  const char *old_text;
  const char *new_text;
  const char *expected;
} ScriptCase;

static GArray *
split_text (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (PdToken));

  pd_tokenize__split (text, strlen (text), tokens);
  return tokens;
}

static guint
count_tokens (const char *text)
{
  g_autoptr(GArray) tokens = split_text (text);

  return tokens->len;
}

static char *
render (const PdWdiff *wdiff)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < pd_wdiff_get_n_ops (wdiff); i++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (wdiff, i);
      switch (op->kind)
        {
        case PD_WDIFF_OP_EQUAL:
          g_string_append_len (out, op->text, op->length);
          break;
        case PD_WDIFF_OP_DELETE:
          g_string_append_printf (out, "[-%.*s-]", (int) op->length, op->text);
          break;
        case PD_WDIFF_OP_INSERT:
          g_string_append_printf (out, "{+%.*s+}", (int) op->length, op->text);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (out, FALSE);
}

/* Tokens in DELETE and INSERT ops. Ops start and end on token boundaries,
 * so cutting an op's text again gives the tokens it was made of. */
static guint
count_changed_tokens (const PdWdiff *wdiff)
{
  guint n_changed = 0;

  for (guint i = 0; i < pd_wdiff_get_n_ops (wdiff); i++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (wdiff, i);
      if (op->kind != PD_WDIFF_OP_EQUAL)
        {
          g_autofree char *text = g_strndup (op->text, op->length);
          n_changed += count_tokens (text);
        }
    }
  return n_changed;
}

static void
assert_op_text (const PdWdiff *wdiff, guint index, const char *expected)
{
  const PdWdiffOp *op = pd_wdiff_get_op (wdiff, index);
  g_autofree char *text = g_strndup (op->text, op->length);

  g_assert_cmpstr (text, ==, expected);
}

/* Checks the documented invariants of any script: EQUAL + DELETE ops
 * rebuild the old text and EQUAL + INSERT ops the new one; ops are
 * non-empty and point into the text they come from, in order; adjacent
 * ops differ in kind; INSERT is
 * never directly followed by DELETE; white space alone is never an EQUAL
 * op between two changes; has_changes() agrees. */
static void
assert_script_valid (const PdWdiff *wdiff,
                     const char    *old_text,
                     const char    *new_text)
{
  g_autoptr(GString) old_rebuilt = g_string_new (NULL);
  g_autoptr(GString) new_rebuilt = g_string_new (NULL);
  gboolean any_change = FALSE;
  const char *old_end = old_text + strlen (old_text);
  const char *new_end = new_text + strlen (new_text);

  for (guint i = 0; i < pd_wdiff_get_n_ops (wdiff); i++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (wdiff, i);

      g_assert_cmpuint (op->length, >, 0);
      /* Not a copy: the op's bytes are where the rebuilt text is now. */
      if (op->kind == PD_WDIFF_OP_INSERT)
        g_assert_true (op->text == new_text + new_rebuilt->len && op->text + op->length <= new_end);
      else
        g_assert_true (op->text == old_text + old_rebuilt->len && op->text + op->length <= old_end);
      if (op->kind != PD_WDIFF_OP_INSERT)
        g_string_append_len (old_rebuilt, op->text, op->length);
      if (op->kind != PD_WDIFF_OP_DELETE)
        g_string_append_len (new_rebuilt, op->text, op->length);
      if (op->kind != PD_WDIFF_OP_EQUAL)
        any_change = TRUE;

      /* An EQUAL op inside the script has changes on both sides, so it
       * must hold more than white space. */
      if (op->kind == PD_WDIFF_OP_EQUAL && i > 0 && i + 1 < pd_wdiff_get_n_ops (wdiff))
        {
          g_autofree char *text = g_strndup (op->text, op->length);
          g_autoptr(GArray) tokens = split_text (text);
          g_assert_false (tokens->len == 1
                          && g_array_index (tokens, PdToken, 0).kind == PD_TOKEN_SPACE);
        }

      if (i > 0)
        {
          PdWdiffOpKind previous = pd_wdiff_get_op (wdiff, i - 1)->kind;
          g_assert_cmpint (previous, !=, op->kind);
          g_assert_false (previous == PD_WDIFF_OP_INSERT && op->kind == PD_WDIFF_OP_DELETE);
        }
    }

  g_assert_cmpstr (old_rebuilt->str, ==, old_text);
  g_assert_cmpstr (new_rebuilt->str, ==, new_text);
  g_assert_cmpint (pd_wdiff_has_changes (wdiff), ==, any_change);
}

static void
check_scripts (const ScriptCase *cases,
               gsize             n_cases)
{
  for (gsize c = 0; c < n_cases; c++)
    {
      g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (cases[c].old_text, cases[c].new_text, NULL);
      g_autofree char *actual = render (wdiff);

      assert_script_valid (wdiff, cases[c].old_text, cases[c].new_text);
      g_assert_cmpstr (actual, ==, cases[c].expected);
    }
}

static void
test_wdiff_identical (void)
{
  const char *text = "The Alliance's 2023 summit in Vilnius.\n\n日本とNATO";
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (text, text, NULL);

  g_assert_cmpuint (pd_wdiff_get_n_ops (wdiff), ==, 1);
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 0)->kind, ==, PD_WDIFF_OP_EQUAL);
  assert_op_text (wdiff, 0, text);
  g_assert_false (pd_wdiff_has_changes (wdiff));
  /* The op is the caller's string, not a copy. */
  g_assert_true (pd_wdiff_get_op (wdiff, 0)->text == text);
}

static void
test_wdiff_both_empty (void)
{
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts ("", "", NULL);

  g_assert_cmpuint (pd_wdiff_get_n_ops (wdiff), ==, 0);
  g_assert_false (pd_wdiff_has_changes (wdiff));
}

static void
test_wdiff_empty_to_text (void)
{
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts ("", "new words, 新しい", NULL);

  g_assert_cmpuint (pd_wdiff_get_n_ops (wdiff), ==, 1);
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 0)->kind, ==, PD_WDIFF_OP_INSERT);
  assert_op_text (wdiff, 0, "new words, 新しい");
  g_assert_true (pd_wdiff_has_changes (wdiff));
}

static void
test_wdiff_text_to_empty (void)
{
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts ("old words, 古い", "", NULL);

  g_assert_cmpuint (pd_wdiff_get_n_ops (wdiff), ==, 1);
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 0)->kind, ==, PD_WDIFF_OP_DELETE);
  assert_op_text (wdiff, 0, "old words, 古い");
  g_assert_true (pd_wdiff_has_changes (wdiff));
}

static void
test_wdiff_scripts (void)
{
  static const ScriptCase cases[] = {
    { "the quick brown fox", "the slow brown dog",
      "the [-quick-]{+slow+} brown [-fox-]{+dog+}" },
    { "a b c", "a c", "a [-b -]c" },
    { "b", "a b", "{+a +}b" },
    { "a b", "a b c", "a b{+ c+}" },
    { "Japan's role", "Japan’s role", "[-Japan's-]{+Japan’s+} role" },
    { "NATO–Japan", "NATO–Korea", "NATO–[-Japan-]{+Korea+}" },
    { "cost 1,000 yen", "cost 1,500 yen", "cost [-1,000-]{+1,500+} yen" },
    { "日本の防衛政策", "日本の安全保障政策", "日本の[-防衛-]{+安全保障+}政策" },
    { "line one\nline two", "line one\n\nline two", "line one[-\n-]{+\n\n+}line two" },
  };

  check_scripts (cases, G_N_ELEMENTS (cases));
}

static void
test_wdiff_delete_before_insert (void)
{
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts ("keep old keep", "keep new keep", NULL);

  assert_script_valid (wdiff, "keep old keep", "keep new keep");
  g_assert_cmpuint (pd_wdiff_get_n_ops (wdiff), ==, 4);
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 1)->kind, ==, PD_WDIFF_OP_DELETE);
  assert_op_text (wdiff, 1, "old");
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 2)->kind, ==, PD_WDIFF_OP_INSERT);
  assert_op_text (wdiff, 2, "new");
}

static void
test_wdiff_minimal_hand_worked (void)
{
  static const struct
  {
    const char *old_text;
    const char *new_text;
    guint n_changed;
  } cases[] = {
    /* quick -> slow, fox -> dog. */
    { "the quick brown fox", "the slow brown dog", 4 },
    /* "b" and one of the spaces around it. */
    { "a b c d", "a c d", 2 },
    /* "zero" + " " before, " " + "four" after. */
    { "one two three", "zero one two three four", 4 },
    /* Myers' own example ABCABBA -> CBABAC (D = 5), one ideograph a token. */
    { "甲乙丙甲乙乙甲", "丙乙甲乙甲丙", 5 },
    /* 防衛 out, 安全保障 in: character by character. */
    { "日本の防衛政策", "日本の安全保障政策", 6 },
    /* One word and its space move: out in one place, in at another. */
    { "red green blue", "green blue red", 4 },
  };

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (cases[c].old_text, cases[c].new_text, NULL);

      g_test_message ("\"%s\" -> \"%s\"", cases[c].old_text, cases[c].new_text);
      assert_script_valid (wdiff, cases[c].old_text, cases[c].new_text);
      g_assert_cmpuint (count_changed_tokens (wdiff), ==, cases[c].n_changed);
    }
}

/* Pieces the random texts are glued from: words, numbers, joiners,
 * punctuation, CJK and white space, so that tokens also form across
 * piece boundaries. */
static const char *const spaced_pieces[] = {
  "alpha", "beta", "gamma", "Japan's", "non-proliferation", "F-35", "1,000",
  "3.5", "2023", "é", "über", "-", "'", "’", "–", ",", ".", "(", ")", "日", "本",
  "の", "防", "衛", "ー", "한", " ", " ", " ", "  ", "\n", "\n\n", "\t",
};

/* Pieces without white space, so that no folding takes place and the ops
 * are exactly the minimal script; few of them, so that there are many
 * equally good alignments to choose from. "x" comes with a comma so that
 * two of them never glue into the word "xx". */
static const char *const unspaced_pieces[] = { "甲", "乙", "丙", "丁", "、", "x、" };

typedef struct
{
  const char *const *pieces;
  guint n_pieces;
  guint max_length;
} Alphabet;

static const Alphabet spaced = { spaced_pieces, G_N_ELEMENTS (spaced_pieces), 60 };
static const Alphabet unspaced = { unspaced_pieces, G_N_ELEMENTS (unspaced_pieces), 30 };

static const char *
random_piece (GRand          *rand,
              const Alphabet *alphabet)
{
  return alphabet->pieces[g_rand_int_range (rand, 0, alphabet->n_pieces)];
}

static void
random_pieces (GRand          *rand,
               const Alphabet *alphabet,
               GPtrArray      *out)
{
  guint n = g_rand_int_range (rand, 0, alphabet->max_length);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, (gpointer) random_piece (rand, alphabet));
}

/* A copy of @from with random pieces deleted, inserted and replaced, each
 * piece with a chance of about @max_rate percent at most. */
static void
random_edit (GRand          *rand,
             const Alphabet *alphabet,
             int             max_rate,
             GPtrArray      *from,
             GPtrArray      *out)
{
  int rate = g_rand_int_range (rand, 1, max_rate);

  for (guint i = 0; i <= from->len; i++)
    {
      while (g_rand_int_range (rand, 0, 100) < rate / 2)
        g_ptr_array_add (out, (gpointer) random_piece (rand, alphabet));
      if (i < from->len && g_rand_int_range (rand, 0, 100) >= rate)
        g_ptr_array_add (out, from->pdata[i]);
    }
}

static char *
join_pieces (GPtrArray *parts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < parts->len; i++)
    g_string_append (text, parts->pdata[i]);
  return g_string_free (text, FALSE);
}

/* Length of a longest common subsequence of two token sequences, by the
 * textbook O(NM) table: the reference Myers must agree with. */
static guint
lcs_length (const char   *text_a,
            const GArray *tokens_a,
            const char   *text_b,
            const GArray *tokens_b)
{
  guint n = tokens_a->len, m = tokens_b->len;
  g_autofree guint *table = g_new0 (guint, (n + 1) * (m + 1));

  for (guint i = 1; i <= n; i++)
    for (guint j = 1; j <= m; j++)
      {
        const PdToken *a = &g_array_index (tokens_a, PdToken, i - 1);
        const PdToken *b = &g_array_index (tokens_b, PdToken, j - 1);
        guint *cell = &table[i * (m + 1) + j];
        if (a->length == b->length
            && memcmp (text_a + a->start, text_b + b->start, a->length) == 0)
          *cell = table[(i - 1) * (m + 1) + j - 1] + 1;
        else
          *cell = MAX (table[(i - 1) * (m + 1) + j], table[i * (m + 1) + j - 1]);
      }
  return table[n * (m + 1) + m];
}

/* Diffs the two texts and asserts that the script is valid and changes
 * exactly N + M - 2 LCS tokens, the fewest any script can. */
static void
assert_minimal_script (const char *old_text,
                       const char *new_text)
{
  g_autoptr(GArray) tokens_a = split_text (old_text);
  g_autoptr(GArray) tokens_b = split_text (new_text);
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (old_text, new_text, NULL);
  guint lcs = lcs_length (old_text, tokens_a, new_text, tokens_b);

  assert_script_valid (wdiff, old_text, new_text);
  g_assert_cmpuint (count_changed_tokens (wdiff), ==, tokens_a->len + tokens_b->len - 2 * lcs);
}

/* Makes a random pair of texts: unrelated one time in four, else the new
 * text is an edit of the old one. */
static void
random_pair (GRand          *rand,
             const Alphabet *alphabet,
             int             max_rate,
             char          **old_out,
             char          **new_out)
{
  g_autoptr(GPtrArray) old_parts = g_ptr_array_new ();
  g_autoptr(GPtrArray) new_parts = g_ptr_array_new ();

  random_pieces (rand, alphabet, old_parts);
  if (g_rand_int_range (rand, 0, 4) == 0)
    random_pieces (rand, alphabet, new_parts);
  else
    random_edit (rand, alphabet, max_rate, old_parts, new_parts);
  *old_out = join_pieces (old_parts);
  *new_out = join_pieces (new_parts);
}

static void
test_wdiff_minimal_random (void)
{
  g_test_summary ("On random texts without white space, the number of changed "
                  "tokens equals N + M - 2 LCS computed by dynamic programming.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (1986);

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      random_pair (rand, &unspaced, 60, &old_text, &new_text);
      assert_minimal_script (old_text, new_text);
    }
}

/* A random text of @n words, each of 400 and followed by a one-byte
 * separator that is not white space. */
static GPtrArray *
random_separated_words (GRand *rand, guint n)
{
  static const char *const separators[] = { ",", ".", ";", ":", "!" };
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (pieces, g_strdup_printf ("w%d", g_rand_int_range (rand, 0, 400)));
      g_ptr_array_add (pieces, g_strdup (separators[g_rand_int_range (rand, 0, 5)]));
    }
  return pieces;
}

static void
test_wdiff_many_classes (void)
{
  g_test_summary ("Texts of hundreds of distinct words between one-byte tokens: a word "
                  "never shares a class with a one-byte token, so the script rebuilds "
                  "both texts and is minimal.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (2571);

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(GPtrArray) old_pieces = random_separated_words (rand, 150);
      g_autoptr(GPtrArray) new_pieces = g_ptr_array_new ();
      g_autoptr(GPtrArray) replacements = random_separated_words (rand, 150);

      /* Pieces dropped and others put in, words and separators alike. */
      for (guint i = 0; i < old_pieces->len; i++)
        {
          int dice = g_rand_int_range (rand, 0, 10);
          if (dice == 0)
            continue;
          if (dice == 1)
            g_ptr_array_add (new_pieces, replacements->pdata[i]);
          g_ptr_array_add (new_pieces, old_pieces->pdata[i]);
        }
      g_autofree char *old_text = join_pieces (old_pieces);
      g_autofree char *new_text = join_pieces (new_pieces);
      assert_minimal_script (old_text, new_text);
    }
}

static void
test_wdiff_round_trip_random (void)
{
  g_test_summary ("Thousands of random pairs, related and unrelated, with the "
                  "default and with tiny cost limits: every script is valid.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (4034);
  static const guint max_costs[] = { 0, 0, 0, 1, 2, 3, 5, 8, 40 };

  for (guint round = 0; round < 4000; round++)
    {
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      random_pair (rand, &spaced, 60, &old_text, &new_text);
      PdWdiffOptions options = PD_WDIFF_OPTIONS_INIT;
      options.max_cost = max_costs[g_rand_int_range (rand, 0, G_N_ELEMENTS (max_costs))];
      g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (old_text, new_text, &options);

      assert_script_valid (wdiff, old_text, new_text);
      g_assert_cmpint (pd_wdiff_has_changes (wdiff), ==, strcmp (old_text, new_text) != 0);
    }
}

static void
test_wdiff_fold_whitespace (void)
{
  g_test_summary ("White space alone between two changes joins them, so that "
                  "a replaced phrase reads as one change.");

  static const ScriptCase cases[] = {
    { "a b", "c d", "[-a b-]{+c d+}" },
    { "x a b y", "x c d y", "x [-a b-]{+c d+} y" },
    { "a b c", "d e f", "[-a b c-]{+d e f+}" },
    { "keep a\n\nb keep", "keep c\n\nd keep", "keep [-a\n\nb-]{+c\n\nd+} keep" },
    { "1 2 3 same", "4 5 6 same", "[-1 2 3-]{+4 5 6+} same" },
  };

  check_scripts (cases, G_N_ELEMENTS (cases));
}

static void
test_wdiff_fold_keeps_non_space (void)
{
  g_test_summary ("Only white space is folded: equal punctuation or words "
                  "between changes stay equal.");

  static const ScriptCase cases[] = {
    { "a, b", "c, d", "[-a-]{+c+}, [-b-]{+d+}" },
    { "a same b", "c same d", "[-a-]{+c+} same [-b-]{+d+}" },
    { "a b c d", "x b y d", "[-a-]{+x+} b [-c-]{+y+} d" },
    { "日本と米国", "中国と韓国", "[-日本-]{+中国+}と[-米-]{+韓+}国" },
  };

  check_scripts (cases, G_N_ELEMENTS (cases));
}

static void
test_wdiff_cost_minimal_within_limit (void)
{
  g_test_summary ("A limit only gives up on minimality past it: when the "
                  "minimal script has at most max_cost changes, it is found.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (251);

  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      /* Mostly light edits, so that the minimum is often near the limit. */
      random_pair (rand, &unspaced, 25, &old_text, &new_text);
      g_autoptr(GArray) tokens_a = split_text (old_text);
      g_autoptr(GArray) tokens_b = split_text (new_text);
      guint minimum = tokens_a->len + tokens_b->len
        - 2 * lcs_length (old_text, tokens_a, new_text, tokens_b);
      PdWdiffOptions options = PD_WDIFF_OPTIONS_INIT;
      options.max_cost = g_rand_int_range (rand, 1, 16);
      g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (old_text, new_text, &options);

      assert_script_valid (wdiff, old_text, new_text);
      if (minimum <= options.max_cost)
        g_assert_cmpuint (count_changed_tokens (wdiff), ==, minimum);
      else
        g_assert_cmpuint (count_changed_tokens (wdiff), >=, minimum);
    }
}

/* @n_words words drawn from a shared vocabulary, so that the two texts
 * share most tokens but in no useful order: a huge edit distance. */
static char *
random_words (GRand *rand,
              guint  n_words)
{
  static const char *const separators[] = { " ", " ", " ", ", ", ". ", ".\n\n" };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      g_string_append_printf (text, "w%u", g_rand_int_range (rand, 0, 500));
      g_string_append (text, separators[g_rand_int_range (rand, 0, G_N_ELEMENTS (separators))]);
    }
  return g_string_free (text, FALSE);
}

static void
test_wdiff_cost_large_unrelated (void)
{
  g_test_summary ("Two large unrelated texts over one vocabulary need far more "
                  "than max_cost changes: the limit cuts the search short, and "
                  "the script is still valid.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (1024);
  /* About 200k tokens a text: two per word, three after punctuation. */
  guint n_words = 90000;
  g_autofree char *old_text = random_words (rand, n_words);
  g_autofree char *new_text = random_words (rand, n_words);
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (old_text, new_text, NULL);

  assert_script_valid (wdiff, old_text, new_text);
  g_assert_true (pd_wdiff_has_changes (wdiff));
}

static void
test_wdiff_cost_nothing_in_common (void)
{
  g_test_summary ("Texts that share only white space come out as one deletion "
                  "and one insertion, and quickly: the words have no match.");

  g_autoptr(GString) old_text = g_string_new (NULL);
  g_autoptr(GString) new_text = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    {
      g_string_append_printf (old_text, "old%u ", i);
      g_string_append_printf (new_text, "new%u ", i);
    }
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (old_text->str, new_text->str, NULL);

  assert_script_valid (wdiff, old_text->str, new_text->str);
  g_assert_cmpuint (pd_wdiff_get_n_ops (wdiff), ==, 3);
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 0)->kind, ==, PD_WDIFF_OP_DELETE);
  g_assert_cmpint (pd_wdiff_get_op (wdiff, 1)->kind, ==, PD_WDIFF_OP_INSERT);
  assert_op_text (wdiff, 2, " ");
}

static void
test_wdiff_options_default (void)
{
  const char *old_text = "the quick brown fox jumps over the lazy dog";
  const char *new_text = "a quick brown cat jumped over lazy dogs";
  PdWdiffOptions options = PD_WDIFF_OPTIONS_INIT;
  g_autoptr(PdWdiff) with_null = pd_wdiff_texts (old_text, new_text, NULL);
  g_autoptr(PdWdiff) with_init = pd_wdiff_texts (old_text, new_text, &options);
  g_autofree char *rendered_null = render (with_null);
  g_autofree char *rendered_init = render (with_init);

  g_assert_cmpstr (rendered_null, ==, rendered_init);
}

static void
test_wdiff_dense (void)
{
  g_test_summary ("Fields with a token on nearly every byte, beyond the arena's room for "
                  "tokens, still give a valid, minimal script.");

  g_autoptr(GString) a = g_string_new (NULL), b = g_string_new (NULL);
  for (guint i = 0; i < 3000; i++)
    {
      g_string_append (a, i % 3 == 0 ? "x," : "y.");
      g_string_append (b, i % 5 == 0 ? "x," : "y.");
    }
  g_autoptr(PdWdiff) wdiff = pd_wdiff_texts (a->str, b->str, NULL);
  assert_script_valid (wdiff, a->str, b->str);
  g_assert_true (pd_wdiff_has_changes (wdiff));
}

int
main (int argc, char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no files, and
   * GLib 2.74's per-test g_set_user_dirs() leaks by design, which would
   * hide real leaks from a plain valgrind --leak-check=full run. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wdiff/myers/identical", test_wdiff_identical);
  g_test_add_func ("/wdiff/myers/both-empty", test_wdiff_both_empty);
  g_test_add_func ("/wdiff/myers/empty-to-text", test_wdiff_empty_to_text);
  g_test_add_func ("/wdiff/myers/text-to-empty", test_wdiff_text_to_empty);
  g_test_add_func ("/wdiff/myers/scripts", test_wdiff_scripts);
  g_test_add_func ("/wdiff/myers/delete-before-insert", test_wdiff_delete_before_insert);
  g_test_add_func ("/wdiff/myers/minimal-hand-worked", test_wdiff_minimal_hand_worked);
  g_test_add_func ("/wdiff/myers/minimal-random", test_wdiff_minimal_random);
  g_test_add_func ("/wdiff/myers/many-classes", test_wdiff_many_classes);
  g_test_add_func ("/wdiff/myers/round-trip-random", test_wdiff_round_trip_random);
  g_test_add_func ("/wdiff/fold/whitespace", test_wdiff_fold_whitespace);
  g_test_add_func ("/wdiff/fold/keeps-non-space", test_wdiff_fold_keeps_non_space);
  g_test_add_func ("/wdiff/cost/minimal-within-limit", test_wdiff_cost_minimal_within_limit);
  g_test_add_func ("/wdiff/cost/large-unrelated", test_wdiff_cost_large_unrelated);
  g_test_add_func ("/wdiff/cost/nothing-in-common", test_wdiff_cost_nothing_in_common);
  g_test_add_func ("/wdiff/options/default", test_wdiff_options_default);
  g_test_add_func ("/wdiff/dense", test_wdiff_dense);

  return g_test_run ();
}
