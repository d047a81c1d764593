/* pd-wdiff.c: word-level diff of two texts.
 *
 * Both texts are cut into tokens (pd-tokenize.c), tokens are interned to
 * integer ids so that equal bytes compare as equal integers, and the id
 * sequences are compared with Myers' algorithm: E. W. Myers, "An O(ND)
 * Difference Algorithm and Its Variations", Algorithmica 1 (1986),
 * 251-266, in its linear-space form (divide and conquer on the middle
 * snake, section 4b). The code follows git's xdiff (xdiff/xdiffi.c:
 * xdl_recs_cmp() and xdl_split(); xdiff/xprepare.c for dropping tokens
 * that have no match), including its way of giving up on minimality:
 * once a region is known to need more than max_cost changed tokens, it is
 * cut at the furthest points the searches reached instead of at the
 * middle snake. The script stays correct, only longer, and time stays
 * near O((N + M) * max_cost) with O(N + M) memory however unrelated the
 * texts are.
 *
 * Invariants of the result: EQUAL + DELETE ops rebuild the old text and
 * EQUAL + INSERT ops the new one; adjacent ops differ in kind; a change
 * is DELETE then INSERT; white space alone is never an EQUAL op between
 * two changes (it is folded into them, so the change reads as a phrase).
 */
#include "config.h"

#include <string.h>

#include <progdiff/progdiff.h>

#include "pd-tokenize-private.h"

/* Minimality is kept up to this many changed tokens (deleted plus
 * inserted) in one region. A programme area that changes more than this
 * is effectively rewritten, and a reader gains nothing from a minimal
 * script there; above it each split costs O(max_cost^2) instead of
 * O(D^2), which keeps two unrelated megabyte texts to about a second. */
#define PD_WDIFF_DEFAULT_MAX_COST 2000

struct PdWdiff
{
  PdWdiffOp *ops;   /* their texts point into the caller's two texts */
  guint n_ops;
};

/* --- scratch memory ------------------------------------------------------
 *
 * A comparison word-diffs thousands of fields, and each diff needs a
 * dozen arrays sized after its texts. They come from a per-thread arena
 * that is reset after each call instead of from malloc, which cost as
 * much as the diffs themselves. Allocations never move; a block that
 * runs out is chained, and a reset keeps only a block of modest size. */

typedef struct Block Block;
struct Block
{
  Block *next;
  gsize size;
  gsize used;
  gsize padding;   /* keeps the data after the header 16-byte aligned */
};

#define ARENA_MIN_BLOCK ((gsize) 64 * 1024)
#define ARENA_KEEP_BLOCK ((gsize) 1024 * 1024)

static void
arena_free (gpointer data)
{
  Block *block = data;

  while (block != NULL)
    {
      Block *next = block->next;
      g_free (block);
      block = next;
    }
}

static GPrivate arena_key = G_PRIVATE_INIT (arena_free);

static gpointer
arena_alloc (gsize size)
{
  Block *head = g_private_get (&arena_key);

  size = (size + 15) & ~(gsize) 15;
  if (head == NULL || head->size - head->used < size)
    {
      gsize block_size = MAX (size, head != NULL ? head->size * 2 : ARENA_MIN_BLOCK);
      Block *block = g_malloc (sizeof (Block) + block_size);
      block->next = head;
      block->size = block_size;
      block->used = 0;
      g_private_set (&arena_key, block);
      head = block;
    }
  gpointer p = (char *) (head + 1) + head->used;
  head->used += size;
  return p;
}

#define arena_new(type, n) ((type *) arena_alloc (sizeof (type) * (gsize) MAX ((n), 1)))

static gpointer
arena_alloc0 (gsize size)
{
  return memset (arena_alloc (size), 0, size);
}

#define arena_new0(type, n) ((type *) arena_alloc0 (sizeof (type) * (gsize) MAX ((n), 1)))

/* Frees what the last call took: all but the newest block, and that one
 * too when a huge text made it large. */
static void
arena_reset (void)
{
  Block *head = g_private_get (&arena_key);

  if (head == NULL)
    return;
  arena_free (head->next);
  head->next = NULL;
  head->used = 0;
  if (head->size > ARENA_KEEP_BLOCK)
    {
      g_free (head);
      g_private_set (&arena_key, NULL);
    }
}

/* --- interning ---------------------------------------------------------
 *
 * One open-addressing table for both texts, keyed by byte range, so no
 * token needs its own allocation; like xdiff's xdl_classify_record(),
 * but we only need the class id. */

typedef struct
{
  const char *bytes;
  guint32 length;
  guint32 hash;
} TokenClass;

/* One-byte tokens (a blank, a comma, a full stop: about half the tokens
 * of prose) are their own class: the byte is the id, with no hash and no
 * probe. Other classes get the ids after them. */
#define N_BYTE_CLASSES 256

typedef struct
{
  TokenClass *classes; /* indexed by id - N_BYTE_CLASSES; room for every token */
  guint n_classes;
  guint32 *slots;     /* id + 1 of the class in each slot, 0 when empty */
  gsize n_slots;      /* a power of two, at least twice the classes */
} Interner;

/* Sized for @n_tokens distinct tokens at most half full, so that a small
 * field does not pay for clearing a large table. */
static void
interner_init (Interner *interner,
               guint     n_tokens)
{
  interner->classes = arena_new (TokenClass, n_tokens);
  interner->n_classes = 0;
  interner->n_slots = 16;
  while (interner->n_slots < (gsize) n_tokens * 2)
    interner->n_slots *= 2;
  interner->slots = arena_new0 (guint32, interner->n_slots);
}

static guint32
interner_lookup (Interner   *interner,
                 const char *bytes,
                 guint32     length)
{
  guint32 hash = pd_tokenize__hash (bytes, length);
  gsize mask = interner->n_slots - 1;
  gsize slot = hash & mask;

  for (; interner->slots[slot] != 0; slot = (slot + 1) & mask)
    {
      guint32 k = interner->slots[slot] - 1;
      const TokenClass *cls = &interner->classes[k];
      if (cls->hash == hash && cls->length == length
          && memcmp (cls->bytes, bytes, length) == 0)
        return N_BYTE_CLASSES + k;
    }

  /* The table was sized for every token to be distinct, so the load
   * stays at most one half and needs no growth. */
  guint32 k = interner->n_classes++;
  interner->classes[k] = (TokenClass) { bytes, length, hash };
  interner->slots[slot] = k + 1;
  return N_BYTE_CLASSES + k;
}

/* The tokens of one text: a byte range each, in order. */
typedef struct
{
  const PdToken *v;
  guint len;
} Tokens;

static guint32 *
intern_tokens (Interner     *interner,
               const char   *text,
               const Tokens *tokens)
{
  guint32 *ids = arena_new (guint32, tokens->len);

  for (guint i = 0; i < tokens->len; i++)
    {
      const PdToken *t = &tokens->v[i];
      ids[i] = t->length == 1 ? (guchar) text[t->start]
                              : interner_lookup (interner, text + t->start, t->length);
    }
  return ids;
}

/* --- Myers' diff in linear space --------------------------------------- */

typedef struct
{
  const guint32 *a;      /* ids of the old tokens */
  const guint32 *b;      /* ids of the new tokens */
  guint8 *changed_a;     /* set for each deleted old token */
  guint8 *changed_b;     /* set for each inserted new token */
  /* Furthest x reached on each diagonal k = x - y, forward and backward;
   * both point into one allocation, offset so that k may be negative. */
  gssize *fwd;
  gssize *bwd;
  gssize max_cost;
} Diff;

/* Where split() cuts a box: the part before (x1, y1), the part between
 * (x1, y1) and (x2, y2), and the part after (x2, y2). The middle part is
 * empty unless the cost limit was hit. */
typedef struct
{
  gssize x1, y1;
  gssize x2, y2;
} Split;

typedef struct
{
  gssize off_a, lim_a;   /* old tokens [off_a, lim_a) */
  gssize off_b, lim_b;   /* new tokens [off_b, lim_b) */
} Box;

/* Finds where to cut the box [off_a, lim_a) x [off_b, lim_b), which must
 * be non-empty in both directions and differ at both ends. Forward and
 * backward searches advance one edit at a time on alternate diagonals
 * until their paths overlap; the overlap lies on a minimal path (Myers
 * 1986, lemma 3). With delta = (lim_a - lim_b) - (off_a - off_b), an odd
 * delta means the overlap is found by the forward pass of round ec, for
 * D = 2 ec - 1, and an even one by the backward pass, for D = 2 ec. So
 * after round ec without overlap D > 2 ec, which lets us stop exactly
 * when D is known to exceed max_cost. */
static void
split (const Diff *diff,
       gssize      off_a,
       gssize      lim_a,
       gssize      off_b,
       gssize      lim_b,
       Split      *out)
{
  const guint32 *a = diff->a;
  const guint32 *b = diff->b;
  gssize *fwd = diff->fwd;
  gssize *bwd = diff->bwd;
  gssize kmin = off_a - lim_b;
  gssize kmax = lim_a - off_b;
  gssize fmid = off_a - off_b;
  gssize bmid = lim_a - lim_b;
  gboolean odd = ((fmid - bmid) & 1) != 0;
  gssize fmin = fmid, fmax = fmid;
  gssize bmin = bmid, bmax = bmid;

  fwd[fmid] = off_a;
  bwd[bmid] = lim_a;

  for (gssize ec = 1;; ec++)
    {
      /* Widen the forward range by one diagonal on each side, or, at a
       * box edge, narrow it so that it keeps the parity of this round.
       * The sentinel beyond the range lets the loop below read k - 1 and
       * k + 1 without bounds checks. */
      if (fmin > kmin)
        fwd[--fmin - 1] = -1;
      else
        ++fmin;
      if (fmax < kmax)
        fwd[++fmax + 1] = -1;
      else
        --fmax;

      for (gssize k = fmax; k >= fmin; k -= 2)
        {
          gssize x = fwd[k - 1] >= fwd[k + 1] ? fwd[k - 1] + 1 : fwd[k + 1];
          gssize y = x - k;
          while (x < lim_a && y < lim_b && a[x] == b[y])
            x++, y++;
          fwd[k] = x;
          if (odd && bmin <= k && k <= bmax && bwd[k] <= x)
            {
              *out = (Split) { x, y, x, y };
              return;
            }
        }

      if (bmin > kmin)
        bwd[--bmin - 1] = G_MAXSSIZE;
      else
        ++bmin;
      if (bmax < kmax)
        bwd[++bmax + 1] = G_MAXSSIZE;
      else
        --bmax;

      for (gssize k = bmax; k >= bmin; k -= 2)
        {
          gssize x = bwd[k - 1] < bwd[k + 1] ? bwd[k - 1] : bwd[k + 1] - 1;
          gssize y = x - k;
          while (x > off_a && y > off_b && a[x - 1] == b[y - 1])
            x--, y--;
          bwd[k] = x;
          if (!odd && fmin <= k && k <= fmax && x <= fwd[k])
            {
              *out = (Split) { x, y, x, y };
              return;
            }
        }

      if (2 * ec < diff->max_cost)
        continue;

      /* Too costly: D > max_cost. Like xdiff, cut at the point furthest
       * along (by x + y) that either search reached. The part that search
       * covered needs at most ec edits, so it is cheap to solve exactly;
       * the other part starts over with a fresh budget. */
      gssize fbest = -1, fbest_x = -1;
      for (gssize k = fmax; k >= fmin; k -= 2)
        {
          gssize x = MIN (fwd[k], lim_a);
          gssize y = x - k;
          if (y > lim_b)
            x = lim_b + k, y = lim_b;
          if (x + y > fbest)
            fbest = x + y, fbest_x = x;
        }

      gssize bbest = G_MAXSSIZE, bbest_x = G_MAXSSIZE;
      for (gssize k = bmax; k >= bmin; k -= 2)
        {
          gssize x = MAX (bwd[k], off_a);
          gssize y = x - k;
          if (y < off_b)
            x = off_b + k, y = off_b;
          if (x + y < bbest)
            bbest = x + y, bbest_x = x;
        }

      gssize fbest_y = fbest - fbest_x;
      gssize bbest_y = bbest - bbest_x;
      /* Unlike xdiff, keep both ends when they do not cross: each costly
       * round then peels slices off both ends of the box, not one. */
      if (fbest_x <= bbest_x && fbest_y <= bbest_y)
        *out = (Split) { fbest_x, fbest_y, bbest_x, bbest_y };
      else if ((lim_a + lim_b) - bbest < fbest - (off_a + off_b))
        *out = (Split) { fbest_x, fbest_y, fbest_x, fbest_y };
      else
        *out = (Split) { bbest_x, bbest_y, bbest_x, bbest_y };
      return;
    }
}

static void
mark_changed (guint8 *changed,
              gssize  from,
              gssize  to)
{
  if (to > from)
    memset (changed + from, 1, (gsize) (to - from));
}

static gssize
box_size (const Box *box)
{
  return (box->lim_a - box->off_a) + (box->lim_b - box->off_b);
}

/* Marks the tokens of @box that are not on the chosen path. Recurses into
 * the smaller parts of each split and loops on the largest, so the stack
 * stays O(log (N + M)) deep even when the cost limit cuts off thin slices
 * one after another. */
static void
compare (const Diff *diff,
         Box         box)
{
  for (;;)
    {
      /* Equal heads and tails are on every minimal path: drop them. */
      while (box.off_a < box.lim_a && box.off_b < box.lim_b
             && diff->a[box.off_a] == diff->b[box.off_b])
        box.off_a++, box.off_b++;
      while (box.off_a < box.lim_a && box.off_b < box.lim_b
             && diff->a[box.lim_a - 1] == diff->b[box.lim_b - 1])
        box.lim_a--, box.lim_b--;

      if (box.off_a == box.lim_a || box.off_b == box.lim_b)
        {
          mark_changed (diff->changed_a, box.off_a, box.lim_a);
          mark_changed (diff->changed_b, box.off_b, box.lim_b);
          return;
        }

      Split cut;
      split (diff, box.off_a, box.lim_a, box.off_b, box.lim_b, &cut);

      Box parts[3] = {
        { box.off_a, cut.x1, box.off_b, cut.y1 },
        { cut.x1, cut.x2, cut.y1, cut.y2 },
        { cut.x2, box.lim_a, cut.y2, box.lim_b },
      };
      guint largest = 0;
      for (guint p = 1; p < G_N_ELEMENTS (parts); p++)
        if (box_size (&parts[p]) > box_size (&parts[largest]))
          largest = p;

      /* A cut that leaves everything in one part would not shrink the
       * problem. The search cannot produce one, but should it ever, a
       * replace-all is still a valid script where looping forever is not. */
      if (box_size (&parts[largest]) == box_size (&box))
        {
          mark_changed (diff->changed_a, box.off_a, box.lim_a);
          mark_changed (diff->changed_b, box.off_b, box.lim_b);
          return;
        }

      for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
        if (p != largest && box_size (&parts[p]) > 0)
          compare (diff, parts[p]);
      box = parts[largest];
    }
}

/* Diffs two id sequences, setting @changed_a and @changed_b (zeroed, one
 * byte per token) for each deleted and inserted token. */
static void
diff_ids (const guint32 *ids_a,
          gssize         n_a,
          const guint32 *ids_b,
          gssize         n_b,
          guint          n_ids,
          guint          max_cost,
          guint8        *changed_a,
          guint8        *changed_b)
{
  /* Strip the common head and tail first: editing a sentence inside a
   * long text leaves the rest out of all later work. */
  gssize off = 0;
  while (off < n_a && off < n_b && ids_a[off] == ids_b[off])
    off++;
  while (n_a > off && n_b > off && ids_a[n_a - 1] == ids_b[n_b - 1])
    n_a--, n_b--;

  /* A token whose id does not occur on the other side is changed on every
   * path, so it can leave the problem without costing minimality (xdiff's
   * xdl_cleanup_records() does the same for lines that have no match).
   * Two texts with no word in common then reduce to their white space. */
  guint8 *sides = arena_new0 (guint8, n_ids);
  for (gssize i = off; i < n_a; i++)
    sides[ids_a[i]] |= 1;
  for (gssize j = off; j < n_b; j++)
    sides[ids_b[j]] |= 2;

  guint32 *kept_a = arena_new (guint32, n_a - off);
  guint32 *kept_b = arena_new (guint32, n_b - off);
  guint32 *index_a = arena_new (guint32, n_a - off);
  guint32 *index_b = arena_new (guint32, n_b - off);
  gssize m_a = 0, m_b = 0;
  for (gssize i = off; i < n_a; i++)
    if (sides[ids_a[i]] == 3)
      kept_a[m_a] = ids_a[i], index_a[m_a++] = (guint32) i;
    else
      changed_a[i] = 1;
  for (gssize j = off; j < n_b; j++)
    if (sides[ids_b[j]] == 3)
      kept_b[m_b] = ids_b[j], index_b[m_b++] = (guint32) j;
    else
      changed_b[j] = 1;

  /* Diagonals k = x - y run from -m_b to m_a, plus a sentinel at each
   * end; both arrays are offset so that k can index them directly. */
  gssize n_diagonals = m_a + m_b + 3;
  gssize *diagonals = arena_new (gssize, 2 * n_diagonals);
  guint8 *kept_changed_a = arena_new0 (guint8, m_a + 1);
  guint8 *kept_changed_b = arena_new0 (guint8, m_b + 1);
  Diff diff = {
    .a = kept_a,
    .b = kept_b,
    .changed_a = kept_changed_a,
    .changed_b = kept_changed_b,
    .fwd = diagonals + m_b + 1,
    .bwd = diagonals + n_diagonals + m_b + 1,
    .max_cost = max_cost,
  };
  compare (&diff, (Box) { 0, m_a, 0, m_b });

  for (gssize i = 0; i < m_a; i++)
    changed_a[index_a[i]] = kept_changed_a[i];
  for (gssize j = 0; j < m_b; j++)
    changed_b[index_b[j]] = kept_changed_b[j];
}

/* --- from changed tokens to ops ---------------------------------------- */

typedef struct
{
  guint a_start, a_end;    /* deleted old tokens [a_start, a_end) */
  guint b_start, b_end;    /* inserted new tokens [b_start, b_end) */
} Change;

typedef struct
{
  PdWdiffOpKind kind;
  const char *bytes;       /* into the caller's text, until copied */
  gsize length;
} OpSpan;

/* Byte offset where token @index starts, or the text's end past the last
 * token: tokens cover the text, so token ranges map to byte ranges. */
static gsize
token_offset (const Tokens *tokens,
              guint         index,
              gsize         text_length)
{
  if (index < tokens->len)
    return tokens->v[index].start;
  return text_length;
}

static void
add_span (GArray        *spans,
          PdWdiffOpKind  kind,
          const char    *text,
          const Tokens  *tokens,
          gsize          text_length,
          guint          from,
          guint          to)
{
  if (from >= to)
    return;

  gsize start = token_offset (tokens, from, text_length);
  OpSpan span = { kind, text + start, token_offset (tokens, to, text_length) - start };
  g_array_append_val (spans, span);
}

/* Groups the changed tokens into changes, each the tokens between two
 * matched ones. A change is extended over the next one when only a SPACE
 * token separates them: "a b" -> "c d" then reads [-a b-]{+c d+}, not
 * [-a-]{+c+} [-b-]{+d+}. The space is equal on both sides, so putting it
 * in both the deletion and the insertion keeps both texts intact. */
static GArray *
collect_changes (const guint8 *changed_a,
                 const Tokens *tokens_a,
                 const guint8 *changed_b,
                 const Tokens *tokens_b)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (Change));
  guint n_a = tokens_a->len;
  guint n_b = tokens_b->len;
  guint i = 0, j = 0;

  while (i < n_a || j < n_b)
    {
      if ((i >= n_a || !changed_a[i]) && (j >= n_b || !changed_b[j]))
        {
          i++, j++;
          continue;
        }

      Change change = { i, i, j, j };
      while (i < n_a && changed_a[i])
        i++;
      while (j < n_b && changed_b[j])
        j++;
      change.a_end = i;
      change.b_end = j;

      Change *last = changes->len > 0
        ? &g_array_index (changes, Change, changes->len - 1) : NULL;
      if (last != NULL && change.a_start - last->a_end == 1
          && tokens_a->v[last->a_end].kind == PD_TOKEN_SPACE)
        {
          last->a_end = change.a_end;
          last->b_end = change.b_end;
        }
      else
        g_array_append_val (changes, change);
    }
  return changes;
}

/* The tokens of @text, in the arena with room for a token every two
 * bytes; text denser in tokens (rare) goes to a GArray in *@spill. */
static Tokens
tokenize (const char *text, gsize length, GArray **spill)
{
  guint room = (guint) (length / 2 + 16);
  PdToken *tokens = arena_new (PdToken, room);
  gsize consumed = 0;
  guint n = pd_tokenize__split_into (text, length, tokens, room, &consumed);

  if (consumed == length)
    return (Tokens) { tokens, n };
  *spill = g_array_new (FALSE, FALSE, sizeof (PdToken));
  pd_tokenize__split (text, length, *spill);
  return (Tokens) { (const PdToken *) (gconstpointer) (*spill)->data, (*spill)->len };
}

/* Appends the ops of the middle parts of both texts (the bytes between
 * the common head and tail) as spans. */
static void
diff_middle (const char *old_mid,
             gsize       old_length,
             const char *new_mid,
             gsize       new_length,
             guint       max_cost,
             GArray     *spans)
{
  g_autoptr(GArray) spill_a = NULL, spill_b = NULL;
  Tokens a = tokenize (old_mid, old_length, &spill_a);
  Tokens b = tokenize (new_mid, new_length, &spill_b);

  Interner interner;
  interner_init (&interner, a.len + b.len);
  guint32 *ids_a = intern_tokens (&interner, old_mid, &a);
  guint32 *ids_b = intern_tokens (&interner, new_mid, &b);

  guint8 *changed_a = arena_new0 (guint8, a.len + 1);
  guint8 *changed_b = arena_new0 (guint8, b.len + 1);
  diff_ids (ids_a, a.len, ids_b, b.len, N_BYTE_CLASSES + interner.n_classes, max_cost,
            changed_a, changed_b);

  g_autoptr(GArray) changes = collect_changes (changed_a, &a, changed_b, &b);
  guint equal_from = 0;
  for (guint c = 0; c < changes->len; c++)
    {
      const Change *change = &g_array_index (changes, Change, c);
      add_span (spans, PD_WDIFF_OP_EQUAL, old_mid, &a, old_length,
                equal_from, change->a_start);
      add_span (spans, PD_WDIFF_OP_DELETE, old_mid, &a, old_length,
                change->a_start, change->a_end);
      add_span (spans, PD_WDIFF_OP_INSERT, new_mid, &b, new_length,
                change->b_start, change->b_end);
      equal_from = change->a_end;
    }
  add_span (spans, PD_WDIFF_OP_EQUAL, old_mid, &a, old_length,
            equal_from, a.len);
}

PdWdiff *
pd_wdiff_texts (const char           *old_text,
                const char           *new_text,
                const PdWdiffOptions *options)
{
  g_return_val_if_fail (old_text != NULL, NULL);
  g_return_val_if_fail (new_text != NULL, NULL);
  g_return_val_if_fail (options == NULL || options->version == PD_WDIFF_OPTIONS_VERSION, NULL);

  gsize old_length = strlen (old_text);
  gsize new_length = strlen (new_text);
  guint max_cost = options != NULL && options->max_cost != 0
    ? options->max_cost : PD_WDIFF_DEFAULT_MAX_COST;

  /* A reworded field is mostly equal text around a few edits. The equal
   * head and tail would be matched token by token anyway; cutting them
   * off as bytes first spares tokenizing and interning them, and changes
   * nothing in the result (the cuts fall on token boundaries). */
  gsize head = pd_tokenize__common_head (old_text, old_length, new_text, new_length);
  gsize tail = pd_tokenize__common_tail (old_text + head, old_length - head,
                                         new_text + head, new_length - head);

  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (OpSpan));
  if (head > 0)
    g_array_append_val (spans, ((OpSpan) { PD_WDIFF_OP_EQUAL, old_text, head }));
  diff_middle (old_text + head, old_length - head - tail, new_text + head,
               new_length - head - tail, max_cost, spans);
  arena_reset ();
  if (tail > 0)
    g_array_append_val (spans, ((OpSpan) { PD_WDIFF_OP_EQUAL,
                                           old_text + old_length - tail, tail }));

  /* The ops point into the two texts instead of copying them: a copy
   * would hold every reworded field a second time (13 MB of a 40,000-area
   * comparison). Equal spans that touch (head, middle, tail) are
   * contiguous in the old text and become one op. */
  PdWdiff *wdiff = g_new0 (PdWdiff, 1);
  wdiff->ops = g_new (PdWdiffOp, MAX (spans->len, 1));
  for (guint s = 0; s < spans->len; s++)
    {
      const OpSpan *span = &g_array_index (spans, OpSpan, s);
      PdWdiffOp *last = wdiff->n_ops > 0 ? &wdiff->ops[wdiff->n_ops - 1] : NULL;
      if (last != NULL && last->kind == span->kind)
        {
          g_assert (last->text + last->length == span->bytes);
          last->length += span->length;
          continue;
        }
      wdiff->ops[wdiff->n_ops++] = (PdWdiffOp) { span->kind, span->bytes, span->length };
    }
  return wdiff;
}

void
pd_wdiff_free (PdWdiff *wdiff)
{
  if (wdiff == NULL)
    return;
  g_free (wdiff->ops);
  g_free (wdiff);
}

guint
pd_wdiff_get_n_ops (const PdWdiff *wdiff)
{
  g_return_val_if_fail (wdiff != NULL, 0);

  return wdiff->n_ops;
}

const PdWdiffOp *
pd_wdiff_get_op (const PdWdiff *wdiff,
                 guint          index)
{
  g_return_val_if_fail (wdiff != NULL, NULL);
  g_return_val_if_fail (index < wdiff->n_ops, NULL);

  return &wdiff->ops[index];
}

gboolean
pd_wdiff_has_changes (const PdWdiff *wdiff)
{
  g_return_val_if_fail (wdiff != NULL, FALSE);

  for (guint i = 0; i < wdiff->n_ops; i++)
    if (wdiff->ops[i].kind != PD_WDIFF_OP_EQUAL)
      return TRUE;
  return FALSE;
}
