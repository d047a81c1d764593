/* pd-compare.c: the comparison model every report renders.
 *
 * Values are compared after white-space normalisation (runs of blanks
 * fold to one space, blanks around line breaks go, NFC), so re-wrapping
 * or re-encoding text is not a change. Only fields that differ are
 * word-diffed. Moves are what a longest increasing subsequence of the
 * paired positions leaves out, so one moved area does not flag the rest.
 */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "pd-match-private.h"

/* What diffing fields needs besides the fields: one per thread, since
 * neither a string chunk nor a word table may be shared. */
typedef struct
{
  GStringChunk *strings;        /* normalised values */
  PdWordTable *words;           /* for pairing list items, made when needed */
  gboolean word_diff;
  GPtrArray *no_fields;         /* shared by every area without changed fields */
} FieldContext;

struct PdComparison
{
  PdDocument *old_doc;
  PdDocument *new_doc;
  GPtrArray *changes;           /* PdAreaChange, report order */
  GPtrArray *programme_fields;  /* PdFieldDiff */
  FieldContext contexts[2];      /* [0] this thread's, [1] a helper's */
  PdCounts counts;
};

const char *
pd_area_status_to_string (PdAreaStatus status)
{
  switch (status)
    {
    case PD_AREA_STATUS_UNCHANGED: return "unchanged";
    case PD_AREA_STATUS_MODIFIED: return "modified";
    case PD_AREA_STATUS_RENAMED: return "renamed";
    case PD_AREA_STATUS_ADDED: return "added";
    case PD_AREA_STATUS_REMOVED: return "removed";
    default: return "unknown";
    }
}

const char *
pd_item_change_to_string (PdItemChange change)
{
  switch (change)
    {
    case PD_ITEM_CHANGE_EQUAL: return "equal";
    case PD_ITEM_CHANGE_ADDED: return "added";
    case PD_ITEM_CHANGE_REMOVED: return "removed";
    case PD_ITEM_CHANGE_REWORDED: return "reworded";
    default: return "unknown";
    }
}

/* ---- normalisation ---- */

/* Whether normalize_value() would return @s unchanged. Most values are
 * plain ASCII written tidily, and skipping the copy for them keeps a
 * comparison from duplicating every changed field. Anything else (tabs,
 * blank runs, blanks at line ends, non-ASCII that may need NFC) takes
 * the slow path. */
#ifdef __SSE2__
/* The bytes of the 16 at @p that stop is_normalized(): a control other
 * than "\n", DEL, non-ASCII, a space before a space, a line break or the
 * end, and a line break before a space. p[16] is read: the caller keeps
 * it inside the string (its NUL at most). */
static int
abnormal_mask (const guchar *p)
{
  const __m128i a = _mm_loadu_si128 ((const __m128i *) (const void *) p);
  const __m128i b = _mm_loadu_si128 ((const __m128i *) (const void *) (p + 1));
  const __m128i space = _mm_set1_epi8 (' '), newline = _mm_set1_epi8 ('\n');
  const __m128i a_space = _mm_cmpeq_epi8 (a, space), a_newline = _mm_cmpeq_epi8 (a, newline);
  const __m128i b_space = _mm_cmpeq_epi8 (b, space);
  /* Signed bytes: 0x80..0xFF are negative, so "< 0x20" catches them. */
  __m128i bad = _mm_andnot_si128 (a_newline, _mm_cmplt_epi8 (a, space));
  bad = _mm_or_si128 (bad, _mm_cmpeq_epi8 (a, _mm_set1_epi8 (0x7F)));
  bad = _mm_or_si128 (bad, _mm_and_si128 (a_space,
                                          _mm_or_si128 (_mm_or_si128 (b_space,
                                                                      _mm_cmpeq_epi8 (b, newline)),
                                                        _mm_cmpeq_epi8 (b, _mm_setzero_si128 ()))));
  bad = _mm_or_si128 (bad, _mm_and_si128 (a_newline, b_space));
  return _mm_movemask_epi8 (bad);
}
#endif

static gboolean
is_normalized (const char *s)
{
  const guchar *p = (const guchar *) s;

  if (*p == ' ')
    return FALSE;
#ifdef __SSE2__
  /* Changed fields are mostly long and tidy: 16 bytes a step. */
  const guchar *end = p + strlen (s);
  for (; end - p >= 16; p += 16)
    if (abnormal_mask (p) != 0)
      return FALSE;
#endif
  for (;; p++)
    {
      /* Printable ASCII but the space: nearly every byte, one test. */
      if ((guchar) (*p - 0x21) < 0x5F)
        continue;
      switch (*p)
        {
        case '\0':
          return p == (const guchar *) s || p[-1] != '\n';
        case ' ':
          if (p[1] == ' ' || p[1] == '\n' || p[1] == '\0')
            return FALSE;
          break;
        case '\n':
          /* "\n\n" (a paragraph break) is normal inside a value. */
          if (p[1] == ' ')
            return FALSE;
          break;
        default:
          if (*p >= 0x80 || *p == '\t')
            return FALSE;
        }
    }
}

/* Returns @value normalised: @value itself when it already is, else a
 * copy stored in @chunk. */
static const char *
normalize_value (GStringChunk *chunk, const char *value)
{
  if (is_normalized (value))
    return value;

  g_autofree char *nfc = NULL;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      {
        nfc = g_utf8_normalize (value, -1, G_NORMALIZE_NFC);
        break;
      }
  const char *src = nfc != NULL ? nfc : value;
  g_autofree char *out = g_malloc (strlen (src) + 1);
  gsize len = 0;
  gboolean pending_space = FALSE;

  for (const char *p = src; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t')
        pending_space = TRUE;
      else if (*p == '\n')
        {
          /* A line break swallows the blanks around it. */
          while (len > 0 && out[len - 1] == ' ')
            len--;
          out[len++] = '\n';
          pending_space = FALSE;
        }
      else
        {
          if (pending_space && len > 0 && out[len - 1] != '\n')
            out[len++] = ' ';
          pending_space = FALSE;
          out[len++] = *p;
        }
    }
  while (len > 0 && out[len - 1] == '\n')
    len--;
  return g_string_chunk_insert_len (chunk, out, (gssize) len);
}

static gboolean
same_text (const char *a, const char *b)
{
  return strcmp (a, b) == 0;
}

/* ---- field diffs ---- */

static void
item_diff_free (PdItemDiff *item)
{
  pd_wdiff_free (item->diff);
  g_free (item);
}

static void
field_diff_free (PdFieldDiff *field)
{
  pd_wdiff_free (field->diff);
  if (field->items != NULL)
    g_ptr_array_unref (field->items);
  g_free (field);
}

static PdItemDiff *
item_diff_new (PdItemChange change, const char *old_text, const char *new_text)
{
  PdItemDiff *item = g_new0 (PdItemDiff, 1);

  item->change = change;
  item->diff = pd_wdiff_texts (old_text, new_text, NULL);
  return item;
}

/* Normalised items of a list field, stored in @chunk. */
static GPtrArray *
normalize_items (GStringChunk *chunk, const PdField *field)
{
  GPtrArray *items = g_ptr_array_new ();

  if (field != NULL && field->items != NULL)
    for (const char *const *it = field->items; *it != NULL; it++)
      {
        /* An item of escaped blanks only (`\s`) holds no text: no item. */
        const char *item = normalize_value (chunk, *it);
        if (*item != '\0')
          g_ptr_array_add (items, (gpointer) item);
      }
  return items;
}

/* Beyond this many cells the list diff keeps only the common prefix and
 * suffix; no real programme has lists that long. */
#define MAX_LCS_CELLS (4u * 1024 * 1024)

/* Pairs the removed and added items of one changed run as rewordings
 * when their words are similar enough, best pairs first. */
static void
emit_run (FieldContext *ctx, GPtrArray *out, GPtrArray *old_items, guint o0, guint o1,
          GPtrArray *new_items, guint n0, guint n1)
{
  guint n_del = o1 - o0, n_ins = n1 - n0;
  g_autofree int *partner_of_new = g_new (int, n_ins + 1);
  g_autofree gboolean *old_taken = g_new0 (gboolean, n_del + 1);

  for (guint b = 0; b < n_ins; b++)
    partner_of_new[b] = -1;
  if (n_del > 0 && n_ins > 0 && ctx->words == NULL)
    ctx->words = pd_match__word_table_new ();
  /* Runs are short, so scoring every pair is cheap; cap it anyway. */
  while (n_del > 0 && n_ins > 0 && (guint64) n_del * n_ins <= 4096)
    {
      guint best = 0, best_a = 0, best_b = 0;
      for (guint a = 0; a < n_del; a++)
        for (guint b = 0; b < n_ins; b++)
          if (!old_taken[a] && partner_of_new[b] < 0)
            {
              guint s = pd_match__text_similarity (ctx->words, old_items->pdata[o0 + a],
                                                   new_items->pdata[n0 + b]);
              if (s > best)
                best = s, best_a = a, best_b = b;
            }
      if (best < PD_SCORE_SCALE / 2)
        break;
      old_taken[best_a] = TRUE;
      partner_of_new[best_b] = best_a;
    }

  for (guint a = 0; a < n_del; a++)
    if (!old_taken[a])
      g_ptr_array_add (out, item_diff_new (PD_ITEM_CHANGE_REMOVED,
                                           old_items->pdata[o0 + a], ""));
  for (guint b = 0; b < n_ins; b++)
    {
      const char *new_text = new_items->pdata[n0 + b];
      if (partner_of_new[b] >= 0)
        g_ptr_array_add (out, item_diff_new (PD_ITEM_CHANGE_REWORDED,
                                             old_items->pdata[o0 + partner_of_new[b]],
                                             new_text));
      else
        g_ptr_array_add (out, item_diff_new (PD_ITEM_CHANGE_ADDED, "", new_text));
    }
}

/* An LCS of the items, walked forwards; each gap between kept items is
 * one changed run. */
static GPtrArray *
diff_items (FieldContext *ctx, GPtrArray *old_items, GPtrArray *new_items)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) item_diff_free);
  guint n = old_items->len, m = new_items->len;
  guint pre = 0, suf = 0;

  while (pre < n && pre < m && same_text (old_items->pdata[pre], new_items->pdata[pre]))
    pre++;
  while (suf < n - pre && suf < m - pre
         && same_text (old_items->pdata[n - 1 - suf], new_items->pdata[m - 1 - suf]))
    suf++;

  for (guint k = 0; k < pre; k++)
    g_ptr_array_add (out, item_diff_new (PD_ITEM_CHANGE_EQUAL, old_items->pdata[k],
                                         new_items->pdata[k]));

  guint a = n - pre - suf, b = m - pre - suf;
  if ((guint64) (a + 1) * (b + 1) <= MAX_LCS_CELLS && a > 0 && b > 0)
    {
      /* len[i][j]: LCS length of old[pre+i..] and new[pre+j..]. */
      g_autofree guint *len = g_new0 (guint, (gsize) (a + 1) * (b + 1));
#define LEN(i, j) len[(gsize) (i) * (b + 1) + (j)]
      for (guint i = a; i-- > 0;)
        for (guint j = b; j-- > 0;)
          LEN (i, j) = same_text (old_items->pdata[pre + i], new_items->pdata[pre + j])
                         ? LEN (i + 1, j + 1) + 1
                         : MAX (LEN (i + 1, j), LEN (i, j + 1));
      guint i = 0, j = 0, run_i = 0, run_j = 0;
      while (i < a && j < b)
        {
          if (same_text (old_items->pdata[pre + i], new_items->pdata[pre + j]))
            {
              emit_run (ctx, out, old_items, pre + run_i, pre + i, new_items, pre + run_j, pre + j);
              g_ptr_array_add (out, item_diff_new (PD_ITEM_CHANGE_EQUAL,
                                                   old_items->pdata[pre + i],
                                                   new_items->pdata[pre + j]));
              run_i = ++i, run_j = ++j;
            }
          else if (LEN (i + 1, j) >= LEN (i, j + 1))
            i++;
          else
            j++;
        }
#undef LEN
      emit_run (ctx, out, old_items, pre + run_i, pre + a, new_items, pre + run_j, pre + b);
    }
  else
    emit_run (ctx, out, old_items, pre, pre + a, new_items, pre, pre + b);

  for (guint k = 0; k < suf; k++)
    g_ptr_array_add (out, item_diff_new (PD_ITEM_CHANGE_EQUAL, old_items->pdata[n - suf + k],
                                         new_items->pdata[m - suf + k]));
  return out;
}

static gboolean
items_equal (GPtrArray *x, GPtrArray *y)
{
  if (x->len != y->len)
    return FALSE;
  for (guint k = 0; k < x->len; k++)
    if (!same_text (x->pdata[k], y->pdata[k]))
      return FALSE;
  return TRUE;
}

/* Whether two lists hold the same items, byte for byte. */
static gboolean
same_items (const char *const *a, const char *const *b)
{
  for (; *a != NULL && *b != NULL; a++, b++)
    if (strcmp (*a, *b) != 0)
      return FALSE;
  return *a == NULL && *b == NULL;
}

/* What a field diff shows as a field's value: the value, or a list's
 * items joined with "\n" (in @chunk), normalised; as in
 * normalize_items(), an item with no text is none. */
static const char *
shown_value (GStringChunk *chunk, const PdField *field)
{
  if (field == NULL)
    return NULL;
  if (field->items == NULL)
    return normalize_value (chunk, field->value);

  g_autoptr(GString) joined = g_string_new (NULL);
  for (const char *const *it = field->items; *it != NULL; it++)
    {
      if (*normalize_value (chunk, *it) == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, '\n');
      g_string_append (joined, *it);
    }
  /* One copy in @chunk: the joined text as it is, or its normal form. */
  const char *normal = normalize_value (chunk, joined->str);
  return normal != joined->str ? normal
                               : g_string_chunk_insert_len (chunk, joined->str, joined->len);
}

/* Returns the diff of one field, or NULL when the two are equal. Either
 * field may be NULL (absent). */
static PdFieldDiff *
diff_field (FieldContext *ctx, const char *key, const PdField *old_field,
            const PdField *new_field)
{
  /* Most fields of most areas are byte-for-byte equal: skip the
   * normalisation, the dominant cost of a comparison, for them. */
  if (old_field != NULL && new_field != NULL
      && (old_field->items == NULL) == (new_field->items == NULL)
      && (old_field->items == NULL ? strcmp (old_field->value, new_field->value) == 0
                                   : same_items (old_field->items, new_field->items)))
    return NULL;

  gboolean is_list = (old_field != NULL && old_field->items != NULL)
                     || (new_field != NULL && new_field->items != NULL);
  g_autoptr(GPtrArray) old_items = NULL, new_items = NULL;
  if (is_list)
    {
      old_items = normalize_items (ctx->strings, old_field);
      new_items = normalize_items (ctx->strings, new_field);
      if (old_field != NULL && new_field != NULL && items_equal (old_items, new_items))
        return NULL;
    }
  const char *old_value = shown_value (ctx->strings, old_field);
  const char *new_value = shown_value (ctx->strings, new_field);
  if (!is_list && old_value != NULL && new_value != NULL && same_text (old_value, new_value))
    return NULL;

  PdFieldDiff *field = g_new0 (PdFieldDiff, 1);
  field->key = new_field != NULL ? new_field->key : old_field->key;
  field->old_value = old_value;
  field->new_value = new_value;
  if (!ctx->word_diff)
    return field;
  if (is_list)
    field->items = diff_items (ctx, old_items, new_items);
  else
    field->diff = pd_wdiff_texts (old_value != NULL ? old_value : "",
                                  new_value != NULL ? new_value : "", NULL);
  return field;
}

typedef const PdField *(*GetField) (gconstpointer owner, guint index);
typedef const PdField *(*LookupField) (gconstpointer owner, const char *key);

/* Whether both sides have the same keys in the same order, as most
 * versions of an area do: their fields then pair by position, with no
 * lookup either way (keys are unique within a group). */
static gboolean
same_keys (gconstpointer old_owner, gconstpointer new_owner, guint n_old, guint n_new,
           GetField get)
{
  if (old_owner == NULL || new_owner == NULL || n_old != n_new)
    return FALSE;
  for (guint k = 0; k < n_new; k++)
    if (strcmp (get (old_owner, k)->key, get (new_owner, k)->key) != 0)
      return FALSE;
  return TRUE;
}

static void
add_field_diff (GPtrArray **fields, PdFieldDiff *d)
{
  if (d == NULL)
    return;
  if (*fields == NULL)
    *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_diff_free);
  g_ptr_array_add (*fields, d);
}

/* An empty value holds no text, as a key left out holds none: adding or
 * dropping `Summary=` in an area that stays is no change. */
static gboolean
is_empty_field (FieldContext *ctx, const PdField *field)
{
  if (field->items == NULL)
    return *normalize_value (ctx->strings, field->value) == '\0';

  g_autoptr(GPtrArray) items = normalize_items (ctx->strings, field);
  return items->len == 0;
}

/* Diffs every key of either side: the new side's keys in order, then the
 * keys only the old side has. @old_owner or @new_owner may be NULL.
 * Returns NULL when no field differs. */
static GPtrArray *
diff_fields (FieldContext *ctx, gconstpointer old_owner,
             gconstpointer new_owner, guint n_old, guint n_new, GetField get,
             LookupField lookup)
{
  GPtrArray *fields = NULL;

  if (same_keys (old_owner, new_owner, n_old, n_new, get))
    {
      for (guint k = 0; k < n_new; k++)
        {
          const PdField *nf = get (new_owner, k);
          add_field_diff (&fields, diff_field (ctx, nf->key, get (old_owner, k), nf));
        }
      return fields;
    }
  for (guint k = 0; k < n_new; k++)
    {
      const PdField *nf = get (new_owner, k);
      const PdField *of = old_owner != NULL ? lookup (old_owner, nf->key) : NULL;
      if (of == NULL && old_owner != NULL && is_empty_field (ctx, nf))
        continue;
      add_field_diff (&fields, diff_field (ctx, nf->key, of, nf));
    }
  for (guint k = 0; k < n_old; k++)
    {
      const PdField *of = get (old_owner, k);
      if (new_owner != NULL && (lookup (new_owner, of->key) != NULL || is_empty_field (ctx, of)))
        continue;
      add_field_diff (&fields, diff_field (ctx, of->key, of, NULL));
    }
  return fields;
}

static const PdField *
area_field (gconstpointer area, guint index)
{
  return pd_area_get_field (area, index);
}

static const PdField *
area_lookup (gconstpointer area, const char *key)
{
  return pd_area_lookup_field (area, key);
}

static const PdField *
programme_field (gconstpointer doc, guint index)
{
  return pd_document_get_field (doc, index);
}

static const PdField *
programme_lookup (gconstpointer doc, const char *key)
{
  return pd_document_lookup_field (doc, key);
}

/* ---- area changes ---- */

static void
area_change_free (PdAreaChange *change)
{
  if (change->fields != NULL)
    g_ptr_array_unref (change->fields);
  g_free (change);
}

static gboolean
titles_equal (FieldContext *ctx, const PdArea *a, const PdArea *b)
{
  const char *x = pd_area_get_title (a), *y = pd_area_get_title (b);

  return same_text (x, y)
         || same_text (normalize_value (ctx->strings, x), normalize_value (ctx->strings, y));
}

static PdAreaChange *
area_change_new (const PdArea *old_area, const PdArea *new_area, const PdMatchPair *pair)
{
  PdAreaChange *change = g_new0 (PdAreaChange, 1);

  change->old_area = old_area;
  change->new_area = new_area;
  change->match = pair != NULL ? pair->kind : PD_MATCH_KIND_NONE;
  change->score = pair != NULL ? pair->score : 0;
  return change;
}

/* Diffs the fields of @change and sets its status. */
static void
area_change_fill (FieldContext *ctx, PdAreaChange *change)
{
  const PdArea *old_area = change->old_area, *new_area = change->new_area;

  change->fields = diff_fields (ctx, old_area, new_area,
                                old_area != NULL ? pd_area_get_n_fields (old_area) : 0,
                                new_area != NULL ? pd_area_get_n_fields (new_area) : 0,
                                area_field, area_lookup);
  /* Most areas of a large comparison are unchanged: one empty array for
   * all of them instead of one each. */
  if (change->fields == NULL)
    change->fields = g_ptr_array_ref (ctx->no_fields);
  if (old_area == NULL)
    change->status = PD_AREA_STATUS_ADDED;
  else if (new_area == NULL)
    change->status = PD_AREA_STATUS_REMOVED;
  else if (!titles_equal (ctx, old_area, new_area)
           || strcmp (pd_area_get_id (old_area), pd_area_get_id (new_area)) != 0)
    /* A new ID is a new name as much as a new title is (as a new path is
     * a rename in git), even when the title stayed. */
    change->status = PD_AREA_STATUS_RENAMED;
  else if (change->fields->len > 0)
    change->status = PD_AREA_STATUS_MODIFIED;
  else
    change->status = PD_AREA_STATUS_UNCHANGED;
}

/* ---- filling changes on two threads ---- */

/* Below this many changes a second thread costs more than it saves (a
 * log compares thousands of small versions: they stay on one). */
#define PARALLEL_MIN_CHANGES 2048
/* Changes are handed out in blocks, so both threads stay busy to the end
 * whatever the blocks hold. */
#define PARALLEL_BLOCK 128

typedef struct
{
  GPtrArray *changes;
  FieldContext *ctx;
  gint *next_block;
} FillJob;

static gpointer
fill_blocks (gpointer data)
{
  FillJob *job = data;
  guint n = job->changes->len;

  for (;;)
    {
      guint start = (guint) g_atomic_int_add (job->next_block, 1) * PARALLEL_BLOCK;
      if (start >= n)
        return NULL;
      for (guint k = start; k < MIN (start + PARALLEL_BLOCK, n); k++)
        area_change_fill (job->ctx, job->changes->pdata[k]);
    }
}

/* Each change depends on its two areas only, so two threads may fill
 * them in any order: the report is the same byte for byte. */
static void
fill_changes (PdComparison *cmp)
{
  GPtrArray *changes = cmp->changes;
  gint next_block = 0;
  FillJob mine = { changes, &cmp->contexts[0], &next_block };

  if (changes->len >= PARALLEL_MIN_CHANGES && g_get_num_processors () > 1)
    {
      FillJob theirs = { changes, &cmp->contexts[1], &next_block };
      g_autoptr(GError) error = NULL;
      GThread *helper = g_thread_try_new ("progdiff-compare", fill_blocks, &theirs, &error);
      fill_blocks (&mine);
      if (helper != NULL)
        g_thread_join (helper);
      return;
    }
  fill_blocks (&mine);
}

/* Marks as moved the pairs outside one longest increasing subsequence of
 * new positions taken in old order (patience sorting, O(n log n)). */
static void
mark_moves (const PdMatching *matching, gboolean *moved)
{
  guint n = pd_matching_get_n_pairs (matching);
  g_autofree guint *tail = g_new (guint, n + 1);  /* pair index ending a run of length k+1 */
  g_autofree int *prev = g_new (int, n + 1);
  guint len = 0;

  for (guint k = 0; k < n; k++)
    {
      guint pos = pd_matching_get_pair (matching, k)->new_index;
      guint lo = 0, hi = len;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          if (pd_matching_get_pair (matching, tail[mid])->new_index < pos)
            lo = mid + 1;
          else
            hi = mid;
        }
      prev[k] = lo > 0 ? (int) tail[lo - 1] : -1;
      tail[lo] = k;
      if (lo == len)
        len++;
      moved[k] = TRUE;
    }
  for (int k = len > 0 ? (int) tail[len - 1] : -1; k >= 0; k = prev[k])
    moved[k] = FALSE;
}

static void
count_change (PdCounts *counts, const PdAreaChange *change)
{
  switch (change->status)
    {
    case PD_AREA_STATUS_ADDED: counts->added++; break;
    case PD_AREA_STATUS_REMOVED: counts->removed++; break;
    case PD_AREA_STATUS_UNCHANGED: counts->unchanged++; break;
    case PD_AREA_STATUS_MODIFIED: counts->modified++; break;
    case PD_AREA_STATUS_RENAMED: counts->renamed++; break;
    default: break;
    }
  if (change->moved)
    counts->moved++;
}

/* Report order: new-document order, each removed area right after the
 * change of the nearest earlier old area that survived (or first). */
static void
build_changes (PdComparison *cmp, const PdMatching *matching)
{
  guint n_old = pd_document_get_n_areas (cmp->old_doc);
  guint n_new = pd_document_get_n_areas (cmp->new_doc);
  guint n_pairs = pd_matching_get_n_pairs (matching);
  g_autofree gboolean *moved = g_new0 (gboolean, n_pairs + 1);
  /* removed_after[j + 1]: removed old areas to emit after new area j. */
  g_autofree GPtrArray **removed_after = g_new0 (GPtrArray *, n_new + 1);

  mark_moves (matching, moved);
  int anchor = -1;
  for (guint i = 0; i < n_old; i++)
    {
      const PdMatchPair *pair = pd_matching_lookup_old (matching, i);
      if (pair != NULL)
        {
          anchor = (int) pair->new_index;
          continue;
        }
      GPtrArray **slot = &removed_after[anchor + 1];
      if (*slot == NULL)
        *slot = g_ptr_array_new ();
      g_ptr_array_add (*slot, (gpointer) pd_document_get_area (cmp->old_doc, i));
    }

  for (int j = -1; j < (int) n_new; j++)
    {
      if (j >= 0)
        {
          const PdMatchPair *pair = pd_matching_lookup_new (matching, j);
          const PdArea *old_area = pair != NULL
                                     ? pd_document_get_area (cmp->old_doc, pair->old_index)
                                     : NULL;
          PdAreaChange *change = area_change_new (old_area, pd_document_get_area (cmp->new_doc, j),
                                                  pair);
          if (pair != NULL)
            change->moved = moved[pair - pd_matching_get_pair (matching, 0)];
          g_ptr_array_add (cmp->changes, change);
        }
      GPtrArray *removed = removed_after[j + 1];
      for (guint r = 0; removed != NULL && r < removed->len; r++)
        g_ptr_array_add (cmp->changes, area_change_new (removed->pdata[r], NULL, NULL));
      if (removed != NULL)
        g_ptr_array_unref (removed);
    }

  fill_changes (cmp);
  cmp->counts.old_areas = n_old;
  cmp->counts.new_areas = n_new;
  for (guint k = 0; k < cmp->changes->len; k++)
    count_change (&cmp->counts, cmp->changes->pdata[k]);
}

PdComparison *
pd_comparison_new (PdDocument             *old_document,
                   PdDocument             *new_document,
                   const PdCompareOptions *options)
{
  g_return_val_if_fail (old_document != NULL && new_document != NULL, NULL);

  PdCompareOptions defaults = PD_COMPARE_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;

  PdComparison *cmp = g_new0 (PdComparison, 1);
  cmp->old_doc = pd_document_ref (old_document);
  cmp->new_doc = pd_document_ref (new_document);
  for (guint c = 0; c < G_N_ELEMENTS (cmp->contexts); c++)
    {
      cmp->contexts[c].strings = g_string_chunk_new (4096);
      cmp->contexts[c].word_diff = (options->flags & PD_COMPARE_FLAGS_NO_WORD_DIFF) == 0;
      cmp->contexts[c].no_fields = g_ptr_array_new ();
    }
  cmp->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) area_change_free);
  cmp->programme_fields = diff_fields (&cmp->contexts[0], old_document, new_document,
                                       pd_document_get_n_fields (old_document),
                                       pd_document_get_n_fields (new_document),
                                       programme_field, programme_lookup);
  if (cmp->programme_fields == NULL)
    cmp->programme_fields = g_ptr_array_ref (cmp->contexts[0].no_fields);

  g_autoptr(PdMatching) matching = pd_match_areas (old_document, new_document,
                                                   &options->match);
  build_changes (cmp, matching);
  return cmp;
}

void
pd_comparison_free (PdComparison *comparison)
{
  if (comparison == NULL)
    return;
  g_ptr_array_unref (comparison->changes);
  g_ptr_array_unref (comparison->programme_fields);
  for (guint c = 0; c < G_N_ELEMENTS (comparison->contexts); c++)
    {
      g_string_chunk_free (comparison->contexts[c].strings);
      g_clear_pointer (&comparison->contexts[c].words, pd_match__word_table_free);
      g_ptr_array_unref (comparison->contexts[c].no_fields);
    }
  pd_document_unref (comparison->old_doc);
  pd_document_unref (comparison->new_doc);
  g_free (comparison);
}

PdDocument *
pd_comparison_get_old (const PdComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  return comparison->old_doc;
}

PdDocument *
pd_comparison_get_new (const PdComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  return comparison->new_doc;
}

guint
pd_comparison_get_n_changes (const PdComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, 0);
  return comparison->changes->len;
}

const PdAreaChange *
pd_comparison_get_change (const PdComparison *comparison,
                          guint               index)
{
  g_return_val_if_fail (comparison != NULL && index < comparison->changes->len, NULL);
  return comparison->changes->pdata[index];
}

GPtrArray *
pd_comparison_get_programme_fields (const PdComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  return comparison->programme_fields;
}

const PdCounts *
pd_comparison_get_counts (const PdComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  return &comparison->counts;
}

gboolean
pd_comparison_has_differences (const PdComparison *comparison)
{
  g_return_val_if_fail (comparison != NULL, FALSE);

  const PdCounts *c = &comparison->counts;
  return c->added + c->removed + c->modified + c->renamed + c->moved > 0
         || comparison->programme_fields->len > 0;
}
