/* pd-match.h: pair the areas of two versions of a programme.
 *
 * Rules apply in order, each only to areas the earlier rules left:
 * the same ID; the same normalised title; a declared alias; then
 * similarity of title and text above a threshold, assigned best score
 * first across all candidates. Every area is in at most one pair.
 */
#ifndef PD_MATCH_H
#define PD_MATCH_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>

G_BEGIN_DECLS

typedef enum
{
  PD_MATCH_KIND_NONE,
  PD_MATCH_KIND_ID,
  PD_MATCH_KIND_TITLE,
  PD_MATCH_KIND_ALIAS,
  PD_MATCH_KIND_SIMILARITY,
} PdMatchKind;

/** Returns: (transfer none): "id", "title", "alias", "similarity" or "none" */
const char *pd_match_kind_to_string (PdMatchKind kind);

/**
 * PD_SCORE_SCALE:
 *
 * Scores are integers in [0, PD_SCORE_SCALE] (basis points), so that
 * reports never print a rounded double: 8750 means 0.875.
 */
#define PD_SCORE_SCALE 10000

/**
 * PdMatchOptions:
 * @version: %PD_MATCH_OPTIONS_VERSION
 * @threshold: the least similarity score, in basis points, that pairs two
 *   areas by the similarity rule
 */
typedef struct
{
  guint version;
  guint threshold;
} PdMatchOptions;

#define PD_MATCH_OPTIONS_VERSION 1
#define PD_MATCH_DEFAULT_THRESHOLD 5000
#define PD_MATCH_OPTIONS_INIT { PD_MATCH_OPTIONS_VERSION, PD_MATCH_DEFAULT_THRESHOLD }

/**
 * PdMatchPair:
 * @old_index: area index in the old document
 * @new_index: area index in the new document
 * @kind: the rule that made the pair
 * @score: similarity in basis points; %PD_SCORE_SCALE for the exact rules
 */
typedef struct
{
  guint old_index;
  guint new_index;
  PdMatchKind kind;
  guint score;
} PdMatchPair;

/**
 * pd_match_areas:
 * @old_document: the earlier version
 * @new_document: the later version
 * @options: (nullable): %NULL for the defaults
 *
 * Pairs areas one to one. Runs in time about linear in the size of the
 * documents: similarity candidates come from an index of shared words.
 *
 * Returns: (transfer full): the pairing; free with pd_matching_free()
 */
PdMatching *pd_match_areas (PdDocument           *old_document,
                            PdDocument           *new_document,
                            const PdMatchOptions *options) G_GNUC_WARN_UNUSED_RESULT;

void pd_matching_free (PdMatching *matching);

/** Pairs, ordered by old index. */
guint              pd_matching_get_n_pairs (const PdMatching *matching);
const PdMatchPair *pd_matching_get_pair    (const PdMatching *matching,
                                            guint             index);
/** Returns: (nullable): the pair of old (or new) area @index, or %NULL */
const PdMatchPair *pd_matching_lookup_old  (const PdMatching *matching,
                                            guint             index);
const PdMatchPair *pd_matching_lookup_new  (const PdMatching *matching,
                                            guint             index);

/**
 * pd_match_similarity:
 *
 * The similarity score the fourth rule uses, exposed for tools and tests:
 * 0.5 × the Dice coefficient of the title words + 0.5 × that of the
 * text words (summary and objectives), words case-folded, with words
 * shorter than 3 characters and a few function words left out.
 *
 * Returns: the score in basis points
 */
guint pd_match_similarity (const PdArea *old_area,
                           const PdArea *new_area);

/**
 * pd_match_normalize_title:
 *
 * Case-folds, NFKC-normalises, drops punctuation, folds white space and
 * reads `&` as `and`: the key of the title rule.
 *
 * Returns: (transfer full): free with g_free()
 */
char *pd_match_normalize_title (const char *title) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdMatching, pd_matching_free)

G_END_DECLS

#endif /* PD_MATCH_H */
