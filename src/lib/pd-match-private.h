/* pd-match-private.h: word sets shared by the matcher and the list diff. */
#ifndef PD_MATCH_PRIVATE_H
#define PD_MATCH_PRIVATE_H

#include <progdiff/progdiff.h>

G_BEGIN_DECLS

/* Interns the content words of texts so that sets of them compare as
 * sorted integer arrays. */
typedef struct PdWordTable PdWordTable;

PdWordTable *pd_match__word_table_new (void);
void         pd_match__word_table_free (PdWordTable *table);

/* Appends the distinct content-word ids of @text to @set (a GArray of
 * guint), then sorts and de-duplicates the whole array. */
void pd_match__word_set_add (PdWordTable *table,
                             GArray      *set,
                             const char  *text);

/* 2|A∩B| / (|A|+|B|) in basis points; 0 when both sets are empty. */
guint pd_match__dice (const GArray *a,
                      const GArray *b);

/* The Dice score of the content words of two texts, in basis points. */
guint pd_match__text_similarity (const char *a,
                                 const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdWordTable, pd_match__word_table_free)

G_END_DECLS

#endif /* PD_MATCH_PRIVATE_H */
