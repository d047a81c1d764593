/* test-compare.c: statuses, moves, order and field diffs (pd-compare.c). */
#include "config.h"

#include "pd-test-util.h"

#define HEAD "[Programme]\nId=t\nTitle=T\nVersion=1\n"

static PdComparison *
compare_strings (const char *old_text, const char *new_text)
{
  g_autoptr(PdDocument) o = pd_test_load_string (old_text);
  g_autoptr(PdDocument) n = pd_test_load_string (new_text);

  return pd_comparison_new (o, n, NULL);
}

/* The changes as "status:id[*]" joined by spaces; * marks a move. */
static char *
describe (const PdComparison *cmp)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < pd_comparison_get_n_changes (cmp); k++)
    {
      const PdAreaChange *c = pd_comparison_get_change (cmp, k);
      const PdArea *a = c->new_area != NULL ? c->new_area : c->old_area;
      g_string_append_printf (s, "%s%s:%s%s", k > 0 ? " " : "",
                              pd_area_status_to_string (c->status), pd_area_get_id (a),
                              c->moved ? "*" : "");
    }
  return g_string_free (s, FALSE);
}

static void
test_compare_statuses (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=A\nSummary=same text\n"
           "[Area b]\nTitle=B\nSummary=old words here\n"
           "[Area c]\nTitle=Old name\n"
           "[Area d]\nTitle=Gone\n",
      HEAD "[Area a]\nTitle=A\nSummary=same   text\n"
           "[Area b]\nTitle=B\nSummary=new words here\n"
           "[Area c]\nTitle=New name\n"
           "[Area e]\nTitle=Fresh\n");
  g_autofree char *got = describe (cmp);

  g_assert_cmpstr (got, ==, "unchanged:a modified:b renamed:c removed:d added:e");
  const PdCounts *counts = pd_comparison_get_counts (cmp);
  g_assert_cmpuint (counts->old_areas, ==, 4);
  g_assert_cmpuint (counts->new_areas, ==, 4);
  g_assert_cmpuint (counts->unchanged, ==, 1);
  g_assert_cmpuint (counts->modified, ==, 1);
  g_assert_cmpuint (counts->renamed, ==, 1);
  g_assert_cmpuint (counts->added, ==, 1);
  g_assert_cmpuint (counts->removed, ==, 1);
  g_assert_true (pd_comparison_has_differences (cmp));
}

static void
test_compare_identical (void)
{
  const char *text = HEAD "[Area a]\nTitle=A\nObjectives=x;y\n[Area b]\nTitle=B\n";
  g_autoptr(PdComparison) cmp = compare_strings (text, text);

  g_assert_false (pd_comparison_has_differences (cmp));
  g_assert_cmpuint (pd_comparison_get_counts (cmp)->unchanged, ==, 2);
  g_assert_cmpuint (pd_comparison_get_programme_fields (cmp)->len, ==, 0);
}

/* Re-wrapping, trailing blanks and NFC/NFD are not changes. */
static void
test_compare_whitespace_and_nfc (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=Caf\xc3\xa9\nSummary=one  two\\n three\n",
      HEAD "[Area a]\nTitle=Cafe\xcc\x81\nSummary=one two \\nthree\n");

  g_assert_false (pd_comparison_has_differences (cmp));
}

/* One area moved to the front flags that one area only. */
static void
test_compare_moved_lis (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=A\n[Area b]\nTitle=B\n[Area c]\nTitle=C\n[Area d]\nTitle=D\n",
      HEAD "[Area d]\nTitle=D\n[Area a]\nTitle=A\n[Area b]\nTitle=B\n[Area c]\nTitle=C\n");
  g_autofree char *got = describe (cmp);

  g_assert_cmpstr (got, ==, "unchanged:d* unchanged:a unchanged:b unchanged:c");
  g_assert_cmpuint (pd_comparison_get_counts (cmp)->moved, ==, 1);
  g_assert_true (pd_comparison_has_differences (cmp));
}

/* Removed areas stand after the surviving area that preceded them. */
static void
test_compare_removed_order (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area r0]\nTitle=R0\n[Area a]\nTitle=A\n[Area r1]\nTitle=R1\n"
           "[Area r2]\nTitle=R2\n[Area b]\nTitle=B\n",
      HEAD "[Area a]\nTitle=A\n[Area n]\nTitle=N\n[Area b]\nTitle=B\n");
  g_autofree char *got = describe (cmp);

  g_assert_cmpstr (got, ==,
                   "removed:r0 unchanged:a removed:r1 removed:r2 added:n unchanged:b");
}

static const PdFieldDiff *
find_field (const PdAreaChange *change, const char *key)
{
  for (guint f = 0; f < change->fields->len; f++)
    {
      const PdFieldDiff *field = change->fields->pdata[f];
      if (g_str_equal (field->key, key))
        return field;
    }
  return NULL;
}

static char *
items_to_string (const PdFieldDiff *field)
{
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < field->items->len; k++)
    {
      const PdItemDiff *item = field->items->pdata[k];
      g_string_append_printf (s, "%s%s", k > 0 ? "," : "", pd_item_change_to_string (item->change));
    }
  return g_string_free (s, FALSE);
}

static void
test_compare_list_items (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=A\nObjectives=keep this one;share information on cyber threats;drop me\n",
      HEAD "[Area a]\nTitle=A\nObjectives=brand new item;keep this one;share more information on cyber threats\n");
  const PdAreaChange *c = pd_comparison_get_change (cmp, 0);
  const PdFieldDiff *field = find_field (c, "Objectives");

  g_assert_cmpint (c->status, ==, PD_AREA_STATUS_MODIFIED);
  g_assert_nonnull (field);
  g_assert_null (field->diff);
  g_autofree char *got = items_to_string (field);
  g_assert_cmpstr (got, ==, "added,equal,removed,reworded");
}

static void
test_compare_fields_reordered (void)
{
  g_test_summary ("Fields pair by key, not by position: keys in another order are the "
                  "same fields, and only the one whose value changed is a difference.");

  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=A\nSummary=Talks on maritime security\nObjectives=one;two\n"
      "[Area b]\nTitle=B\nSummary=Same text\nSource=A citation\n",
      HEAD "[Area a]\nTitle=A\nObjectives=one;two\nSummary=Talks on cyber security\n"
      "[Area b]\nSource=A citation\nTitle=B\nSummary=Same text\n");
  const PdAreaChange *a = pd_comparison_get_change (cmp, 0);
  const PdAreaChange *b = pd_comparison_get_change (cmp, 1);

  g_assert_cmpint (a->status, ==, PD_AREA_STATUS_MODIFIED);
  g_assert_cmpuint (a->fields->len, ==, 1);
  const PdFieldDiff *summary = a->fields->pdata[0];
  g_assert_cmpstr (summary->key, ==, "Summary");
  g_assert_cmpstr (summary->old_value, ==, "Talks on maritime security");
  g_assert_cmpstr (summary->new_value, ==, "Talks on cyber security");
  g_assert_cmpint (b->status, ==, PD_AREA_STATUS_UNCHANGED);
  g_assert_cmpuint (b->fields->len, ==, 0);
}

static void
test_compare_field_added_and_removed (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=A\nSource=old citation\n",
      HEAD "[Area a]\nTitle=A\nCategory=New security challenges\n");
  const PdAreaChange *c = pd_comparison_get_change (cmp, 0);

  g_assert_cmpuint (c->fields->len, ==, 2);
  const PdFieldDiff *category = c->fields->pdata[0];
  const PdFieldDiff *source = c->fields->pdata[1];
  g_assert_cmpstr (category->key, ==, "Category");
  g_assert_null (category->old_value);
  g_assert_cmpstr (category->new_value, ==, "New security challenges");
  g_assert_cmpstr (source->key, ==, "Source");
  g_assert_null (source->new_value);
  g_assert_cmpuint (pd_wdiff_get_n_ops (source->diff), ==, 1);
  g_assert_cmpint (pd_wdiff_get_op (source->diff, 0)->kind, ==, PD_WDIFF_OP_DELETE);
}

/* A key written with an empty value is no text, as a key left out is:
 * adding or dropping one is no change, in an area or in [Programme]. A
 * key that gains text is still added. */
static void
test_compare_field_empty_is_absent (void)
{
  static const char *const empty_keys[] = { "Summary=\n", "Objectives=\n",
                                            "Summary=  \nObjectives=\n",
                                            /* empty once normalised */
                                            "Summary=\\s\n", "Summary=\\s\\n\\s\n",
                                            "Objectives=\\s\n" };

  for (guint i = 0; i < G_N_ELEMENTS (empty_keys); i++)
    {
      g_autofree char *bare = g_strdup (HEAD "[Area a]\nTitle=A\nSource=s\n");
      g_autofree char *with = g_strconcat (HEAD "[Area a]\nTitle=A\n", empty_keys[i],
                                           "Source=s\n", NULL);
      g_autoptr(PdComparison) added = compare_strings (bare, with);
      g_autoptr(PdComparison) dropped = compare_strings (with, bare);

      g_test_message ("%s", empty_keys[i]);
      g_assert_false (pd_comparison_has_differences (added));
      g_assert_false (pd_comparison_has_differences (dropped));
      g_assert_cmpuint (pd_comparison_get_counts (added)->unchanged, ==, 1);
      g_assert_cmpuint (pd_comparison_get_change (dropped, 0)->fields->len, ==, 0);
    }

  /* Nor is an item of escaped blanks in a list. */
  g_autoptr(PdComparison) blank_item = compare_strings (HEAD "[Area a]\nTitle=A\nObjectives=x;y\n",
                                                        HEAD "[Area a]\nTitle=A\nObjectives=x;\\s;y\n");
  g_assert_false (pd_comparison_has_differences (blank_item));
  g_autoptr(PdComparison) shown = compare_strings (HEAD "[Area a]\nTitle=A\nObjectives=x;\\s;y\n",
                                                   HEAD "[Area a]\nTitle=A\nObjectives=x;z\n");
  const PdFieldDiff *objectives = pd_comparison_get_change (shown, 0)->fields->pdata[0];
  g_assert_cmpstr (objectives->old_value, ==, "x\ny");
  g_assert_cmpstr (objectives->new_value, ==, "x\nz");

  g_autoptr(PdComparison) header = compare_strings (HEAD "[Area a]\nTitle=A\n",
                                                    HEAD "Description=\n[Area a]\nTitle=A\n");
  g_assert_false (pd_comparison_has_differences (header));

  g_autoptr(PdComparison) text = compare_strings (HEAD "[Area a]\nTitle=A\nSummary=\n",
                                                  HEAD "[Area a]\nTitle=A\nSummary=Now.\n");
  const PdAreaChange *c = pd_comparison_get_change (text, 0);
  g_assert_cmpint (c->status, ==, PD_AREA_STATUS_MODIFIED);
  g_assert_cmpuint (c->fields->len, ==, 1);
  g_assert_cmpstr (((PdFieldDiff *) c->fields->pdata[0])->new_value, ==, "Now.");
}

static void
test_compare_localized_title (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      HEAD "[Area a]\nTitle=Space\nTitle[ja]=\xe5\xae\x87\xe5\xae\x99\n",
      HEAD "[Area a]\nTitle=Space\nTitle[ja]=\xe5\xae\x87\xe5\xae\x99\xe5\x88\xa9\xe7\x94\xa8\n");
  const PdAreaChange *c = pd_comparison_get_change (cmp, 0);

  /* The English title is the same: modified, not renamed. */
  g_assert_cmpint (c->status, ==, PD_AREA_STATUS_MODIFIED);
  const PdFieldDiff *ja = find_field (c, "Title[ja]");
  g_assert_nonnull (ja);
  g_assert_cmpuint (pd_wdiff_get_n_ops (ja->diff), ==, 2);
  const PdWdiffOp *added = pd_wdiff_get_op (ja->diff, 1);
  g_assert_cmpmem (added->text, added->length, "\xe5\x88\xa9\xe7\x94\xa8", 6);
}

static void
test_compare_programme_fields (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (
      "[Programme]\nId=t\nTitle=T\nVersion=2020\n[Area a]\nTitle=A\n",
      "[Programme]\nId=t\nTitle=T\nVersion=2023\n[Area a]\nTitle=A\n");
  GPtrArray *fields = pd_comparison_get_programme_fields (cmp);

  g_assert_cmpuint (fields->len, ==, 1);
  g_assert_cmpstr (((PdFieldDiff *) fields->pdata[0])->key, ==, "Version");
  g_assert_true (pd_comparison_has_differences (cmp));
  g_assert_cmpuint (pd_comparison_get_counts (cmp)->unchanged, ==, 1);
}

static void
test_compare_nato_japan (void)
{
  g_autoptr(PdDocument) o = pd_test_load_fixture ("nato-japan", "ipcp-2020.programme", NULL);
  g_autoptr(PdDocument) n = pd_test_load_fixture ("nato-japan", "itpp-2023.programme", NULL);
  g_autoptr(PdComparison) cmp = pd_comparison_new (o, n, NULL);
  const PdCounts *c = pd_comparison_get_counts (cmp);

  g_assert_cmpuint (c->old_areas, ==, 9);
  g_assert_cmpuint (c->new_areas, ==, 16);
  g_assert_cmpuint (c->added, ==, 7);
  g_assert_cmpuint (c->removed, ==, 0);
  g_assert_cmpuint (c->renamed, ==, 2);
  g_assert_cmpuint (c->unchanged + c->modified, ==, 7);
  g_assert_cmpuint (pd_comparison_get_n_changes (cmp), ==, 16);

  guint renamed_by_similarity = 0;
  for (guint k = 0; k < pd_comparison_get_n_changes (cmp); k++)
    {
      const PdAreaChange *change = pd_comparison_get_change (cmp, k);
      if (change->status == PD_AREA_STATUS_RENAMED)
        {
          g_assert_cmpint (change->match, ==, PD_MATCH_KIND_SIMILARITY);
          renamed_by_similarity++;
        }
      /* Report order is the new document's order. */
      g_assert_cmpuint (pd_area_get_index (change->new_area), ==, k);
    }
  g_assert_cmpuint (renamed_by_similarity, ==, 2);
}

/* Without word diffs: the same statuses, counts and changed fields. */
static void
test_compare_no_word_diff (void)
{
  g_autoptr(PdDocument) o = pd_test_load_fixture ("nato-japan", "ipcp-2014.programme", NULL);
  g_autoptr(PdDocument) n = pd_test_load_fixture ("nato-japan", "itpp-2023.programme", NULL);
  PdCompareOptions lean = PD_COMPARE_OPTIONS_INIT;
  lean.flags = PD_COMPARE_FLAGS_NO_WORD_DIFF;
  g_autoptr(PdComparison) full = pd_comparison_new (o, n, NULL);
  g_autoptr(PdComparison) fast = pd_comparison_new (o, n, &lean);

  g_assert_cmpmem (pd_comparison_get_counts (full), sizeof (PdCounts),
                   pd_comparison_get_counts (fast), sizeof (PdCounts));
  g_assert_cmpuint (pd_comparison_get_n_changes (full), ==, pd_comparison_get_n_changes (fast));
  for (guint k = 0; k < pd_comparison_get_n_changes (full); k++)
    {
      const PdAreaChange *a = pd_comparison_get_change (full, k);
      const PdAreaChange *b = pd_comparison_get_change (fast, k);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpuint (a->fields->len, ==, b->fields->len);
      for (guint f = 0; f < b->fields->len; f++)
        {
          const PdFieldDiff *x = a->fields->pdata[f], *y = b->fields->pdata[f];
          g_assert_cmpstr (x->key, ==, y->key);
          g_assert_true (x->diff != NULL || x->items != NULL);
          g_assert_null (y->diff);
          g_assert_null (y->items);
        }
    }
}

/* The rule docs/format.md states, written independently of pd-compare.c:
 * NFC; per line, blank runs fold to one space and blanks at either end
 * go; line breaks at the end go. */
static char *
reference_normalize (const char *value)
{
  g_autofree char *nfc = g_utf8_normalize (value, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) lines = g_strsplit (nfc, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      if (l > 0)
        g_string_append_c (out, '\n');
      g_auto(GStrv) words = g_strsplit_set (lines[l], " \t", -1);
      gboolean first = TRUE;
      for (guint w = 0; words[w] != NULL; w++)
        if (words[w][0] != '\0')
          {
            g_string_append_printf (out, "%s%s", first ? "" : " ", words[w]);
            first = FALSE;
          }
    }
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* A value in the file's escaped form and the text it stands for. */
static void
random_value (GRand *rand, GString *escaped, GString *text)
{
  static const char *const pieces[][2] = {
    { "a", "a" }, { "bc", "bc" }, { "\\s", " " }, { "\\t", "\t" }, { "\\n", "\n" },
    { "e\xcc\x81", "e\xcc\x81" }, { "\xc3\xa9", "\xc3\xa9" }, { "-", "-" },
  };
  guint n = g_rand_int_range (rand, 0, 9);

  for (guint i = 0; i < n; i++)
    {
      guint k = g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces));
      g_string_append (escaped, pieces[k][0]);
      g_string_append (text, pieces[k][1]);
    }
}

static void
test_compare_normalization_random (void)
{
  g_test_summary ("A field is changed exactly when the normalised forms differ, "
                  "and the diff shows the normalised forms, on random blanks, "
                  "line breaks and composed or decomposed accents.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (1128);
  guint equal = 0, differ = 0;

  for (guint round = 0; round < 3000; round++)
    {
      /* A tidy run of random length first puts the blanks and accents
       * at every offset of the 16-byte blocks is_normalized() scans. */
      g_autoptr(GString) tidy = g_string_new ("x");
      for (guint w = g_rand_int_range (rand, 0, 12); w > 0; w--)
        g_string_append (tidy, g_rand_boolean (rand) ? " word" : " of");
      g_autoptr(GString) esc_a = g_string_new (tidy->str), text_a = g_string_new (tidy->str);
      g_autoptr(GString) esc_b = g_string_new (tidy->str), text_b = g_string_new (tidy->str);
      random_value (rand, esc_a, text_a);
      random_value (rand, esc_b, text_b);
      /* Often the same words with other blanks: the interesting case. */
      if (g_rand_boolean (rand))
        {
          g_string_assign (esc_b, esc_a->str);
          g_string_assign (text_b, text_a->str);
          g_string_append (esc_b, g_rand_boolean (rand) ? "\\s" : "\\n");
          g_string_append (text_b, esc_b->str[esc_b->len - 1] == 's' ? " " : "\n");
        }
      g_autofree char *old_text = g_strdup_printf (HEAD "[Area a]\nTitle=A\nSummary=%s\n",
                                                   esc_a->str);
      g_autofree char *new_text = g_strdup_printf (HEAD "[Area a]\nTitle=A\nSummary=%s\n",
                                                   esc_b->str);
      g_autoptr(PdComparison) cmp = compare_strings (old_text, new_text);
      g_autofree char *norm_a = reference_normalize (text_a->str);
      g_autofree char *norm_b = reference_normalize (text_b->str);
      const PdAreaChange *change = pd_comparison_get_change (cmp, 0);

      if (g_str_equal (norm_a, norm_b))
        {
          g_assert_cmpint (change->status, ==, PD_AREA_STATUS_UNCHANGED);
          equal++;
          continue;
        }
      differ++;
      g_assert_cmpint (change->status, ==, PD_AREA_STATUS_MODIFIED);
      g_assert_cmpuint (change->fields->len, ==, 1);
      const PdFieldDiff *field = change->fields->pdata[0];
      g_assert_cmpstr (field->old_value, ==, norm_a);
      g_assert_cmpstr (field->new_value, ==, norm_b);
    }
  g_assert_cmpuint (equal, >, 300);
  g_assert_cmpuint (differ, >, 300);
}

/* Pairing by title across a changed ID is a rename, not "unchanged": the
 * documents differ, and diff must not exit 0. */
static void
test_compare_id_change_is_rename (void)
{
  g_autoptr(PdComparison) cmp = compare_strings (HEAD "[Area a]\nTitle=Alpha\n",
                                                 HEAD "[Area b]\nTitle=Alpha\n");
  g_autofree char *got = describe (cmp);

  g_assert_cmpstr (got, ==, "renamed:b");
  g_assert_cmpint (pd_comparison_get_change (cmp, 0)->match, ==, PD_MATCH_KIND_TITLE);
  g_assert_cmpuint (pd_comparison_get_counts (cmp)->renamed, ==, 1);
  g_assert_true (pd_comparison_has_differences (cmp));
}

/* A change as text: status, fields and their ops, for comparing two
 * comparisons of the same areas. */
static void
describe_change (GString *out, const PdAreaChange *change)
{
  g_string_append_printf (out, "%s %d:", pd_area_status_to_string (change->status),
                          change->match);
  for (guint f = 0; f < change->fields->len; f++)
    {
      const PdFieldDiff *field = change->fields->pdata[f];
      g_string_append_printf (out, " %s{", field->key);
      for (guint i = 0; field->items != NULL && i < field->items->len; i++)
        {
          const PdItemDiff *item = field->items->pdata[i];
          g_string_append_printf (out, "%s:", pd_item_change_to_string (item->change));
          for (guint k = 0; k < pd_wdiff_get_n_ops (item->diff); k++)
            g_string_append_printf (out, "%d<%.*s>", pd_wdiff_get_op (item->diff, k)->kind,
                                    (int) pd_wdiff_get_op (item->diff, k)->length,
                                    pd_wdiff_get_op (item->diff, k)->text);
        }
      for (guint k = 0; field->diff != NULL && k < pd_wdiff_get_n_ops (field->diff); k++)
        g_string_append_printf (out, "%d<%.*s>", pd_wdiff_get_op (field->diff, k)->kind,
                                (int) pd_wdiff_get_op (field->diff, k)->length,
                                pd_wdiff_get_op (field->diff, k)->text);
      g_string_append_c (out, '}');
    }
}

static void
test_compare_many_areas_threads (void)
{
  g_test_summary ("A comparison large enough to diff its areas on two threads gives each "
                  "area the same change as comparing that area alone.");

  static const char *const words[] = { "cyber", "maritime", "security", "dialogue",
                                       "exercises", "training", "space", "climate" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(GString) old_text = g_string_new (HEAD), new_text = g_string_new (HEAD);
  g_autoptr(GPtrArray) old_areas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_areas = g_ptr_array_new_with_free_func (g_free);
  const guint n = 2500;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) summary = g_string_new (NULL), changed = g_string_new (NULL);
      for (guint w = 0; w < 12; w++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
          g_string_append_printf (summary, "%s%s", w > 0 ? " " : "", word);
          g_string_append_printf (changed, "%s%s", w > 0 ? " " : "",
                                  g_rand_int_range (rand, 0, 10) == 0
                                    ? words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]
                                    : word);
        }
      char *o = g_strdup_printf ("[Area a%u]\nTitle=Area %u\nSummary=%s\nObjectives=%s;x%u\n",
                                 i, i, summary->str, changed->str, i % 7);
      char *m = g_strdup_printf ("[Area a%u]\nTitle=Area %u%s\nSummary=%s\nObjectives=%s;x%u\n",
                                 i, i, i % 50 == 0 ? " bis" : "", changed->str, summary->str,
                                 i % 5);
      g_string_append (old_text, o);
      g_string_append (new_text, m);
      g_ptr_array_add (old_areas, o);
      g_ptr_array_add (new_areas, m);
    }

  g_autoptr(PdComparison) whole = compare_strings (old_text->str, new_text->str);
  g_assert_cmpuint (pd_comparison_get_n_changes (whole), ==, n);
  guint modified = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *o = g_strconcat (HEAD, old_areas->pdata[i], NULL);
      g_autofree char *m = g_strconcat (HEAD, new_areas->pdata[i], NULL);
      g_autoptr(PdComparison) alone = compare_strings (o, m);
      g_autoptr(GString) got = g_string_new (NULL), expected = g_string_new (NULL);
      describe_change (got, pd_comparison_get_change (whole, i));
      describe_change (expected, pd_comparison_get_change (alone, 0));
      g_assert_cmpstr (got->str, ==, expected->str);
      modified += pd_comparison_get_change (whole, i)->status != PD_AREA_STATUS_UNCHANGED;
    }
  /* The check means something only if most areas did change. */
  g_assert_cmpuint (modified, >, n / 2);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/statuses", test_compare_statuses);
  g_test_add_func ("/compare/id-change-is-rename", test_compare_id_change_is_rename);
  g_test_add_func ("/compare/many-areas/threads", test_compare_many_areas_threads);
  g_test_add_func ("/compare/identical", test_compare_identical);
  g_test_add_func ("/compare/whitespace-and-nfc", test_compare_whitespace_and_nfc);
  g_test_add_func ("/compare/normalization/random", test_compare_normalization_random);
  g_test_add_func ("/compare/moved/lis", test_compare_moved_lis);
  g_test_add_func ("/compare/order/removed", test_compare_removed_order);
  g_test_add_func ("/compare/fields/list-items", test_compare_list_items);
  g_test_add_func ("/compare/fields/added-and-removed", test_compare_field_added_and_removed);
  g_test_add_func ("/compare/fields/empty-is-absent", test_compare_field_empty_is_absent);
  g_test_add_func ("/compare/fields/reordered", test_compare_fields_reordered);
  g_test_add_func ("/compare/fields/localized-title", test_compare_localized_title);
  g_test_add_func ("/compare/programme-fields", test_compare_programme_fields);
  g_test_add_func ("/compare/nato-japan", test_compare_nato_japan);
  g_test_add_func ("/compare/no-word-diff", test_compare_no_word_diff);
  return g_test_run ();
}
