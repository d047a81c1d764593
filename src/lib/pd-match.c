/* pd-match.c: pair the areas of two versions of a programme.
 *
 * The exact rules (ID, normalised title, alias) run first and claim what
 * they can; similarity then looks only at what is left. Candidates for
 * similarity come from an inverted index of content words, so the work
 * grows with the shared words, not with the product of the area counts.
 * Assignment is greedy by descending score over all candidate pairs,
 * which is near-optimal and never depends on the order of the areas.
 */
#include "config.h"

#include <string.h>

#include "pd-match-private.h"
#include "pd-tokenize-private.h"

/* Words that say nothing about what an area is about. */
static const char *const stop_words[] = {
  "and", "the", "for", "with", "from", "into", "its", "their", "this",
  "that", "are", "was", "were", "has", "have", "been", "not", "but",
  "also", "including", "incl", "between", "which", "such", "other",
  "through", "both", "all", "more", "where", "while", "will", "can",
};

/* Postings longer than this are not used to find candidates (they are
 * still scored): a word shared by very many areas would make the
 * candidate search quadratic while telling almost nothing. */
#define MAX_POSTINGS 64
/* At most this many candidates per new area are scored. */
#define MAX_CANDIDATES 32

/* Content words are interned to dense ids (1, 2, ...; the stop words
 * first) in an open-addressing table keyed by their case-folded bytes.
 * Word sets are arrays of distinct ids in no order: a per-id stamp
 * de-duplicates while a set is built and marks one set while another is
 * intersected with it, so no set is ever sorted. */
typedef struct
{
  const char *bytes;   /* folded, NUL-terminated, in chunk */
  guint32 length;
  guint32 hash;
} Word;

struct PdWordTable
{
  GArray *words;       /* Word; index = id - 1 */
  guint32 *slots;      /* id of the word in each slot, 0 when empty */
  gsize n_slots;       /* a power of two, at least twice the words */
  GStringChunk *chunk;
  guint n_stop;
  GArray *stamps;      /* guint32 per id + 1 */
  guint32 serial;      /* the current stamp */
  GArray *tokens;      /* scratch for pd_tokenize__split() */
};

struct PdMatching
{
  GArray *pairs;      /* PdMatchPair, by old index */
  int *pair_of_old;   /* index into pairs, or -1 */
  int *pair_of_new;
  guint n_old;
  guint n_new;
};

static void
word_table_grow (PdWordTable *table)
{
  gsize n_slots = table->n_slots * 2;
  guint32 *slots = g_new0 (guint32, n_slots);

  for (guint k = 0; k < table->words->len; k++)
    {
      gsize slot = g_array_index (table->words, Word, k).hash & (n_slots - 1);
      while (slots[slot] != 0)
        slot = (slot + 1) & (n_slots - 1);
      slots[slot] = k + 1;
    }
  g_free (table->slots);
  table->slots = slots;
  table->n_slots = n_slots;
}

/* Returns the id of the folded word @key, whose pd_tokenize__hash() is @hash,
 * adding it if new. */
static guint
word_table_intern (PdWordTable *table,
                   const char  *key,
                   gsize        length,
                   guint32      hash)
{
  gsize mask = table->n_slots - 1;
  gsize slot = hash & mask;

  for (; table->slots[slot] != 0; slot = (slot + 1) & mask)
    {
      guint id = table->slots[slot];
      const Word *word = &g_array_index (table->words, Word, id - 1);
      if (word->hash == hash && word->length == length && memcmp (word->bytes, key, length) == 0)
        return id;
    }

  Word word = { g_string_chunk_insert_len (table->chunk, key, (gssize) length),
                (guint32) length, hash };
  g_array_append_val (table->words, word);
  guint id = table->words->len;
  table->slots[slot] = id;
  guint32 zero = 0;
  g_array_append_val (table->stamps, zero);
  if ((gsize) table->words->len * 2 > table->n_slots)
    word_table_grow (table);
  return id;
}

PdWordTable *
pd_match__word_table_new (void)
{
  PdWordTable *table = g_new0 (PdWordTable, 1);

  table->words = g_array_new (FALSE, FALSE, sizeof (Word));
  table->n_slots = 1024;
  table->slots = g_new0 (guint32, table->n_slots);
  table->chunk = g_string_chunk_new (4096);
  table->stamps = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_array_set_size (table->stamps, 1);
  table->tokens = g_array_new (FALSE, FALSE, sizeof (PdToken));
  for (guint i = 0; i < G_N_ELEMENTS (stop_words); i++)
    word_table_intern (table, stop_words[i], strlen (stop_words[i]),
                       pd_tokenize__hash (stop_words[i], strlen (stop_words[i])));
  table->n_stop = G_N_ELEMENTS (stop_words);
  return table;
}

void
pd_match__word_table_free (PdWordTable *table)
{
  if (table == NULL)
    return;
  g_array_unref (table->words);
  g_free (table->slots);
  g_string_chunk_free (table->chunk);
  g_array_unref (table->stamps);
  g_array_unref (table->tokens);
  g_free (table);
}

/* A fresh stamp: no id carries it yet. */
static guint32
next_serial (PdWordTable *table)
{
  if (++table->serial == 0)
    {
      memset (table->stamps->data, 0, sizeof (guint32) * table->stamps->len);
      table->serial = 1;
    }
  return table->serial;
}

void
pd_match__word_set_begin (PdWordTable *table,
                          GArray      *set)
{
  g_array_set_size (set, 0);
  next_serial (table);
}

static gboolean
is_ascii (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      return FALSE;
  return TRUE;
}

static void
add_word (PdWordTable *table, GArray *set, const char *word, gsize len,
          PdTokenKind kind)
{
  char buf[64];
  g_autofree char *folded = NULL;
  const char *key = buf;
  gsize key_len = len;
  guint32 hash = PD_TOKEN_HASH_INIT;
  gsize i = 0;

  /* Fold and hash ASCII words in one pass; anything else (or a very long
   * word) takes the Unicode path. */
  if (len <= sizeof buf)
    for (; i < len && (guchar) word[i] < 0x80; i++)
      {
        char c = (char) (word[i] >= 'A' && word[i] <= 'Z' ? word[i] + 32 : word[i]);
        buf[i] = c;
        hash = pd_tokenize__hash_step (hash, (guchar) c);
      }
  if (i < len || len > sizeof buf)
    {
      /* Short words are mostly particles; ideographs are whole words. */
      if (kind != PD_TOKEN_IDEOGRAPH && g_utf8_strlen (word, len) < 3)
        return;
      key = folded = g_utf8_casefold (word, len);
      key_len = strlen (folded);
      hash = pd_tokenize__hash (key, key_len);
    }
  else if (len < 3 && kind != PD_TOKEN_IDEOGRAPH)
    return;

  guint id = word_table_intern (table, key, key_len, hash);
  guint32 *stamp = &g_array_index (table->stamps, guint32, id);
  if (id > table->n_stop && *stamp != table->serial)
    {
      /* The caller made room for every token. */
      *stamp = table->serial;
      ((guint *) set->data)[set->len++] = id;
    }
}

void
pd_match__word_set_add (PdWordTable *table,
                        GArray      *set,
                        const char  *text)
{
  if (text == NULL)
    return;

  g_array_set_size (table->tokens, 0);
  pd_tokenize__split (text, strlen (text), table->tokens);
  guint len = set->len;
  g_array_set_size (set, len + table->tokens->len);
  g_array_set_size (set, len);
  for (guint i = 0; i < table->tokens->len; i++)
    {
      const PdToken *t = &g_array_index (table->tokens, PdToken, i);
      if (t->kind == PD_TOKEN_WORD || t->kind == PD_TOKEN_NUMBER
          || t->kind == PD_TOKEN_IDEOGRAPH)
        add_word (table, set, text + t->start, t->length, t->kind);
    }
}

static guint
dice_of (guint common, guint n_a, guint n_b)
{
  return n_a + n_b == 0 ? 0 : (guint) ((guint64) 2 * common * PD_SCORE_SCALE / (n_a + n_b));
}

static guint
dice_ids (PdWordTable *table, const guint *a, guint n_a, const guint *b, guint n_b)
{
  if (n_a + n_b == 0)
    return 0;

  guint32 serial = next_serial (table);
  guint32 *stamps = (guint32 *) table->stamps->data;
  for (guint i = 0; i < n_a; i++)
    stamps[a[i]] = serial;
  guint common = 0;
  for (guint j = 0; j < n_b; j++)
    common += stamps[b[j]] == serial;
  return dice_of (common, n_a, n_b);
}

guint
pd_match__dice (PdWordTable  *table,
                const GArray *a,
                const GArray *b)
{
  return dice_ids (table, (const guint *) a->data, a->len, (const guint *) b->data, b->len);
}

guint
pd_match__text_similarity (PdWordTable *table,
                           const char  *a,
                           const char  *b)
{
  g_autoptr(PdWordTable) own = table == NULL ? pd_match__word_table_new () : NULL;
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (guint));

  if (table == NULL)
    table = own;
  pd_match__word_set_begin (table, x);
  pd_match__word_set_add (table, x, a);
  pd_match__word_set_begin (table, y);
  pd_match__word_set_add (table, y, b);
  return pd_match__dice (table, x, y);
}

/* The two word sets the similarity rule compares, as ranges of a pool
 * that holds the sets of many areas: two arrays per area would cost a
 * header, an allocation and room for every token each. The ids are
 * reached through pointers set once the pool stops growing. */
typedef struct
{
  guint title_at;
  guint text_at;
  guint n_title;
  guint n_text;
  const guint *title_ids;
  const guint *text_ids;
} AreaWords;

/* Appends @area's word sets to @pool. */
static void
area_words_init (AreaWords *words, PdWordTable *table, GArray *pool, const PdArea *area)
{
  next_serial (table);
  words->title_at = pool->len;
  pd_match__word_set_add (table, pool, pd_area_get_title (area));
  words->n_title = pool->len - words->title_at;
  next_serial (table);
  words->text_at = pool->len;
  pd_match__word_set_add (table, pool, pd_area_get_summary (area));
  for (const char *const *o = pd_area_get_objectives (area); *o != NULL; o++)
    pd_match__word_set_add (table, pool, *o);
  words->n_text = pool->len - words->text_at;
}

/* Points the @n_words sets built in @pool at their ids. An empty pool
 * has no array at all: its sets, all empty, keep NULL. */
static void
area_words_freeze (AreaWords *words, guint n_words, const GArray *pool)
{
  const guint *ids = (const guint *) pool->data;

  if (pool->len == 0)
    return;
  for (guint k = 0; k < n_words; k++)
    {
      words[k].title_ids = ids + words[k].title_at;
      words[k].text_ids = ids + words[k].text_at;
    }
}

static guint
area_words_score (PdWordTable *table, const AreaWords *a, const AreaWords *b)
{
  guint title = dice_ids (table, a->title_ids, a->n_title, b->title_ids, b->n_title);

  /* Areas without text are judged by their titles alone. */
  if (a->n_text == 0 && b->n_text == 0)
    return title;
  return (title + dice_ids (table, a->text_ids, a->n_text, b->text_ids, b->n_text)) / 2;
}

/* The title half of area_words_score(): titles are a few words, so they
 * are compared pairwise. */
static guint
title_dice (const AreaWords *a, const AreaWords *b)
{
  guint common = 0;

  for (guint i = 0; i < a->n_title; i++)
    for (guint j = 0; j < b->n_title; j++)
      common += a->title_ids[i] == b->title_ids[j];
  return dice_of (common, a->n_title, b->n_title);
}

/* area_words_score() of @a against @b, whose text words carry the stamp
 * @serial in @stamps: a new area is marked once and scored against each
 * of its candidates. @title is title_dice (a, b). */
static guint
area_words_score_marked (const guint32 *stamps, guint32 serial, const AreaWords *a,
                         const AreaWords *b, guint title)
{
  if (a->n_text == 0 && b->n_text == 0)
    return title;
  guint common = 0;
  for (guint i = 0; i < a->n_text; i++)
    common += stamps[a->text_ids[i]] == serial;
  return (title + dice_of (common, a->n_text, b->n_text)) / 2;
}

guint
pd_match_similarity (const PdArea *old_area,
                     const PdArea *new_area)
{
  g_return_val_if_fail (old_area != NULL && new_area != NULL, 0);

  g_autoptr(PdWordTable) table = pd_match__word_table_new ();
  g_autoptr(GArray) pool = g_array_new (FALSE, FALSE, sizeof (guint));
  AreaWords both[2] = { { 0 }, { 0 } };
  area_words_init (&both[0], table, pool, old_area);
  area_words_init (&both[1], table, pool, new_area);
  area_words_freeze (both, 2, pool);
  guint score = area_words_score (table, &both[0], &both[1]);
  return score;
}

/* pd_match_normalize_title() by way of the Unicode tables: NFKC, case
 * folding, then letters, digits and marks kept, "&" spelt "and", and any
 * run of other characters one space. */
char *
pd_match__normalize_title_unicode (const char *title)
{
  g_autofree char *nfkc = g_utf8_normalize (title, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (nfkc != NULL ? nfkc : "", -1);
  GString *out = g_string_sized_new (strlen (folded));
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '&')
        {
          if (out->len > 0 && !space)
            g_string_append_c (out, ' ');
          g_string_append (out, "and");
          space = FALSE;
          if (p[1] != '\0')
            g_string_append_c (out, ' '), space = TRUE;
        }
      else if (g_unichar_isalnum (c) || g_unichar_ismark (c))
        {
          g_string_append_unichar (out, c);
          space = FALSE;
        }
      else if (out->len > 0 && !space)
        {
          /* Punctuation and white space both separate words. */
          g_string_append_c (out, ' ');
          space = TRUE;
        }
    }
  if (space && out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

char *
pd_match_normalize_title (const char *title)
{
  g_return_val_if_fail (title != NULL, NULL);

  gsize len = strlen (title);
  if (!is_ascii (title, len))
    return pd_match__normalize_title_unicode (title);

  /* NFKC leaves ASCII as it is and folding it is lowering it: the same
   * rules, a byte at a time, with no table and no copy. */
  char *out = g_malloc (len * 5 + 1);   /* "&" -> " and " at most */
  gsize n = 0;
  gboolean space = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = title[i];
      if (c == '&')
        {
          if (n > 0 && !space)
            out[n++] = ' ';
          memcpy (out + n, "and", 3);
          n += 3;
          space = FALSE;
          if (i + 1 < len)
            out[n++] = ' ', space = TRUE;
        }
      else if (g_ascii_isalnum (c))
        {
          out[n++] = g_ascii_tolower (c);
          space = FALSE;
        }
      else if (n > 0 && !space)
        {
          out[n++] = ' ';
          space = TRUE;
        }
    }
  if (space && n > 0)
    n--;
  out[n] = '\0';
  return out;
}

const char *
pd_match_kind_to_string (PdMatchKind kind)
{
  switch (kind)
    {
    case PD_MATCH_KIND_ID: return "id";
    case PD_MATCH_KIND_TITLE: return "title";
    case PD_MATCH_KIND_ALIAS: return "alias";
    case PD_MATCH_KIND_SIMILARITY: return "similarity";
    case PD_MATCH_KIND_NONE:
    default: return "none";
    }
}

/* ---- building a matching ---- */

typedef struct
{
  PdDocument *old_doc;
  PdDocument *new_doc;
  PdMatching *matching;
} Matcher;

static void
add_pair (Matcher *m, guint old_index, guint new_index, PdMatchKind kind, guint score)
{
  PdMatchPair pair = { old_index, new_index, kind, score };

  g_array_append_val (m->matching->pairs, pair);
  m->matching->pair_of_old[old_index] = m->matching->pairs->len - 1;
  m->matching->pair_of_new[new_index] = m->matching->pairs->len - 1;
}

static gboolean
old_free (Matcher *m, guint i)
{
  return m->matching->pair_of_old[i] < 0;
}

static gboolean
new_free (Matcher *m, guint j)
{
  return m->matching->pair_of_new[j] < 0;
}

/* How many areas ahead match_by_id() asks for the IDs it will compare. */
#define ID_PREFETCH_DISTANCE 8

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch (address)
#else
#define PREFETCH(address) ((void) (address))
#endif

static void
match_by_id (Matcher *m)
{
  guint n_old = m->matching->n_old, n_new = m->matching->n_new;
  guint next_old = 0;

  for (guint j = 0; j < n_new; j++)
    {
      /* Each ID sits in its own area's text, a kilobyte or so from the
       * next, in two inputs far larger than the caches: asked for early,
       * they are there when compared (by ID took 1.8-3.5 ms at 10,000
       * areas, 1.3-1.5 ms with this). */
      if (j + ID_PREFETCH_DISTANCE < n_new)
        PREFETCH (pd_area_get_id (pd_document_get_area (m->new_doc, j + ID_PREFETCH_DISTANCE)));
      if (next_old + ID_PREFETCH_DISTANCE < n_old)
        PREFETCH (pd_area_get_id (pd_document_get_area (m->old_doc,
                                                        next_old + ID_PREFETCH_DISTANCE)));
      const char *id = pd_area_get_id (pd_document_get_area (m->new_doc, j));
      /* Versions mostly keep the order of their areas: the area after
       * the last one found is tried first, and the hash table (hashing
       * the ID, two cold reads) only when it is not the one. IDs are
       * unique, so either way it is the same area. */
      const PdArea *old = next_old < n_old ? pd_document_get_area (m->old_doc, next_old) : NULL;
      if (old == NULL || strcmp (pd_area_get_id (old), id) != 0)
        old = pd_document_find_area (m->old_doc, id);
      if (old == NULL)
        continue;
      add_pair (m, pd_area_get_index (old), j, PD_MATCH_KIND_ID, PD_SCORE_SCALE);
      next_old = pd_area_get_index (old) + 1;
    }
}

/* Maps a key (normalised title or ID) to the free old areas that have
 * it, as a queue: equal keys pair in document order. */
static GHashTable *
index_free_old (Matcher *m, gboolean by_title)
{
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_queue_free);

  for (guint i = 0; i < m->matching->n_old; i++)
    {
      if (!old_free (m, i))
        continue;
      const PdArea *area = pd_document_get_area (m->old_doc, i);
      char *key = by_title ? pd_match_normalize_title (pd_area_get_title (area))
                           : g_strdup (pd_area_get_id (area));
      GQueue *queue = g_hash_table_lookup (index, key);
      if (queue == NULL)
        g_hash_table_insert (index, key, queue = g_queue_new ());
      else
        g_free (key);
      g_queue_push_tail (queue, GUINT_TO_POINTER (i));
    }
  return index;
}

/* Takes the first free old area filed under @key, or returns -1. */
static int
take_free_old (Matcher *m, GHashTable *index, const char *key)
{
  GQueue *queue = g_hash_table_lookup (index, key);

  while (queue != NULL && !g_queue_is_empty (queue))
    {
      guint i = GPOINTER_TO_UINT (g_queue_pop_head (queue));
      if (old_free (m, i))
        return (int) i;
    }
  return -1;
}

static void
match_by_title (Matcher *m)
{
  g_autoptr(GHashTable) titles = index_free_old (m, TRUE);

  for (guint j = 0; j < m->matching->n_new; j++)
    {
      if (!new_free (m, j))
        continue;
      g_autofree char *key = pd_match_normalize_title (
          pd_area_get_title (pd_document_get_area (m->new_doc, j)));
      int i = take_free_old (m, titles, key);
      if (i >= 0)
        add_pair (m, i, j, PD_MATCH_KIND_TITLE, PD_SCORE_SCALE);
    }
}

static gboolean
any_free_new_alias (Matcher *m)
{
  for (guint j = 0; j < m->matching->n_new; j++)
    if (new_free (m, j) && *pd_area_get_aliases (pd_document_get_area (m->new_doc, j)) != NULL)
      return TRUE;
  return FALSE;
}

static void
match_by_alias (Matcher *m)
{
  /* Most documents have no aliases: then there is nothing to index. */
  if (!any_free_new_alias (m))
    return;

  g_autoptr(GHashTable) ids = index_free_old (m, FALSE);
  g_autoptr(GHashTable) titles = index_free_old (m, TRUE);

  for (guint j = 0; j < m->matching->n_new; j++)
    {
      if (!new_free (m, j))
        continue;
      const PdArea *area = pd_document_get_area (m->new_doc, j);
      for (const char *const *alias = pd_area_get_aliases (area); *alias != NULL; alias++)
        {
          int i = take_free_old (m, ids, *alias);
          if (i < 0)
            {
              g_autofree char *key = pd_match_normalize_title (*alias);
              i = take_free_old (m, titles, key);
            }
          if (i >= 0)
            {
              add_pair (m, i, j, PD_MATCH_KIND_ALIAS, PD_SCORE_SCALE);
              break;
            }
        }
    }
}

typedef struct
{
  guint score;
  guint old_index;
  guint new_index;
} Candidate;

static int
compare_candidates (gconstpointer a, gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->old_index != y->old_index)
    return x->old_index < y->old_index ? -1 : 1;
  return x->new_index < y->new_index ? -1 : x->new_index > y->new_index;
}

typedef struct
{
  guint old_index;
  guint shared;
} Hit;

static int
compare_hits (gconstpointer a, gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->shared != y->shared)
    return x->shared > y->shared ? -1 : 1;
  return x->old_index < y->old_index ? -1 : x->old_index > y->old_index;
}

/* Word id -> free old areas having the word (title or text), as one
 * array of area indexes per id: ids are dense, so no hash table. */
typedef struct
{
  guint *first;      /* first[id] .. first[id + 1]: the postings of id */
  guint *areas;
  guint n_ids;       /* ids 0 .. n_ids - 1 have postings */
} Postings;

/* One pass over the words of the free old areas, each (word, area) once
 * even when the word is in both title and text: counts them in
 * first[id + 1] when @fill is NULL, else files each area at fill[id]. */
static void
postings_pass (Postings *postings, Matcher *m, const AreaWords *old_words, guint *last,
               guint *fill)
{
  memset (last, 0xff, sizeof (guint) * postings->n_ids);
  for (guint i = 0; i < m->matching->n_old; i++)
    {
      if (!old_free (m, i))
        continue;
      const guint *sets[] = { old_words[i].title_ids, old_words[i].text_ids };
      const guint lengths[] = { old_words[i].n_title, old_words[i].n_text };
      for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
        for (guint k = 0; k < lengths[s]; k++)
          {
            guint id = sets[s][k];
            if (last[id] == i)
              continue;
            last[id] = i;
            if (fill != NULL)
              postings->areas[fill[id]++] = i;
            else
              postings->first[id + 1]++;
          }
    }
}

static void
postings_build (Postings *postings, Matcher *m, const AreaWords *old_words, guint n_ids)
{
  g_autofree guint *last = g_new (guint, n_ids);

  postings->n_ids = n_ids;
  postings->first = g_new0 (guint, n_ids + 1);
  postings_pass (postings, m, old_words, last, NULL);
  for (guint id = 0; id < n_ids; id++)
    postings->first[id + 1] += postings->first[id];
  postings->areas = g_new (guint, MAX (postings->first[n_ids], 1));
  g_autofree guint *fill = g_memdup2 (postings->first, sizeof (guint) * n_ids);
  postings_pass (postings, m, old_words, last, fill);
}

static void
postings_clear (Postings *postings)
{
  g_clear_pointer (&postings->first, g_free);
  g_clear_pointer (&postings->areas, g_free);
}

/* Counts, in @shared, the words each free old area shares with @set;
 * @touched gets each area hit, once. It needs room for every old area
 * and one more: each hit is stored before it is known to be new, so the
 * slot after the last area hit is written too. Returns how many words
 * of @set were too common to count. */
static guint
count_hits (const Postings *postings, const guint *set, guint n_set, guint *shared,
            guint *touched, guint *n_touched)
{
  guint n_common = 0;

  for (guint k = 0; k < n_set; k++)
    {
      guint id = set[k];
      if (id >= postings->n_ids)
        continue;   /* a word no free old area has */
      guint from = postings->first[id], to = postings->first[id + 1];
      if (to - from > MAX_POSTINGS)
        {
          n_common++;
          continue;
        }
      /* Written always, kept when new: no branch to mispredict on
       * which areas a word has been seen in before. */
      guint n = *n_touched;
      for (guint p = from; p < to; p++)
        {
          guint i = postings->areas[p];
          touched[n] = i;
          n += shared[i]++ == 0;
        }
      *n_touched = n;
    }
  return n_common;
}

/* What one thread needs to collect candidates: its own marks, hit
 * counts and results, so that two can share the postings. */
typedef struct
{
  const AreaWords *old_words;
  const Postings *postings;
  guint threshold;
  guint32 *stamps;     /* per id: the new area last marked */
  guint32 serial;
  guint *shared;       /* per old area: words shared with the new area */
  guint *touched;      /* the old areas with shared > 0 */
  GArray *candidates;  /* Candidate */
} Collector;

static void
collector_init (Collector *c, const AreaWords *old_words, const Postings *postings,
                guint n_ids, guint n_old, guint threshold)
{
  c->old_words = old_words;
  c->postings = postings;
  c->threshold = threshold;
  c->stamps = g_new0 (guint32, n_ids + 1);
  c->serial = 0;
  c->shared = g_new0 (guint, n_old + 1);
  c->touched = g_new (guint, n_old + 1);   /* see count_hits() */
  c->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
}

static void
collector_clear (Collector *c)
{
  g_free (c->stamps);
  g_free (c->shared);
  g_free (c->touched);
  g_clear_pointer (&c->candidates, g_array_unref);
}

/* The MAX_CANDIDATES best-connected of the @n_touched old areas hit, in
 * order, into @best: an insertion into a short sorted array, not a sort
 * of every hit. Resets their counts. Returns how many. */
static guint
best_hits (Collector *c, guint n_touched, Hit *best)
{
  guint n_best = 0;

  for (guint h = 0; h < n_touched; h++)
    {
      guint i = c->touched[h];
      Hit hit = { i, c->shared[i] };
      c->shared[i] = 0;
      if (n_best == MAX_CANDIDATES && compare_hits (&hit, &best[n_best - 1]) >= 0)
        continue;
      guint at = n_best < MAX_CANDIDATES ? n_best++ : n_best - 1;
      while (at > 0 && compare_hits (&hit, &best[at - 1]) < 0)
        {
          best[at] = best[at - 1];
          at--;
        }
      best[at] = hit;
    }
  return n_best;
}

/* Scores the best-connected free old areas against new area @j. */
static void
collect_candidates (Collector *c, guint j, const AreaWords *new_words)
{
  guint n_touched = 0;
  count_hits (c->postings, new_words->title_ids, new_words->n_title, c->shared, c->touched,
              &n_touched);
  guint n_common = count_hits (c->postings, new_words->text_ids, new_words->n_text, c->shared,
                               c->touched, &n_touched);
  Hit best[MAX_CANDIDATES];
  guint n_best = best_hits (c, n_touched, best);

  guint32 serial = ++c->serial;
  for (guint k = 0; k < new_words->n_text; k++)
    c->stamps[new_words->text_ids[k]] = serial;
  for (guint b = 0; b < n_best; b++)
    {
      const AreaWords *old_area = &c->old_words[best[b].old_index];
      guint title = title_dice (old_area, new_words);
      /* The two texts share at most the counted words and the ones too
       * common to count: when even that cannot reach the threshold, the
       * exact score (a pass over the old text) cannot either. Most
       * candidates end here; the result is the same. */
      guint bound = MIN (best[b].shared + n_common, MIN (old_area->n_text, new_words->n_text));
      if (old_area->n_text + new_words->n_text > 0
          && (title + dice_of (bound, old_area->n_text, new_words->n_text)) / 2 < c->threshold)
        continue;
      guint score = area_words_score_marked (c->stamps, serial, old_area, new_words, title);
      if (score >= c->threshold && score > 0)
        {
          Candidate cand = { score, best[b].old_index, j };
          g_array_append_val (c->candidates, cand);
        }
    }
}

/* With this many areas left to pair by similarity, the new areas' word
 * sets are built on a second thread while this one builds the old ones,
 * and the candidates are collected on two: together most of the
 * pairing's time. */
#define PARALLEL_MIN_FREE 1024

typedef struct
{
  Matcher *m;
  PdWordTable *table;
  GArray *pool;       /* the new areas' sets */
  AreaWords *words;   /* one per new area, set for the free ones */
} NewWordsJob;

static gpointer
new_words_build (gpointer data)
{
  NewWordsJob *job = data;

  for (guint j = 0; j < job->m->matching->n_new; j++)
    if (new_free (job->m, j))
      area_words_init (&job->words[j], job->table, job->pool,
                       pd_document_get_area (job->m->new_doc, j));
  return NULL;
}

/* Gives the word sets in @pool, built with @from, the ids their words
 * have in @to (interning there the words @to lacks). Stop words have the
 * same ids in every table. */
static void
pool_move (GArray *pool, const PdWordTable *from, PdWordTable *to)
{
  g_autofree guint *id_in_to = g_new (guint, from->words->len + 1);
  guint *ids = (guint *) pool->data;

  id_in_to[0] = 0;
  for (guint id = 1; id <= from->words->len; id++)
    {
      const Word *word = &g_array_index (from->words, Word, id - 1);
      id_in_to[id] = word_table_intern (to, word->bytes, word->length, word->hash);
    }
  for (guint i = 0; i < pool->len; i++)
    ids[i] = id_in_to[ids[i]];
}

static void
count_free (Matcher *m, guint *n_old, guint *n_new)
{
  *n_old = *n_new = 0;
  for (guint i = 0; i < m->matching->n_old; i++)
    *n_old += old_free (m, i);
  for (guint j = 0; j < m->matching->n_new; j++)
    *n_new += new_free (m, j);
}

/* Word sets of the free old and new areas, in @table. Postings are built
 * before the new areas' words reach @table, so words only new areas have
 * get ids past the postings, on one thread or two. */
static void
build_word_sets (Matcher *m, PdWordTable *table, GArray *old_pool, AreaWords *old_words,
                 GArray *new_pool, AreaWords *new_words, Postings *postings, gboolean parallel)
{
  g_autoptr(PdWordTable) theirs = NULL;
  GThread *helper = NULL;
  NewWordsJob job = { m, NULL, new_pool, new_words };

  if (parallel)
    {
      job.table = theirs = pd_match__word_table_new ();
      helper = g_thread_try_new ("progdiff-match", new_words_build, &job, NULL);
    }
  for (guint i = 0; i < m->matching->n_old; i++)
    if (old_free (m, i))
      area_words_init (&old_words[i], table, old_pool, pd_document_get_area (m->old_doc, i));
  area_words_freeze (old_words, m->matching->n_old, old_pool);
  postings_build (postings, m, old_words, table->words->len + 1);
  if (helper != NULL)
    {
      g_thread_join (helper);
      pool_move (new_pool, theirs, table);
    }
  else
    {
      job.table = table;
      new_words_build (&job);
    }
  area_words_freeze (new_words, m->matching->n_new, new_pool);
}

/* New areas are handed to the collecting threads in blocks of this many. */
#define COLLECT_BLOCK 64

typedef struct
{
  Matcher *m;
  Collector *collector;
  const AreaWords *new_words;
  gint *next_block;
} CollectJob;

static gpointer
collect_blocks (gpointer data)
{
  CollectJob *job = data;
  guint n_new = job->m->matching->n_new;

  for (;;)
    {
      guint start = (guint) g_atomic_int_add (job->next_block, 1) * COLLECT_BLOCK;
      if (start >= n_new)
        return NULL;
      for (guint j = start; j < MIN (start + COLLECT_BLOCK, n_new); j++)
        if (new_free (job->m, j))
          collect_candidates (job->collector, j, &job->new_words[j]);
    }
}

/* Candidates of every free new area, on two threads when there are many:
 * each has its own collector, and the sort puts them in one order. */
static GArray *
collect_all (Matcher *m, const AreaWords *old_words, const AreaWords *new_words,
             const Postings *postings, guint n_ids, guint threshold, gboolean parallel)
{
  Collector mine, theirs;
  gint next_block = 0;
  CollectJob my_job = { m, &mine, new_words, &next_block };
  CollectJob their_job = { m, &theirs, new_words, &next_block };
  GThread *helper = NULL;

  collector_init (&mine, old_words, postings, n_ids, m->matching->n_old, threshold);
  if (parallel)
    {
      collector_init (&theirs, old_words, postings, n_ids, m->matching->n_old, threshold);
      helper = g_thread_try_new ("progdiff-match", collect_blocks, &their_job, NULL);
      if (helper == NULL)
        collector_clear (&theirs);
    }
  collect_blocks (&my_job);
  GArray *candidates = g_steal_pointer (&mine.candidates);
  if (helper != NULL)
    {
      g_thread_join (helper);
      g_array_append_vals (candidates, theirs.candidates->data, theirs.candidates->len);
      collector_clear (&theirs);
    }
  collector_clear (&mine);
  g_array_sort (candidates, compare_candidates);
  return candidates;
}

static void
match_by_similarity (Matcher *m, guint threshold)
{
  guint n_old = m->matching->n_old, n_new = m->matching->n_new;
  guint free_old, free_new;

  /* Usually the exact rules pair everything: nothing to index. */
  count_free (m, &free_old, &free_new);
  if (free_old == 0 || free_new == 0)
    return;

  g_autoptr(PdWordTable) table = pd_match__word_table_new ();
  g_autofree AreaWords *old_words = g_new0 (AreaWords, n_old);
  g_autofree AreaWords *new_words = g_new0 (AreaWords, n_new);
  g_autoptr(GArray) old_pool = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) new_pool = g_array_new (FALSE, FALSE, sizeof (guint));
  Postings postings = { NULL, NULL, 0 };
  gboolean parallel = free_old + free_new >= PARALLEL_MIN_FREE && g_get_num_processors () > 1;

  build_word_sets (m, table, old_pool, old_words, new_pool, new_words, &postings, parallel);
  g_autoptr(GArray) candidates = collect_all (m, old_words, new_words, &postings,
                                              table->words->len, threshold, parallel);
  postings_clear (&postings);

  for (guint c = 0; c < candidates->len; c++)
    {
      const Candidate *cand = &g_array_index (candidates, Candidate, c);
      if (old_free (m, cand->old_index) && new_free (m, cand->new_index))
        add_pair (m, cand->old_index, cand->new_index, PD_MATCH_KIND_SIMILARITY,
                  cand->score);
    }
}

static int
compare_pairs_by_old (gconstpointer a, gconstpointer b)
{
  const PdMatchPair *x = a, *y = b;

  return x->old_index < y->old_index ? -1 : x->old_index > y->old_index;
}

static void
sort_pairs (PdMatching *matching)
{
  g_array_sort (matching->pairs, compare_pairs_by_old);
  for (guint k = 0; k < matching->pairs->len; k++)
    {
      const PdMatchPair *pair = &g_array_index (matching->pairs, PdMatchPair, k);
      matching->pair_of_old[pair->old_index] = k;
      matching->pair_of_new[pair->new_index] = k;
    }
}

PdMatching *
pd_match_areas (PdDocument           *old_document,
                PdDocument           *new_document,
                const PdMatchOptions *options)
{
  g_return_val_if_fail (old_document != NULL && new_document != NULL, NULL);

  PdMatchOptions defaults = PD_MATCH_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;

  PdMatching *matching = g_new0 (PdMatching, 1);
  matching->n_old = pd_document_get_n_areas (old_document);
  matching->n_new = pd_document_get_n_areas (new_document);
  matching->pairs = g_array_new (FALSE, FALSE, sizeof (PdMatchPair));
  matching->pair_of_old = g_new (int, matching->n_old + 1);
  matching->pair_of_new = g_new (int, matching->n_new + 1);
  memset (matching->pair_of_old, 0xff, sizeof (int) * matching->n_old);
  memset (matching->pair_of_new, 0xff, sizeof (int) * matching->n_new);

  Matcher m = { old_document, new_document, matching };
  match_by_id (&m);
  match_by_title (&m);
  match_by_alias (&m);
  match_by_similarity (&m, options->threshold);
  sort_pairs (matching);
  return matching;
}

void
pd_matching_free (PdMatching *matching)
{
  if (matching == NULL)
    return;
  g_array_unref (matching->pairs);
  g_free (matching->pair_of_old);
  g_free (matching->pair_of_new);
  g_free (matching);
}

guint
pd_matching_get_n_pairs (const PdMatching *matching)
{
  g_return_val_if_fail (matching != NULL, 0);
  return matching->pairs->len;
}

const PdMatchPair *
pd_matching_get_pair (const PdMatching *matching,
                      guint             index)
{
  g_return_val_if_fail (matching != NULL && index < matching->pairs->len, NULL);
  return &g_array_index (matching->pairs, PdMatchPair, index);
}

const PdMatchPair *
pd_matching_lookup_old (const PdMatching *matching,
                        guint             index)
{
  g_return_val_if_fail (matching != NULL && index < matching->n_old, NULL);
  int k = matching->pair_of_old[index];
  return k < 0 ? NULL : &g_array_index (matching->pairs, PdMatchPair, k);
}

const PdMatchPair *
pd_matching_lookup_new (const PdMatching *matching,
                        guint             index)
{
  g_return_val_if_fail (matching != NULL && index < matching->n_new, NULL);
  int k = matching->pair_of_new[index];
  return k < 0 ? NULL : &g_array_index (matching->pairs, PdMatchPair, k);
}
