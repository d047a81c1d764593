/* pd-compare.h: compare two versions of a programme area by area.
 *
 * A comparison pairs the areas (pd-match.h), gives each one status,
 * flags the ones whose relative order changed, and word-diffs every
 * field that changed. It is the model every report renders.
 */
#ifndef PD_COMPARE_H
#define PD_COMPARE_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>
#include <progdiff/pd-match.h>
#include <progdiff/pd-wdiff.h>

G_BEGIN_DECLS

typedef enum
{
  PD_AREA_STATUS_UNCHANGED,
  PD_AREA_STATUS_MODIFIED,
  PD_AREA_STATUS_RENAMED,
  PD_AREA_STATUS_ADDED,
  PD_AREA_STATUS_REMOVED,
} PdAreaStatus;

/** Returns: (transfer none): "unchanged", "modified", "renamed", "added" or "removed" */
const char *pd_area_status_to_string (PdAreaStatus status);

typedef enum
{
  PD_ITEM_CHANGE_EQUAL,
  PD_ITEM_CHANGE_ADDED,
  PD_ITEM_CHANGE_REMOVED,
  PD_ITEM_CHANGE_REWORDED,
} PdItemChange;

/** Returns: (transfer none): "equal", "added", "removed" or "reworded" */
const char *pd_item_change_to_string (PdItemChange change);

/**
 * PdItemDiff:
 * @change: what happened to the item
 * @diff: the word diff of the item; for an added item a single INSERT,
 *   for a removed one a single DELETE
 *
 * One item of a list field (`Objectives`, `Aliases`).
 */
typedef struct
{
  PdItemChange change;
  PdWdiff *diff;
} PdItemDiff;

/**
 * PdFieldDiff:
 * @key: the field's key, e.g. "Summary" or "Title[ja]"
 * @old_value: (nullable): the white-space-normalised old value (of a
 *   list, its items joined with "\n", leaving out an item that has no
 *   text once normalised, such as `\s`), %NULL when the old version
 *   lacks the field
 * @new_value: (nullable): likewise for the new version
 * @diff: (nullable): for a scalar field, the word diff of the two values
 * @items: (nullable) (element-type PdItemDiff): for a list field, the
 *   items of both versions in new order with removed items where they stood
 *
 * One field that differs between the two versions of an area (or of the
 * `[Programme]` group). Owned by the comparison.
 */
typedef struct
{
  const char *key;
  const char *old_value;
  const char *new_value;
  PdWdiff *diff;
  GPtrArray *items;
} PdFieldDiff;

/**
 * PdAreaChange:
 * @status: the area's one status
 * @moved: whether the area's order relative to the other paired areas
 *   changed (a longest increasing subsequence keeps the most areas still)
 * @old_area: (nullable): %NULL when added
 * @new_area: (nullable): %NULL when removed
 * @match: how the pair was made; %PD_MATCH_KIND_NONE when unpaired
 * @score: the pair's score in basis points, 0 when unpaired
 * @fields: (element-type PdFieldDiff): the fields that differ, in the
 *   order of the new area's keys, then keys only the old area has
 */
typedef struct
{
  PdAreaStatus status;
  gboolean moved;
  const PdArea *old_area;
  const PdArea *new_area;
  PdMatchKind match;
  guint score;
  GPtrArray *fields;
} PdAreaChange;

/**
 * PdCounts:
 *
 * How many areas each version has and how many have each status.
 */
typedef struct
{
  guint old_areas;
  guint new_areas;
  guint added;
  guint removed;
  guint unchanged;
  guint modified;
  guint renamed;
  guint moved;
} PdCounts;

typedef enum
{
  PD_COMPARE_FLAGS_NONE = 0,
  PD_COMPARE_FLAGS_NO_WORD_DIFF = 1 << 0,
} PdCompareFlags;

/**
 * PdCompareOptions:
 * @version: %PD_COMPARE_OPTIONS_VERSION
 * @match: options for pairing the areas
 * @flags: %PD_COMPARE_FLAGS_NO_WORD_DIFF decides statuses and which fields
 *   differ but computes no word diffs: every #PdFieldDiff then has @diff
 *   and @items %NULL. For callers that need counts and statuses only
 *   (a log without patches, blame, timelines); such a comparison cannot
 *   be rendered.
 */
typedef struct
{
  guint version;
  PdMatchOptions match;
  PdCompareFlags flags;
} PdCompareOptions;

#define PD_COMPARE_OPTIONS_VERSION 1
#define PD_COMPARE_OPTIONS_INIT                                                \
  { PD_COMPARE_OPTIONS_VERSION, PD_MATCH_OPTIONS_INIT, PD_COMPARE_FLAGS_NONE }

/**
 * pd_comparison_new:
 * @old_document: the earlier version
 * @new_document: the later version
 * @options: (nullable): %NULL for the defaults
 *
 * Compares two versions. Both documents are referenced, not copied.
 *
 * Returns: (transfer full): the comparison; free with pd_comparison_free()
 */
PdComparison *pd_comparison_new (PdDocument             *old_document,
                                 PdDocument             *new_document,
                                 const PdCompareOptions *options) G_GNUC_WARN_UNUSED_RESULT;

void pd_comparison_free (PdComparison *comparison);

PdDocument *pd_comparison_get_old (const PdComparison *comparison);
PdDocument *pd_comparison_get_new (const PdComparison *comparison);

/**
 * pd_comparison_get_n_changes:
 *
 * One change per area of either version: in new-document order, each
 * removed area placed after the area that preceded it in the old one.
 */
guint               pd_comparison_get_n_changes (const PdComparison *comparison);
const PdAreaChange *pd_comparison_get_change    (const PdComparison *comparison,
                                                 guint               index);

/**
 * Differences in the `[Programme]` group. (element-type PdFieldDiff)
 * (transfer none): never %NULL; when there are none, an empty array
 * that may be shared.
 */
GPtrArray          *pd_comparison_get_programme_fields (const PdComparison *comparison);

const PdCounts     *pd_comparison_get_counts    (const PdComparison *comparison);

/**
 * pd_comparison_has_differences:
 *
 * Returns: %TRUE unless every area is unchanged and unmoved and the
 *   `[Programme]` groups are equal
 */
gboolean            pd_comparison_has_differences (const PdComparison *comparison);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdComparison, pd_comparison_free)

G_END_DECLS

#endif /* PD_COMPARE_H */
