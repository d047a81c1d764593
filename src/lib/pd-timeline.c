/* pd-timeline.c: an areas × versions matrix built one version at a time.
 *
 * Only the previous version's row map is kept between additions, so a
 * long series of versions costs one comparison each and the cells.
 */
#include "config.h"

#include <string.h>

#include <progdiff/progdiff.h>
#include <progdiff/pd-timeline.h>

typedef struct
{
  char *id;
  char *title;
  GArray *cells;   /* PdCell */
} Row;

struct PdTimeline
{
  PdCompareOptions options;
  GArray *versions;        /* PdTimelineVersion, strings owned below */
  GPtrArray *rows;         /* Row */
  GArray *public_rows;     /* PdTimelineRow views, rebuilt on demand */
  GStringChunk *strings;
  guint *row_of_area;      /* for the latest version: area index -> row */
};

const char *
pd_cell_to_string (PdCell cell)
{
  static const char *const names[] = { "absent", "added", "unchanged",
                                       "changed", "renamed", "removed" };

  return cell <= PD_CELL_REMOVED ? names[cell] : "unknown";
}

static void
row_free (Row *row)
{
  g_free (row->id);
  g_free (row->title);
  g_array_unref (row->cells);
  g_free (row);
}

PdTimeline *
pd_timeline_new (const PdCompareOptions *options)
{
  PdTimeline *t = g_new0 (PdTimeline, 1);
  PdCompareOptions defaults = PD_COMPARE_OPTIONS_INIT;

  t->options = options != NULL ? *options : defaults;
  /* Cells need statuses only, not the word diffs. */
  t->options.flags |= PD_COMPARE_FLAGS_NO_WORD_DIFF;
  t->versions = g_array_new (FALSE, TRUE, sizeof (PdTimelineVersion));
  t->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  t->public_rows = g_array_new (FALSE, TRUE, sizeof (PdTimelineRow));
  t->strings = g_string_chunk_new (1024);
  return t;
}

void
pd_timeline_free (PdTimeline *timeline)
{
  if (timeline == NULL)
    return;
  for (guint i = 0; i < timeline->versions->len; i++)
    g_clear_pointer (&g_array_index (timeline->versions, PdTimelineVersion, i).document,
                     pd_document_unref);
  g_array_unref (timeline->versions);
  g_ptr_array_unref (timeline->rows);
  g_array_unref (timeline->public_rows);
  g_string_chunk_free (timeline->strings);
  g_free (timeline->row_of_area);
  g_free (timeline);
}

static const char *
keep (PdTimeline *t, const char *s)
{
  return s != NULL ? g_string_chunk_insert_const (t->strings, s) : NULL;
}

/* A new row for @area, absent in every earlier version. */
static guint
new_row (PdTimeline *t, const PdArea *area)
{
  Row *row = g_new0 (Row, 1);
  PdCell absent = PD_CELL_ABSENT;

  row->id = g_strdup (pd_area_get_id (area));
  row->title = g_strdup (pd_area_get_title (area));
  row->cells = g_array_new (FALSE, FALSE, sizeof (PdCell));
  for (guint v = 0; v + 1 < t->versions->len; v++)
    g_array_append_val (row->cells, absent);
  g_array_append_val (row->cells, absent);
  g_ptr_array_add (t->rows, row);
  return t->rows->len - 1;
}

static void
set_cell (PdTimeline *t, guint row_index, PdCell cell, const PdArea *area)
{
  Row *row = t->rows->pdata[row_index];

  g_array_index (row->cells, PdCell, row->cells->len - 1) = cell;
  if (area != NULL)
    {
      g_free (row->id);
      g_free (row->title);
      row->id = g_strdup (pd_area_get_id (area));
      row->title = g_strdup (pd_area_get_title (area));
    }
}

static PdCell
cell_for (PdAreaStatus status)
{
  switch (status)
    {
    case PD_AREA_STATUS_UNCHANGED: return PD_CELL_UNCHANGED;
    case PD_AREA_STATUS_MODIFIED: return PD_CELL_CHANGED;
    case PD_AREA_STATUS_RENAMED: return PD_CELL_RENAMED;
    case PD_AREA_STATUS_ADDED: return PD_CELL_ADDED;
    case PD_AREA_STATUS_REMOVED: return PD_CELL_REMOVED;
    default: return PD_CELL_ABSENT;
    }
}

/* A version without the document: whatever the one before had is gone. */
static void
remove_all (PdTimeline *t)
{
  if (t->versions->len < 2)
    return;
  for (guint r = 0; r < t->rows->len; r++)
    {
      Row *row = t->rows->pdata[r];
      PdCell before = g_array_index (row->cells, PdCell, row->cells->len - 2);
      if (before != PD_CELL_ABSENT && before != PD_CELL_REMOVED)
        set_cell (t, r, PD_CELL_REMOVED, NULL);
    }
}

/* Files the cells of @document against the previous version; @returning
 * when the version just before had no document: an area that comes
 * back keeps its row but is "added" again. */
static void
add_cells (PdTimeline *t, PdDocument *previous, PdDocument *document, gboolean returning)
{
  guint n = pd_document_get_n_areas (document);
  guint *row_of_area = g_new (guint, n + 1);

  if (previous == NULL)
    for (guint i = 0; i < n; i++)
      {
        row_of_area[i] = new_row (t, pd_document_get_area (document, i));
        set_cell (t, row_of_area[i], PD_CELL_ADDED, NULL);
      }
  else
    {
      g_autoptr(PdComparison) cmp = pd_comparison_new (previous, document, &t->options);
      for (guint k = 0; k < pd_comparison_get_n_changes (cmp); k++)
        {
          const PdAreaChange *c = pd_comparison_get_change (cmp, k);
          if (returning && c->new_area == NULL)
            continue;
          guint row = c->old_area != NULL
                        ? t->row_of_area[pd_area_get_index (c->old_area)]
                        : new_row (t, c->new_area);
          set_cell (t, row, returning ? PD_CELL_ADDED : cell_for (c->status), c->new_area);
          if (c->new_area != NULL)
            row_of_area[pd_area_get_index (c->new_area)] = row;
        }
    }
  g_free (t->row_of_area);
  t->row_of_area = row_of_area;
}

void
pd_timeline_add (PdTimeline *timeline,
                 PdDocument *document,
                 const char *label,
                 const char *commit,
                 const char *file)
{
  g_return_if_fail (timeline != NULL && label != NULL);

  gboolean returning = timeline->versions->len > 0
                       && g_array_index (timeline->versions, PdTimelineVersion,
                                         timeline->versions->len - 1).document == NULL;
  /* After a deletion, the last version that had the document. */
  PdDocument *previous = NULL;
  for (guint i = timeline->versions->len; i-- > 0 && previous == NULL;)
    previous = g_array_index (timeline->versions, PdTimelineVersion, i).document;
  PdTimelineVersion v = {
    keep (timeline, label), keep (timeline, commit), keep (timeline, file),
    document != NULL ? keep (timeline, pd_document_get_version (document)) : NULL,
    document != NULL ? keep (timeline, pd_document_get_date (document)) : NULL,
    document != NULL ? pd_document_ref (document) : NULL,
  };
  g_array_append_val (timeline->versions, v);

  PdCell absent = PD_CELL_ABSENT;
  for (guint r = 0; r < timeline->rows->len; r++)
    g_array_append_val (((Row *) timeline->rows->pdata[r])->cells, absent);
  if (document != NULL)
    add_cells (timeline, previous, document, returning);
  else
    remove_all (timeline);
}

guint
pd_timeline_get_n_versions (const PdTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, 0);
  return timeline->versions->len;
}

const PdTimelineVersion *
pd_timeline_get_version (const PdTimeline *timeline,
                         guint             index)
{
  g_return_val_if_fail (timeline != NULL && index < timeline->versions->len, NULL);
  return &g_array_index (timeline->versions, PdTimelineVersion, index);
}

guint
pd_timeline_get_n_rows (const PdTimeline *timeline)
{
  g_return_val_if_fail (timeline != NULL, 0);
  return timeline->rows->len;
}

const PdTimelineRow *
pd_timeline_get_row (const PdTimeline *timeline,
                     guint             index)
{
  g_return_val_if_fail (timeline != NULL && index < timeline->rows->len, NULL);

  /* Views are refreshed on each call: rows change as versions are added. */
  PdTimeline *t = (PdTimeline *) timeline;
  if (t->public_rows->len != t->rows->len)
    g_array_set_size (t->public_rows, t->rows->len);
  Row *row = t->rows->pdata[index];
  PdTimelineRow *view = &g_array_index (t->public_rows, PdTimelineRow, index);
  view->id = row->id;
  view->title = row->title;
  view->cells = (const PdCell *) row->cells->data;
  return view;
}

/* Undated documents sort after dated ones; ISO dates compare as text. */
static int
compare_dates (PdDocument *a, PdDocument *b)
{
  const char *x = pd_document_get_date (a), *y = pd_document_get_date (b);

  if (x == NULL || y == NULL)
    return (x == NULL) - (y == NULL);
  int by_date = strcmp (x, y);
  return by_date != 0 ? by_date : strcmp (pd_document_get_name (a), pd_document_get_name (b));
}

static int
find_superseded (GPtrArray *documents, PdDocument *doc)
{
  const char *supersedes = pd_document_get_supersedes (doc);

  for (guint j = 0; supersedes != NULL && j < documents->len; j++)
    {
      PdDocument *other = documents->pdata[j];
      g_autofree char *key = g_strdup_printf ("%s@%s", pd_document_get_id (other),
                                              pd_document_get_version (other));
      if (other != doc && g_str_equal (key, supersedes))
        return (int) j;
    }
  return -1;
}

void
pd_timeline_sort_documents (GPtrArray *documents)
{
  g_return_if_fail (documents != NULL);

  guint n = documents->len;
  g_autofree int *pred = g_new (int, n + 1);
  g_autofree gboolean *placed = g_new0 (gboolean, n + 1);
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    pred[i] = find_superseded (documents, documents->pdata[i]);
  /* Topological order by Supersedes, earliest date first among the
   * documents that are free to go; a cycle falls back to dates. */
  while (sorted->len < n)
    {
      int best = -1, fallback = -1;
      for (guint i = 0; i < n; i++)
        {
          if (placed[i])
            continue;
          if (fallback < 0 || compare_dates (documents->pdata[i], documents->pdata[fallback]) < 0)
            fallback = i;
          if ((pred[i] < 0 || placed[pred[i]])
              && (best < 0 || compare_dates (documents->pdata[i], documents->pdata[best]) < 0))
            best = i;
        }
      int pick = best >= 0 ? best : fallback;
      placed[pick] = TRUE;
      g_ptr_array_add (sorted, documents->pdata[pick]);
    }
  memcpy (documents->pdata, sorted->pdata, sizeof (gpointer) * n);
}
