/* test-match.c: pairing areas of two versions (pd-match.c). */
#include "config.h"

#include "pd-match-private.h"
#include "pd-test-util.h"

/* A document from "ID|Title|Summary|Aliases" lines. */
static PdDocument *
doc_from_rows (const char *const *rows)
{
  g_autoptr(GString) text = g_string_new ("[Programme]\nId=t\nTitle=T\nVersion=1\n");

  for (const char *const *row = rows; *row != NULL; row++)
    {
      g_auto(GStrv) parts = g_strsplit (*row, "|", 4);
      g_string_append_printf (text, "\n[Area %s]\nTitle=%s\n", parts[0], parts[1]);
      if (parts[1] != NULL && parts[2] != NULL && *parts[2] != '\0')
        g_string_append_printf (text, "Summary=%s\n", parts[2]);
      if (parts[2] != NULL && parts[3] != NULL)
        g_string_append_printf (text, "Aliases=%s\n", parts[3]);
    }
  return pd_test_load_string (text->str);
}

/* Asserts that old area @old_id is paired with new area @new_id by @kind. */
static void
assert_pair (PdMatching *matching, PdDocument *o, PdDocument *n, const char *old_id,
             const char *new_id, PdMatchKind kind)
{
  const PdArea *oa = pd_document_find_area (o, old_id);
  g_assert_nonnull (oa);
  const PdMatchPair *pair = pd_matching_lookup_old (matching, pd_area_get_index (oa));
  g_assert_nonnull (pair);
  g_assert_cmpstr (pd_area_get_id (pd_document_get_area (n, pair->new_index)), ==, new_id);
  g_assert_cmpstr (pd_match_kind_to_string (pair->kind), ==, pd_match_kind_to_string (kind));
}

static void
assert_unpaired_old (PdMatching *matching, PdDocument *o, const char *old_id)
{
  const PdArea *oa = pd_document_find_area (o, old_id);
  g_assert_nonnull (oa);
  g_assert_null (pd_matching_lookup_old (matching, pd_area_get_index (oa)));
}

static void
test_match_by_id (void)
{
  const char *old_rows[] = { "a|Cyber defence|", "b|Space|", NULL };
  const char *new_rows[] = { "b|Outer space|", "a|Cyber|", NULL };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  g_assert_cmpuint (pd_matching_get_n_pairs (m), ==, 2);
  assert_pair (m, o, n, "a", "a", PD_MATCH_KIND_ID);
  assert_pair (m, o, n, "b", "b", PD_MATCH_KIND_ID);
}

static void
test_match_by_title (void)
{
  const char *old_rows[] = { "x1|Research & Technology|", "x2|Women, Peace and Security|", NULL };
  const char *new_rows[] = { "y2|women peace  and security|", "y1|research and technology|", NULL };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  assert_pair (m, o, n, "x1", "y1", PD_MATCH_KIND_TITLE);
  assert_pair (m, o, n, "x2", "y2", PD_MATCH_KIND_TITLE);
}

static void
test_match_by_alias (void)
{
  const char *old_rows[] = { "old-a|Alpha|", "old-b|Beta programme|", NULL };
  const char *new_rows[] = { "n1|Gamma|x|old-a", "n2|Delta|y|Something else;beta programme", NULL };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  assert_pair (m, o, n, "old-a", "n1", PD_MATCH_KIND_ALIAS);
  assert_pair (m, o, n, "old-b", "n2", PD_MATCH_KIND_ALIAS);
}

static void
test_match_by_similarity (void)
{
  const char *old_rows[] = {
    "dst|Defence science and technology|Joint research on defence technology and scientific exchange",
    "hadr|Disaster relief|Helping after earthquakes and floods",
    NULL
  };
  const char *new_rows[] = {
    "st|Science and technology|Joint research on technology and scientific exchange between experts",
    "space|Space|Satellites, orbits and debris",
    NULL
  };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  assert_pair (m, o, n, "dst", "st", PD_MATCH_KIND_SIMILARITY);
  const PdMatchPair *pair = pd_matching_lookup_old (m, 0);
  g_assert_cmpuint (pair->score, >=, PD_MATCH_DEFAULT_THRESHOLD);
  g_assert_cmpuint (pair->score, <, PD_SCORE_SCALE);
  g_assert_cmpuint (pair->score, ==, pd_match_similarity (pd_document_get_area (o, 0),
                                                          pd_document_get_area (n, 0)));
  assert_unpaired_old (m, o, "hadr");
}

static void
test_match_threshold (void)
{
  const char *old_rows[] = { "a|Maritime security|Patrols at sea and port visits", NULL };
  const char *new_rows[] = { "b|Maritime domain awareness|Patrols at sea and shared pictures", NULL };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  guint score = pd_match_similarity (pd_document_get_area (o, 0), pd_document_get_area (n, 0));
  g_assert_cmpuint (score, >, 0);

  PdMatchOptions above = PD_MATCH_OPTIONS_INIT, at = PD_MATCH_OPTIONS_INIT;
  above.threshold = score + 1;
  at.threshold = score;
  g_autoptr(PdMatching) none = pd_match_areas (o, n, &above);
  g_autoptr(PdMatching) one = pd_match_areas (o, n, &at);
  g_assert_cmpuint (pd_matching_get_n_pairs (none), ==, 0);
  g_assert_cmpuint (pd_matching_get_n_pairs (one), ==, 1);
}

/* Greedy by best score over all candidates, not first come first served:
 * the first new area would grab "b" if it were served first. */
static void
test_match_best_score_first (void)
{
  const char *old_rows[] = {
    "a|Naval cooperation|ships ports sailors harbours",
    "b|Naval exercises|ships drills fleets manoeuvres",
    NULL
  };
  const char *new_rows[] = {
    "x|Naval cooperation and exercises|ships drills fleets ports",
    "y|Naval exercises at sea|ships drills fleets manoeuvres",
    NULL
  };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  assert_pair (m, o, n, "b", "y", PD_MATCH_KIND_SIMILARITY);
  assert_pair (m, o, n, "a", "x", PD_MATCH_KIND_SIMILARITY);
}

static void
test_match_no_area_twice (void)
{
  /* Three new areas all resembling one old area: only one gets it. */
  const char *old_rows[] = { "a|Cyber defence|networks incidents exercises", NULL };
  const char *new_rows[] = {
    "x|Cyber defence cooperation|networks incidents exercises",
    "y|Cyber defence training|networks incidents exercises",
    "z|Cyber defence policy|networks incidents exercises",
    NULL
  };
  g_autoptr(PdDocument) o = doc_from_rows (old_rows);
  g_autoptr(PdDocument) n = doc_from_rows (new_rows);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  g_assert_cmpuint (pd_matching_get_n_pairs (m), ==, 1);
  guint paired_new = 0;
  for (guint j = 0; j < 3; j++)
    paired_new += pd_matching_lookup_new (m, j) != NULL;
  g_assert_cmpuint (paired_new, ==, 1);
}

static void
test_match_nato_japan (void)
{
  g_autoptr(PdDocument) o = pd_test_load_fixture ("nato-japan", "ipcp-2020.programme", NULL);
  g_autoptr(PdDocument) n = pd_test_load_fixture ("nato-japan", "itpp-2023.programme", NULL);
  g_autoptr(PdMatching) m = pd_match_areas (o, n, NULL);

  g_assert_cmpuint (pd_matching_get_n_pairs (m), ==, 9);
  assert_pair (m, o, n, "defence-science-technology", "science-technology",
               PD_MATCH_KIND_SIMILARITY);
  assert_pair (m, o, n, "arms-control", "arms-control-disarmament", PD_MATCH_KIND_SIMILARITY);
  assert_pair (m, o, n, "human-security", "human-security", PD_MATCH_KIND_ID);
}

static void
test_match_normalize_title (void)
{
  static const struct
  {
    const char *in, *out;
  } cases[] = {
    { "Women, Peace & Security", "women peace and security" },
    { "  Cyber   defence. ", "cyber defence" },
    { "R&D", "r and d" },
    { "Non-proliferation", "non proliferation" },
    { "ＣＹＢＥＲ", "cyber" },
    { "宇宙", "宇宙" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = pd_match_normalize_title (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_match_normalize_title_ascii (void)
{
  g_test_summary ("The byte-wise path for ASCII titles gives what the Unicode tables "
                  "give, on random ASCII with '&', punctuation, blanks and controls.");

  static const char alphabet[] = "aZ9 &-.,\t&&  Qx\x01\x7f_'()";
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);

  for (guint round = 0; round < 20000; round++)
    {
      char title[24];
      guint len = g_rand_int_range (rand, 0, sizeof title);
      for (guint i = 0; i < len; i++)
        title[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      title[len] = '\0';
      g_autofree char *fast = pd_match_normalize_title (title);
      g_autofree char *unicode = pd_match__normalize_title_unicode (title);
      g_assert_cmpstr (fast, ==, unicode);
    }
}

static void
test_match_dice (void)
{
  g_assert_cmpuint (pd_match__text_similarity (NULL, "cyber defence", "Cyber Defence"), ==,
                    PD_SCORE_SCALE);
  g_assert_cmpuint (pd_match__text_similarity (NULL, "cyber defence", "maritime security"), ==, 0);
  /* {space, debris} vs {space, orbit}: 2*1/4 */
  g_assert_cmpuint (pd_match__text_similarity (NULL, "space debris", "space and the orbit"), ==,
                    PD_SCORE_SCALE / 2);
  g_assert_cmpuint (pd_match__text_similarity (NULL, "", ""), ==, 0);
}

/* Many renamed areas, shuffled, and some that pair with nothing: enough
 * to be paired on two threads (1,000 free areas or more). */
static void
test_match_similarity_many (void)
{
  g_test_summary ("With over a thousand areas left to similarity (two threads), each "
                  "renamed area pairs with the one it came from, at the score "
                  "pd_match_similarity() gives the two alone; the others stay unpaired.");

  const guint n = 600, n_extra = 40;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20231207);
  g_autoptr(GPtrArray) old_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *position = g_new (guint, n);   /* new index of old area k */

  for (guint k = 0; k < n; k++)
    position[k] = k;
  for (guint k = n - 1; k > 0; k--)
    {
      guint other = g_rand_int_range (rand, 0, k + 1), t = position[k];
      position[k] = position[other];
      position[other] = t;
    }
  g_autofree char **new_row_at = g_new0 (char *, n);
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GString) text = g_string_new (NULL), edited = g_string_new (NULL);
      for (guint w = 0; w < 60; w++)
        {
          guint word = g_rand_int_range (rand, 0, 20000);
          g_string_append_printf (text, "%sw%u", w > 0 ? " " : "", word);
          g_string_append_printf (edited, "%sw%u", w > 0 ? " " : "",
                                  w % 20 == 7 ? (guint) g_rand_int_range (rand, 0, 20000) : word);
        }
      guint t1 = g_rand_int_range (rand, 0, 20000), t2 = g_rand_int_range (rand, 0, 20000);
      g_ptr_array_add (old_rows, g_strdup_printf ("old-%u|Old topic t%u t%u|%s", k, t1, t2,
                                                  text->str));
      new_row_at[position[k]] = g_strdup_printf ("new-%u|New topic t%u t%u|%s", k, t1, t2,
                                                 edited->str);
    }
  for (guint k = 0; k < n; k++)
    g_ptr_array_add (new_rows, new_row_at[k]);
  for (guint e = 0; e < n_extra; e++)
    {
      g_ptr_array_add (old_rows, g_strdup_printf ("gone-%u|Gone g%u|x%u y%u z%u", e, e, e, e, e));
      g_ptr_array_add (new_rows, g_strdup_printf ("fresh-%u|Fresh f%u|p%u q%u r%u", e, e, e, e, e));
    }
  g_ptr_array_add (old_rows, NULL);
  g_ptr_array_add (new_rows, NULL);
  g_autoptr(PdDocument) o = doc_from_rows ((const char *const *) old_rows->pdata);
  g_autoptr(PdDocument) nd = doc_from_rows ((const char *const *) new_rows->pdata);
  g_autoptr(PdMatching) m = pd_match_areas (o, nd, NULL);

  g_assert_cmpuint (pd_matching_get_n_pairs (m), ==, n);
  for (guint k = 0; k < n; k++)
    {
      const PdMatchPair *pair = pd_matching_lookup_old (m, k);
      g_assert_nonnull (pair);
      g_assert_cmpint (pair->kind, ==, PD_MATCH_KIND_SIMILARITY);
      g_assert_cmpuint (pair->new_index, ==, position[k]);
      g_assert_cmpuint (pair->score, ==,
                        pd_match_similarity (pd_document_get_area (o, k),
                                             pd_document_get_area (nd, position[k])));
    }
  for (guint e = 0; e < n_extra; e++)
    g_assert_null (pd_matching_lookup_old (m, n + e));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/match/rule/id", test_match_by_id);
  g_test_add_func ("/match/rule/title", test_match_by_title);
  g_test_add_func ("/match/rule/alias", test_match_by_alias);
  g_test_add_func ("/match/rule/similarity", test_match_by_similarity);
  g_test_add_func ("/match/similarity/threshold", test_match_threshold);
  g_test_add_func ("/match/similarity/best-score-first", test_match_best_score_first);
  g_test_add_func ("/match/similarity/many", test_match_similarity_many);
  g_test_add_func ("/match/no-area-twice", test_match_no_area_twice);
  g_test_add_func ("/match/nato-japan", test_match_nato_japan);
  g_test_add_func ("/match/normalize-title", test_match_normalize_title);
  g_test_add_func ("/match/normalize-title/ascii", test_match_normalize_title_ascii);
  g_test_add_func ("/match/dice", test_match_dice);
  return g_test_run ();
}
