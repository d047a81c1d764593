/* pd-history.h: a programme's history in git, area by area.
 *
 * The walk follows first parents from a starting revision, newest first,
 * and yields each commit whose version of the document differs from its
 * parent's. Blob ids are compared before anything is read, and parsed
 * documents are cached by blob id with a fixed bound, so memory does not
 * grow with the length of the history.
 */
#ifndef PD_HISTORY_H
#define PD_HISTORY_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>
#include <progdiff/pd-compare.h>
#include <progdiff/pd-repo.h>

G_BEGIN_DECLS

/**
 * PdCommitInfo:
 * @id: the full hexadecimal commit id
 * @short_id: its first 7 characters (more if needed to be unambiguous)
 * @time: committer time, seconds since the epoch (UTC)
 * @offset: the committer's time-zone offset in minutes
 * @author: the author's name, valid UTF-8, no control characters
 * @subject: the first line of the message, valid UTF-8, no control characters
 *
 * Borrowed; valid during the callback that receives it.
 */
typedef struct
{
  const char *id;
  const char *short_id;
  gint64 time;
  int offset;
  const char *author;
  const char *subject;
} PdCommitInfo;

/**
 * PdLogEntry:
 * @commit: the commit
 * @path: the document's path in this commit (it differs from the
 *   requested one after a followed rename)
 * @old_document: (nullable): the parent's version, named
 *   "SHORT_ID^:PATH"; %NULL when the commit added the document, or the
 *   parent's version is not a valid document
 * @new_document: (nullable): this commit's version, named
 *   "SHORT_ID:PATH"; %NULL when the commit deleted it or it is not valid
 * @comparison: (nullable): @old_document against @new_document, when both exist
 * @problem: (nullable): why a version could not be read, e.g. the
 *   first diagnostic of an invalid document, which starts with the
 *   version's name
 * @new_invalid: whether @problem is this commit's version's (the commit
 *   left an invalid document) rather than its parent's
 * @boundary: the commit is where a shallow clone's history begins: its
 *   parent is not in the repository, so with no @old_document the
 *   document may well be older than the commit
 *
 * One commit that changed the document. Borrowed for the callback.
 */
typedef struct
{
  const PdCommitInfo *commit;
  const char *path;
  PdDocument *old_document;
  PdDocument *new_document;
  const PdComparison *comparison;
  const char *problem;
  gboolean new_invalid;
  gboolean boundary;
} PdLogEntry;

/* Returns FALSE with @error set to stop the walk. */
typedef gboolean (*PdLogFunc) (const PdLogEntry *entry,
                               gpointer          user_data,
                               GError          **error);

/* Called about every 256 commits, and at the end. */
typedef void (*PdProgressFunc) (guint    commits_walked,
                                guint    versions_found,
                                gpointer user_data);

/**
 * PdLogOptions:
 * @version: %PD_LOG_OPTIONS_VERSION
 * @rev: (nullable): where to start; %NULL for HEAD
 * @path: the document's path from the top of the tree, or, when it
 *   starts with "./" or "../", from the current directory (which must
 *   be inside the repository's work tree)
 * @follow: follow renames of the file itself (a commit that deletes
 *   @path and adds a file with the same blob, or an 80% similar one)
 * @since: only commits at or after this time (seconds); %G_MININT64 for all
 * @until: only commits at or before this time; %G_MAXINT64 for all
 * @max_count: stop after this many entries; 0 for no limit
 * @compare: options for the comparisons
 * @progress: (nullable): progress callback
 * @progress_data: its data
 */
typedef struct
{
  guint version;
  const char *rev;
  const char *path;
  gboolean follow;
  gint64 since;
  gint64 until;
  guint max_count;
  PdCompareOptions compare;
  PdProgressFunc progress;
  gpointer progress_data;
} PdLogOptions;

#define PD_LOG_OPTIONS_VERSION 1
#define PD_LOG_OPTIONS_INIT                                                    \
  { PD_LOG_OPTIONS_VERSION, NULL, NULL, FALSE, G_MININT64, G_MAXINT64, 0,      \
    PD_COMPARE_OPTIONS_INIT, NULL, NULL }

/**
 * pd_history_log:
 * @repo: an open repository
 * @options: what to walk; @options->path is required
 * @func: called for each commit that changed the document, newest first
 * @user_data: passed to @func
 * @error: return location for a #GError, or %NULL
 *
 * Walks the first-parent history. At a merge only the first parent is
 * followed, so changes brought in by a merge show at the merge commit.
 * In a shallow clone the walk stops at the shallow boundary and the last
 * commit is treated as the root.
 *
 * Errors: %PD_ERROR_NOT_FOUND for an unknown revision, or when @path
 * never existed in the walked history; %PD_ERROR_GIT for a corrupt
 * repository; whatever @func sets.
 *
 * Returns: %TRUE when the walk completed
 */
gboolean pd_history_log (PdRepo             *repo,
                         const PdLogOptions *options,
                         PdLogFunc           func,
                         gpointer            user_data,
                         GError            **error);

/**
 * pd_history_log_area:
 * @repo: an open repository
 * @options: as for pd_history_log(); @options->max_count counts the
 *   commits handed to @func
 * @area: the area's ID or title at @options->rev, or an ID or title it
 *   had before a rename (titles compare as pd_match_normalize_title() makes them)
 * @func: called for each commit that touched the area, newest first
 * @user_data: passed to @func
 * @error: return location for a #GError, or %NULL
 *
 * Like pd_history_log(), for the commits that added, modified, renamed,
 * moved or removed one area (the whole document's deletion included),
 * following it back through renames by the matching rules, across
 * invalid versions by ID. The walk sees every commit, so that renames
 * outside @options->since and until are followed too; the dates only
 * choose which commits reach @func. A name that is no area's at
 * @options->rev (or, where the document is deleted or invalid there, in
 * its newest valid version) is first followed forward through the
 * renames, in one more walk (@options->progress then counts twice);
 * when the area it leads to was removed, nothing newer than the removal
 * is listed, even if another area took its ID later. The removal itself
 * is listed when a comparison or the document's deletion shows it, not
 * when it happened across invalid versions. A name no area had gives no
 * commit, and no error.
 *
 * Errors: as for pd_history_log().
 *
 * Returns: %TRUE when the walk completed (or reached @options->max_count)
 */
gboolean pd_history_log_area (PdRepo             *repo,
                              const PdLogOptions *options,
                              const char         *area,
                              PdLogFunc           func,
                              gpointer            user_data,
                              GError            **error);

/**
 * PdBlameStamp:
 * @commit: (nullable): full commit id, %NULL when unknown
 * @short_id: (nullable): abbreviated id
 * @time: committer time in seconds since the epoch
 * @version: (nullable): the document's `Version` in that commit
 */
typedef struct
{
  const char *commit;
  const char *short_id;
  gint64 time;
  const char *version;
} PdBlameStamp;

/**
 * PdBlameRow:
 * @area: the area in the blamed version (owned by the blame's document)
 * @introduced: the commit where the area first appeared, following it
 *   back through renames and ID changes by the matching rules
 * @last_changed: the newest commit that added, modified or renamed it
 * @changes: how many commits added, modified or renamed it
 */
typedef struct
{
  const PdArea *area;
  PdBlameStamp introduced;
  PdBlameStamp last_changed;
  guint changes;
} PdBlameRow;

typedef struct PdBlame PdBlame;

/**
 * pd_history_blame:
 * @repo: an open repository
 * @options: as for pd_history_log(); @options->max_count, since and until
 *   are ignored
 * @error: return location for a #GError, or %NULL
 *
 * For each area of the document at @options->rev, finds where it came
 * from. Across versions that are not valid documents, the valid versions
 * on either side are compared, and a change between them is charged to
 * the newer one. Errors as for pd_history_log(), and %PD_ERROR_NOT_FOUND
 * when the document does not exist (or is not valid) at that revision.
 *
 * Returns: (transfer full) (nullable): free with pd_blame_free()
 */
PdBlame *pd_history_blame (PdRepo             *repo,
                           const PdLogOptions *options,
                           GError            **error) G_GNUC_WARN_UNUSED_RESULT;

void              pd_blame_free         (PdBlame *blame);
/** Returns: (transfer none): the blamed version of the document */
PdDocument       *pd_blame_get_document (const PdBlame *blame);
/** Rows in the document's area order. */
guint             pd_blame_get_n_rows   (const PdBlame *blame);
const PdBlameRow *pd_blame_get_row      (const PdBlame *blame,
                                         guint          index);
/**
 * pd_blame_get_shallow_boundary:
 * @blame: a blame
 *
 * Returns: (nullable): the commit where a shallow clone's history begins,
 *   when the walk reached it with the document there (valid or not);
 *   %NULL otherwise.
 *   An area dated to where that history starts (the boundary, or the first
 *   valid version after it when the boundary's is invalid) may be older;
 *   that start is not counted as a change, since what came before is
 *   unknown
 */
const PdBlameStamp *pd_blame_get_shallow_boundary (const PdBlame *blame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdBlame, pd_blame_free)

G_END_DECLS

#endif /* PD_HISTORY_H */
