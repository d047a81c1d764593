/* pd-timeline.h: an areas × versions matrix.
 *
 * Versions are added oldest first; each is compared with the one before
 * it by the rules of pd-compare.h, and a row follows an area through
 * renames and ID changes.
 */
#ifndef PD_TIMELINE_H
#define PD_TIMELINE_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>
#include <progdiff/pd-compare.h>

G_BEGIN_DECLS

typedef enum
{
  PD_CELL_ABSENT,
  PD_CELL_ADDED,
  PD_CELL_UNCHANGED,
  PD_CELL_CHANGED,
  PD_CELL_RENAMED,
  PD_CELL_REMOVED,
} PdCell;

/** Returns: (transfer none): "absent", "added", "unchanged", "changed", "renamed" or "removed" */
const char *pd_cell_to_string (PdCell cell);

/**
 * PdTimelineVersion:
 * @label: a short name for the column (e.g. "IPCP 2020" or a short commit id)
 * @commit: (nullable): the full commit id when the version came from git
 * @file: (nullable): the file name when it came from a file
 * @version: (nullable): the document's `Version`; %NULL where it was deleted
 * @date: (nullable): the document's `Date`
 * @document: (nullable): the document; %NULL where it was deleted
 */
typedef struct
{
  const char *label;
  const char *commit;
  const char *file;
  const char *version;
  const char *date;
  PdDocument *document;
} PdTimelineVersion;

/**
 * PdTimelineRow:
 * @id: the area's ID in the latest version that has it
 * @title: its title there
 * @cells: (array length=n_versions): one cell per version
 */
typedef struct
{
  const char *id;
  const char *title;
  const PdCell *cells;
} PdTimelineRow;

typedef struct PdTimeline PdTimeline;

/**
 * pd_timeline_new:
 * @options: (nullable): how consecutive versions are compared
 *
 * Returns: (transfer full): an empty timeline; free with pd_timeline_free()
 */
PdTimeline *pd_timeline_new (const PdCompareOptions *options) G_GNUC_WARN_UNUSED_RESULT;
void        pd_timeline_free (PdTimeline *timeline);

/**
 * pd_timeline_add:
 * @timeline: a timeline
 * @document: (nullable): the next version (referenced), or %NULL for a
 *   version without the document (a commit that deleted the file)
 * @label: its column label
 * @commit: (nullable): its commit id
 * @file: (nullable): its file name
 *
 * Appends a version. In the first version every area is "added". Where
 * the document was deleted every area there before is "removed", and a
 * version after that is compared with the last one that had it.
 */
void pd_timeline_add (PdTimeline *timeline,
                      PdDocument *document,
                      const char *label,
                      const char *commit,
                      const char *file);

guint                    pd_timeline_get_n_versions (const PdTimeline *timeline);
const PdTimelineVersion *pd_timeline_get_version    (const PdTimeline *timeline,
                                                     guint             index);
/** Rows in order of first appearance, then document order. */
guint                    pd_timeline_get_n_rows     (const PdTimeline *timeline);
const PdTimelineRow     *pd_timeline_get_row        (const PdTimeline *timeline,
                                                     guint             index);

/**
 * pd_timeline_sort_documents:
 * @documents: (element-type PdDocument): documents to order in place
 *
 * Orders documents oldest first: a document comes after the one its
 * `Supersedes` names (`ID@VERSION`), otherwise by `Date` (undated last),
 * then by name.
 */
void pd_timeline_sort_documents (GPtrArray *documents);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTimeline, pd_timeline_free)

G_END_DECLS

#endif /* PD_TIMELINE_H */
