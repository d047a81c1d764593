/* pd-history-area.c: the commits of a history that touched one area,
 * followed through its renames (pd_history_log_area()).
 *
 * The area is followed newest first: at each comparison, the change of
 * the area tracked so far says whether the commit touched it, and which
 * ID it had before. A name the area no longer has at the start is first
 * followed forward through the renames, in one more walk. */
#include "config.h"

#include <string.h>

#include <progdiff/progdiff.h>

#include "pd-history-private.h"

typedef struct
{
  const char *spec;       /* ID or title as the caller wrote it */
  char *spec_title;       /* normalised */
  char *tracked;          /* the area's ID in the version being looked at */
  char *start_commit;     /* NULL, or the commit before which nothing is listed */
  gint64 since, until;    /* the caller's dates, checked here: the walk sees all */
  gboolean done;          /* the area's first appearance was passed */
  guint max;              /* 0: no limit */
  guint kept;
  gboolean stopped;       /* max reached: the walk's "error" is not one */
  PdLogFunc func;
  gpointer user_data;
} Follow;

static gboolean
matches (Follow *c, const PdArea *area)
{
  if (area == NULL)
    return FALSE;
  if (c->tracked != NULL)
    return g_str_equal (pd_area_get_id (area), c->tracked);
  g_autofree char *title = pd_match_normalize_title (pd_area_get_title (area));
  return g_str_equal (pd_area_get_id (area), c->spec) || g_str_equal (title, c->spec_title);
}

/* The change of the tracked area in @comparison, or NULL. Until the
 * area is found, the user may have named it as it was before a rename,
 * so the old side counts too; the name it has now comes first. */
static const PdAreaChange *
find_change (Follow *c, const PdComparison *comparison)
{
  guint n = pd_comparison_get_n_changes (comparison);

  for (guint k = 0; k < n; k++)
    {
      const PdAreaChange *ch = pd_comparison_get_change (comparison, k);
      if (matches (c, ch->new_area != NULL ? ch->new_area : ch->old_area))
        return ch;
    }
  for (guint k = 0; c->tracked == NULL && k < n; k++)
    {
      const PdAreaChange *ch = pd_comparison_get_change (comparison, k);
      if (ch->new_area != NULL && matches (c, ch->old_area))
        return ch;
    }
  return NULL;
}

/* One rename or removal seen by resolve_area(): the area's ID and title
 * before, its ID after (NULL: removed), and the commit where it shows.
 * With no old ID, the commit deleted the whole document. */
typedef struct
{
  char *old_id;
  char *old_title;   /* normalised */
  char *new_id;
  char *commit;
} Rename;

static void
rename_clear (gpointer data)
{
  Rename *r = data;

  g_free (r->old_id);
  g_free (r->old_title);
  g_free (r->new_id);
  g_free (r->commit);
}

/* The walk of resolve_area(): renames and removals, newest first. */
typedef struct
{
  GArray *renames;
  const PdCompareOptions *compare;
  PdHistoryGap gap;
  PdDocument *newest;    /* the newest valid version */
} RenameWalk;

static void
add_renames (GArray *renames, const PdComparison *comparison, const char *commit)
{
  for (guint k = 0; k < pd_comparison_get_n_changes (comparison); k++)
    {
      const PdAreaChange *ch = pd_comparison_get_change (comparison, k);
      if (ch->status != PD_AREA_STATUS_RENAMED && ch->status != PD_AREA_STATUS_REMOVED)
        continue;
      Rename r = { g_strdup (pd_area_get_id (ch->old_area)),
                   pd_match_normalize_title (pd_area_get_title (ch->old_area)),
                   ch->new_area != NULL ? g_strdup (pd_area_get_id (ch->new_area)) : NULL,
                   g_strdup (commit) };
      g_array_append_val (renames, r);
    }
}

static gboolean
collect_renames (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  RenameWalk *w = user_data;

  if (w->newest == NULL && entry->new_document != NULL)
    w->newest = pd_document_ref (entry->new_document);
  /* Across invalid versions, what changed shows in the valid one above
   * them, as blame has it. A deletion below them is this entry's own. */
  g_autoptr(PdComparison) across = NULL;
  g_autofree char *top_commit = NULL;
  if (pd_history__gap_step (&w->gap, entry, w->compare, &across, &top_commit)
      == PD_HISTORY_GAP_BRIDGED)
    add_renames (w->renames, across, top_commit);
  if (entry->new_document == NULL && !entry->new_invalid)
    {
      Rename deleted = { NULL, NULL, NULL, g_strdup (entry->commit->id) };
      g_array_append_val (w->renames, deleted);
    }
  else if (entry->comparison != NULL)
    add_renames (w->renames, entry->comparison, entry->commit->id);
  return TRUE;
}

/* --area may name an area as it was before a rename. Following it only
 * from the renaming commit back would miss the commits after it, so when
 * no area of the starting version has that name, one walk first finds
 * the ID the area ended up with, and sets c->tracked to it. Where the
 * area was removed in the end, its last ID may name another area since:
 * then c->start_commit is the removal, and nothing newer is listed. */
static gboolean
resolve_area (PdRepo *repo, const PdLogOptions *log, Follow *c, GError **error)
{
  g_autoptr(PdDocument) start = pd_repo_load_document (repo, log->rev != NULL ? log->rev : "HEAD",
                                                       log->path, NULL, NULL);
  for (guint i = 0; start != NULL && i < pd_document_get_n_areas (start); i++)
    if (matches (c, pd_document_get_area (start, i)))
      return TRUE;

  PdLogOptions all = *log;
  all.max_count = 0;
  all.since = G_MININT64;
  all.until = G_MAXINT64;
  all.compare.flags |= PD_COMPARE_FLAGS_NO_WORD_DIFF;
  g_autoptr(GArray) renames = g_array_new (FALSE, FALSE, sizeof (Rename));
  g_array_set_clear_func (renames, rename_clear);
  RenameWalk w = { renames, &all.compare, { NULL, NULL }, NULL };
  gboolean ok = pd_history_log (repo, &all, collect_renames, &w, error);
  pd_history__gap_clear (&w.gap);
  /* Deleted or invalid at the start: the names of the newest valid
   * version are the current ones. */
  gboolean current = FALSE;
  for (guint i = 0; ok && start == NULL && w.newest != NULL
                    && i < pd_document_get_n_areas (w.newest); i++)
    current = current || matches (c, pd_document_get_area (w.newest, i));
  g_clear_pointer (&w.newest, pd_document_unref);
  if (!ok || current)
    return ok;

  const char *name = NULL;   /* the area's ID once a rename from the spec is found */
  const Rename *removal = NULL;
  for (guint i = renames->len; i-- > 0 && removal == NULL;)   /* oldest first */
    {
      const Rename *r = &g_array_index (renames, Rename, i);
      if (name != NULL && (r->old_id == NULL || g_str_equal (r->old_id, name)))
        {
          if (r->new_id == NULL)
            removal = r;
          else
            name = r->new_id;
        }
      else if (name == NULL && r->new_id != NULL
               && (g_str_equal (r->old_id, c->spec) || g_str_equal (r->old_title, c->spec_title)))
        name = r->new_id;
    }
  c->tracked = g_strdup (name);
  c->start_commit = removal != NULL ? g_strdup (removal->commit) : NULL;
  return TRUE;
}

/* Whether @entry touched the tracked area; moves the tracking one version back. */
static gboolean
touches_area (Follow *c, const PdLogEntry *entry)
{
  if (c->done)
    return FALSE;
  if (c->start_commit != NULL && !g_str_equal (entry->commit->id, c->start_commit))
    return FALSE;
  g_clear_pointer (&c->start_commit, g_free);
  if (entry->comparison == NULL)
    {
      /* The document appeared (or a side is invalid): the area did too, if
       * here. Deleted, it went with the document, if it was there. */
      PdDocument *doc = entry->new_document != NULL ? entry->new_document
                        : !entry->new_invalid      ? entry->old_document
                                                   : NULL;
      gboolean here = FALSE;
      for (guint i = 0; doc != NULL && i < pd_document_get_n_areas (doc); i++)
        here = here || matches (c, pd_document_get_area (doc, i));
      c->done = here && entry->new_document != NULL && entry->old_document == NULL
                && entry->problem == NULL;
      return here;
    }
  const PdAreaChange *ch = find_change (c, entry->comparison);
  if (ch == NULL)
    return FALSE;
  g_free (c->tracked);
  c->tracked = ch->old_area != NULL ? g_strdup (pd_area_get_id (ch->old_area)) : NULL;
  c->done = ch->status == PD_AREA_STATUS_ADDED;
  return ch->status != PD_AREA_STATUS_UNCHANGED;
}

static gboolean
follow_entry (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  Follow *c = user_data;

  if (!touches_area (c, entry))
    return TRUE;
  if (entry->commit->time < c->since || entry->commit->time > c->until)
    return TRUE;
  if (!c->func (entry, c->user_data, error))
    return FALSE;
  if (c->max > 0 && ++c->kept >= c->max)
    {
      /* Enough entries: stop the walk, which wants an error for it. */
      c->stopped = TRUE;
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FAILED, "stopped");
      return FALSE;
    }
  return TRUE;
}

gboolean
pd_history_log_area (PdRepo             *repo,
                     const PdLogOptions *options,
                     const char         *area,
                     PdLogFunc           func,
                     gpointer            user_data,
                     GError            **error)
{
  g_return_val_if_fail (repo != NULL && options != NULL && options->path != NULL, FALSE);
  g_return_val_if_fail (area != NULL && func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *spec_title = pd_match_normalize_title (area);
  /* The area is followed through every commit, the renames outside
   * --since and --until included (and their dates need not run in
   * order): the dates, and the count, are checked as commits are listed. */
  Follow c = { .spec = area, .spec_title = spec_title, .since = options->since,
               .until = options->until, .max = options->max_count, .func = func,
               .user_data = user_data };
  PdLogOptions walk = *options;
  walk.max_count = 0;
  walk.since = G_MININT64;
  walk.until = G_MAXINT64;

  gboolean ok = resolve_area (repo, options, &c, error);
  g_autoptr(GError) walk_error = NULL;
  ok = ok && pd_history_log (repo, &walk, follow_entry, &c, &walk_error);
  g_free (c.tracked);
  g_free (c.start_commit);
  if (c.stopped)
    return TRUE;
  if (walk_error != NULL)
    g_propagate_error (error, g_steal_pointer (&walk_error));
  return ok;
}
