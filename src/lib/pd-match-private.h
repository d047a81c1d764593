/* pd-match-private.h: word sets shared by the matcher and the list diff. */
#ifndef PD_MATCH_PRIVATE_H
#define PD_MATCH_PRIVATE_H

#include <progdiff/progdiff.h>

G_BEGIN_DECLS

/* Interns the content words of texts so that sets of them compare as
 * arrays of integer ids. */
typedef struct PdWordTable PdWordTable;

PdWordTable *pd_match__word_table_new (void);
void         pd_match__word_table_free (PdWordTable *table);

/* Empties @set (a GArray of guint) and starts a new set: until the next
 * begin, pd_match__word_set_add() adds each id to it once. */
void pd_match__word_set_begin (PdWordTable *table,
                               GArray      *set);

/* Appends to @set, the set begun last, the content-word ids of @text it
 * does not hold yet. The order of ids is not meaningful. */
void pd_match__word_set_add (PdWordTable *table,
                             GArray      *set,
                             const char  *text);

/* 2|A∩B| / (|A|+|B|) in basis points for two sets of @table's ids; 0
 * when both are empty. */
guint pd_match__dice (PdWordTable  *table,
                      const GArray *a,
                      const GArray *b);

/* The Dice score of the content words of two texts, in basis points.
 * @table may be NULL (a table for this call only); passing one spares
 * building the stop words on every call. */
guint pd_match__text_similarity (PdWordTable *table,
                                 const char  *a,
                                 const char  *b);

/* pd_match_normalize_title() always through the Unicode tables; the
 * public function takes a byte-wise path for ASCII, which must agree. */
char *pd_match__normalize_title_unicode (const char *title);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdWordTable, pd_match__word_table_free)

G_END_DECLS

#endif /* PD_MATCH_PRIVATE_H */
