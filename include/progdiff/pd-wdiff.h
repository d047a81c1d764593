/* pd-wdiff.h: word-level diff of two texts.
 *
 * Texts are split into Unicode-aware tokens (words, numbers, single
 * punctuation marks, single CJK characters, runs of white space) and the
 * token sequences are compared with Myers' O(ND) algorithm, so the script
 * is minimal in changed tokens unless the cost limit is reached.
 */
#ifndef PD_WDIFF_H
#define PD_WDIFF_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>

G_BEGIN_DECLS

typedef enum
{
  PD_WDIFF_OP_EQUAL,
  PD_WDIFF_OP_DELETE,
  PD_WDIFF_OP_INSERT,
} PdWdiffOpKind;

/**
 * PdWdiffOp:
 * @kind: what the op does
 * @text: the first byte of the op's text: a pointer into the old text
 *   (EQUAL and DELETE) or the new text (INSERT) given to pd_wdiff_texts();
 *   not NUL-terminated
 * @length: the length of the text in bytes, always more than 0
 *
 * The concatenation of the EQUAL and DELETE ops in order is the old text;
 * that of the EQUAL and INSERT ops is the new text. Adjacent ops never
 * have the same kind, and within a change DELETE comes before INSERT.
 */
typedef struct
{
  PdWdiffOpKind kind;
  const char *text;
  gsize length;
} PdWdiffOp;

/**
 * PdWdiffOptions:
 * @version: %PD_WDIFF_OPTIONS_VERSION
 * @max_cost: give up on minimality past this many changed tokens in one
 *   region (then the script is still correct, only longer); 0 = default
 */
typedef struct
{
  guint version;
  guint max_cost;
} PdWdiffOptions;

#define PD_WDIFF_OPTIONS_VERSION 1
#define PD_WDIFF_OPTIONS_INIT { PD_WDIFF_OPTIONS_VERSION, 0 }

/**
 * pd_wdiff_texts:
 * @old_text: valid UTF-8, NUL-terminated
 * @new_text: valid UTF-8, NUL-terminated
 * @options: (nullable): %NULL for the defaults
 *
 * Computes a word diff. Never fails for valid UTF-8. The script's ops
 * point into @old_text and @new_text instead of copying them, so both
 * must outlive it.
 *
 * Returns: (transfer full): the edit script; free with pd_wdiff_free()
 */
PdWdiff *pd_wdiff_texts (const char           *old_text,
                         const char           *new_text,
                         const PdWdiffOptions *options) G_GNUC_WARN_UNUSED_RESULT;

void pd_wdiff_free (PdWdiff *wdiff);

guint            pd_wdiff_get_n_ops (const PdWdiff *wdiff);
/** Returns: (transfer none): op @index, owned by @wdiff */
const PdWdiffOp *pd_wdiff_get_op    (const PdWdiff *wdiff,
                                     guint          index);
/** Returns: whether any op is not EQUAL */
gboolean         pd_wdiff_has_changes (const PdWdiff *wdiff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdWdiff, pd_wdiff_free)

G_END_DECLS

#endif /* PD_WDIFF_H */
