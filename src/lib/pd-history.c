/* pd-history.c: walk a document's first-parent history with libgit2.
 *
 * Each step compares blob ids taken from the trees, so a commit that did
 * not touch the document costs one tree lookup and no blob read. The
 * versions the entries need are read and parsed on other threads while
 * the walk goes on (see "loading ahead"); the walk holds the entry it
 * hands over, at most LOOKAHEAD more and their documents (fewer when
 * they are large), so memory stays flat however long the history is. Shallow clones are walked by hand up to their
 * boundary (libgit2 1.5's revwalk fails there, shared notes L3).
 */
#include "config.h"

#include <string.h>

#include "pd-document-private.h"
#include "pd-escape-private.h"
#include "pd-git-private.h"
#include "pd-history-private.h"

#define PROGRESS_EVERY 256

/* ---- loading ahead ----
 *
 * Reading a version is most of a walk's time: libgit2 re-hashes every
 * blob with collision-detecting SHA-1 (strict verification, which stays
 * on: shared notes L6), then the document is parsed. So the walk runs up
 * to LOOKAHEAD entries ahead of the one it hands to the caller, and
 * LOADERS threads, each with its own git_repository (L13), read and
 * parse the versions those entries need in the meantime. Entries still
 * reach the callback in order, on the calling thread, and each version
 * is read once however many entries share it.
 */
#define LOOKAHEAD 16
#define LOADERS 2
/* Fewer entries ahead when their versions are large: the blobs wanted
 * and not yet released stay under this many bytes (but one entry is
 * always let through), so a history of huge documents holds no more of
 * them than a walk without looking ahead would. */
#define LOOKAHEAD_BYTES (64u << 20)

static guint64 lookahead_bytes = LOOKAHEAD_BYTES;

void
pd_history__set_lookahead_bytes (guint64 bytes)
{
  lookahead_bytes = bytes;
}

/* One version to read. The walk's thread owns the table and @users;
 * @ref_count is shared with the loader that has it queued. */
typedef struct
{
  gint ref_count;
  guint users;              /* pending entries that need it */
  gsize size;               /* of the blob, from its header; 0 if unknown */
  git_oid id;
  char *name;               /* for messages: "abc1234:path" */
  gboolean done;            /* under Loads.lock */
  PdDocument *document;     /* NULL: not a valid document */
  char *problem;
  GError *error;            /* the repository could not be read */
} Load;

typedef struct
{
  PdRepo *repo;             /* the walk's, for reading without threads */
  guint64 bytes;            /* size of the blobs in by_id */
  GMutex lock;
  GCond done;
  GAsyncQueue *queue;       /* Load to read; &stop ends a loader */
  GHashTable *by_id;        /* git_oid -> Load, while an entry needs it */
  PdRepo *repos[LOADERS];
  GThread *threads[LOADERS];
  guint n_threads;
  gboolean started;
  gint stopping;            /* loaders skip what is left */
} Loads;

/* The marker that ends a loader. */
static char stop;

static void
load_unref (Load *load)
{
  if (!g_atomic_int_dec_and_test (&load->ref_count))
    return;
  g_clear_pointer (&load->document, pd_document_unref);
  g_free (load->problem);
  g_clear_error (&load->error);
  g_free (load->name);
  g_free (load);
}

/* Reads and parses @load's blob; an invalid document is a problem, not
 * an error. */
static void
load_read (PdRepo *repo, Load *load)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) diagnostics
      = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);

  load->document = pd_repo__load_blob (repo, &load->id, load->name, diagnostics, &local);
  if (load->document != NULL)
    return;
  if (g_error_matches (local, PD_ERROR, PD_ERROR_INVALID_DOCUMENT)
      || g_error_matches (local, PD_ERROR, PD_ERROR_TOO_LARGE))
    load->problem = g_strdup (local->message);
  else
    load->error = g_steal_pointer (&local);
}

typedef struct
{
  Loads *loads;
  PdRepo *repo;
} LoaderArgs;

static gpointer
loader_run (gpointer data)
{
  Loads *loads = ((LoaderArgs *) data)->loads;
  PdRepo *repo = ((LoaderArgs *) data)->repo;

  g_free (data);
  for (;;)
    {
      gpointer item = g_async_queue_pop (loads->queue);
      if (item == &stop)
        return NULL;
      Load *load = item;
      if (!g_atomic_int_get (&loads->stopping))
        load_read (repo, load);
      g_mutex_lock (&loads->lock);
      load->done = TRUE;
      g_cond_broadcast (&loads->done);
      g_mutex_unlock (&loads->lock);
      load_unref (load);
    }
}

/* Object ids are SHA-1 hashes: their first bytes hash well enough. */
static guint
oid_hash (gconstpointer id)
{
  guint hash;

  memcpy (&hash, ((const git_oid *) id)->id, sizeof hash);
  return hash;
}

static gboolean
oid_equal (gconstpointer a, gconstpointer b)
{
  return git_oid_equal (a, b);
}

static void
loads_init (Loads *loads, PdRepo *repo)
{
  memset (loads, 0, sizeof *loads);
  loads->repo = repo;
  g_mutex_init (&loads->lock);
  g_cond_init (&loads->done);
  loads->queue = g_async_queue_new ();
  loads->by_id = g_hash_table_new (oid_hash, oid_equal);
}

/* Opens a repository and starts a thread per loader, on first use; with
 * one processor, or when that fails, versions are read on demand. */
static void
loads_start (Loads *loads)
{
  loads->started = TRUE;
  if (g_get_num_processors () < 2)
    return;
  for (guint i = 0; i < LOADERS; i++)
    {
      PdRepo *repo = pd_repo__open_again (loads->repo, NULL);
      if (repo == NULL)
        break;
      LoaderArgs *args = g_new (LoaderArgs, 1);
      *args = (LoaderArgs) { loads, repo };
      GThread *thread = g_thread_try_new ("progdiff-load", loader_run, args, NULL);
      if (thread == NULL)
        {
          g_free (args);
          pd_repo_free (repo);
          break;
        }
      loads->repos[loads->n_threads] = repo;
      loads->threads[loads->n_threads++] = thread;
    }
}

static void
loads_clear (Loads *loads)
{
  g_atomic_int_set (&loads->stopping, 1);
  for (guint i = 0; i < loads->n_threads; i++)
    g_async_queue_push (loads->queue, &stop);
  for (guint i = 0; i < loads->n_threads; i++)
    {
      g_thread_join (loads->threads[i]);
      pd_repo_free (loads->repos[i]);
    }
  g_async_queue_unref (loads->queue);
  g_hash_table_unref (loads->by_id);
  g_mutex_clear (&loads->lock);
  g_cond_clear (&loads->done);
}

/* The size a blob's header gives, or 0 (reading it will say why). */
static gsize
blob_size (PdRepo *repo, const git_oid *id)
{
  g_autoptr(git_odb) odb = NULL;
  size_t size = 0;
  git_object_t type;

  if (git_repository_odb (&odb, pd_repo__get_git (repo)) < 0
      || git_odb_read_header (&size, &type, odb, id) < 0)
    {
      git_error_clear ();
      return 0;
    }
  return size;
}

/* The load of blob @id for one more entry, queued when new. */
static Load *
loads_request (Loads *loads, const git_oid *id, const char *name)
{
  Load *load = g_hash_table_lookup (loads->by_id, id);

  if (load != NULL)
    {
      load->users++;
      return load;
    }
  if (!loads->started)
    loads_start (loads);
  load = g_new0 (Load, 1);
  load->ref_count = 1;
  load->users = 1;
  git_oid_cpy (&load->id, id);
  load->size = blob_size (loads->repo, id);
  loads->bytes += load->size;
  load->name = g_strdup (name);
  g_hash_table_insert (loads->by_id, &load->id, load);
  if (loads->n_threads > 0)
    {
      g_atomic_int_inc (&load->ref_count);
      g_async_queue_push (loads->queue, load);
    }
  return load;
}

/* Waits for @load (reading it here when there are no loaders). */
static void
loads_wait (Loads *loads, Load *load)
{
  if (loads->n_threads == 0)
    {
      if (!load->done)
        load_read (loads->repo, load);
      load->done = TRUE;
      return;
    }
  g_mutex_lock (&loads->lock);
  while (!load->done)
    g_cond_wait (&loads->done, &loads->lock);
  g_mutex_unlock (&loads->lock);
}

/* One entry no longer needs @load. */
static void
loads_release (Loads *loads, Load *load)
{
  if (load == NULL || --load->users > 0)
    return;
  loads->bytes -= load->size;
  g_hash_table_remove (loads->by_id, &load->id);
  load_unref (load);
}

/* One version of the document: its blob in some commit, if any. */
typedef struct
{
  gboolean present;
  git_oid blob;
  char *path;
} Version;

typedef struct
{
  PdRepo *repo;
  const PdLogOptions *options;
  GHashTable *shallow;      /* hex ids of the shallow boundary, or NULL */
  Loads loads;
  GQueue pending;           /* Step, oldest-found first */
  guint walked;
  guint found;
} Walk;

static void
version_clear (Version *v)
{
  g_clear_pointer (&v->path, g_free);
  v->present = FALSE;
}

/* libgit2 1.5 cannot walk past a shallow boundary (L3): read the list. */
static GHashTable *
read_shallow (PdRepo *repo)
{
  git_repository *git = pd_repo__get_git (repo);

  if (git_repository_is_shallow (git) != 1)
    return NULL;
  g_autofree char *file = g_build_filename (git_repository_path (git), "shallow", NULL);
  g_autofree char *text = NULL;
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_file_get_contents (file, &text, NULL, NULL))
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      for (char **l = lines; *l != NULL; l++)
        if (strlen (*l) >= GIT_OID_HEXSZ)
          g_hash_table_add (ids, g_strndup (*l, GIT_OID_HEXSZ));
    }
  return ids;
}

/* Commit metadata is not validated by libgit2 (L12): convert from the
 * declared encoding, repair bad UTF-8, make controls visible. */
static char *
clean_text (const char *text, const char *encoding)
{
  g_autofree char *converted = NULL;

  if (text == NULL)
    return g_strdup ("");
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0
      && g_ascii_strcasecmp (encoding, "UTF8") != 0)
    converted = g_convert_with_fallback (text, -1, "UTF-8", encoding, "?", NULL, NULL, NULL);
  g_autofree char *valid = g_utf8_make_valid (converted != NULL ? converted : text, -1);
  return pd_escape__visible (valid, -1);
}

typedef struct
{
  char id[GIT_OID_HEXSZ + 1];
  char short_id[GIT_OID_HEXSZ + 1];
  char *author;
  char *subject;
  PdCommitInfo info;
} CommitText;

/* The shortest unambiguous id of @commit, as git abbreviates it; finding
 * it searches the object database, so it is done once per entry. */
static void
commit_short_id (git_commit *commit, char short_id[GIT_OID_HEXSZ + 1])
{
  git_buf buf = GIT_BUF_INIT;

  if (git_object_short_id (&buf, (const git_object *) commit) == 0)
    g_strlcpy (short_id, buf.ptr, GIT_OID_HEXSZ + 1);
  else
    git_oid_tostr (short_id, 8, git_commit_id (commit));
  git_buf_dispose (&buf);
}

static void
commit_text_init (CommitText *t, git_commit *commit, const char *short_id)
{
  const git_signature *author = git_commit_author (commit);
  const char *encoding = git_commit_message_encoding (commit);

  git_oid_tostr (t->id, sizeof t->id, git_commit_id (commit));
  g_strlcpy (t->short_id, short_id, sizeof t->short_id);
  t->author = clean_text (author != NULL ? author->name : NULL, encoding);
  t->subject = clean_text (git_commit_summary (commit), encoding);
  t->info.id = t->id;
  t->info.short_id = t->short_id;
  t->info.time = git_commit_time (commit);
  t->info.offset = git_commit_time_offset (commit);
  t->info.author = t->author;
  t->info.subject = t->subject;
}

static void
commit_text_clear (CommitText *t)
{
  g_free (t->author);
  g_free (t->subject);
}

/* The document's version at @path in @commit. */
static gboolean
version_at (git_commit *commit, const char *path, Version *out, GError **error)
{
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(GError) local = NULL;
  int rc = git_commit_tree (&tree, commit);

  if (rc < 0)
    return pd_git__set_error (error, rc, "cannot read a commit's tree");
  out->path = g_strdup (path);
  out->present = pd_repo__find_blob (tree, path, &out->blob, &local);
  /* A directory or submodule in the document's place counts as absent. */
  if (!out->present && !g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND)
      && !g_error_matches (local, PD_ERROR, PD_ERROR_INVALID_DOCUMENT))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

/* Where @commit got the file it has at @path, if it renamed one from
 * @parent: git's rename detection (50% similar) over the two trees. */
static char *
rename_source (git_repository *git, git_commit *parent, git_commit *commit, const char *path)
{
  g_autoptr(git_tree) old_tree = NULL, new_tree = NULL;
  git_diff *diff = NULL;
  char *source = NULL;

  if (git_commit_tree (&old_tree, parent) < 0 || git_commit_tree (&new_tree, commit) < 0
      || git_diff_tree_to_tree (&diff, git, old_tree, new_tree, NULL) < 0)
    return NULL;
  git_diff_find_options find;
  git_diff_find_options_init (&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar (diff, &find) == 0)
    for (size_t i = 0; i < git_diff_num_deltas (diff) && source == NULL; i++)
      {
        const git_diff_delta *delta = git_diff_get_delta (diff, i);
        if (delta->status == GIT_DELTA_RENAMED && g_strcmp0 (delta->new_file.path, path) == 0)
          source = g_strdup (delta->old_file.path);
      }
  git_diff_free (diff);
  return source;
}

static gboolean
versions_differ (const Version *a, const Version *b)
{
  if (a->present != b->present)
    return TRUE;
  return a->present && (!git_oid_equal (&a->blob, &b->blob) || g_strcmp0 (a->path, b->path) != 0);
}

/* Names a version as git would: "abc1234:path", or "abc1234^:path" for
 * the parent's version. */
static char *
version_name (const char *short_id, const char *suffix, const Version *v)
{
  return g_strdup_printf ("%s%s:%s", short_id, suffix, v->path);
}

/* Whether @commit's parents were left out of a shallow clone; asked of
 * every commit walked, so only a shallow clone pays for the hex id. */
static gboolean
is_shallow_boundary (const Walk *w, git_commit *commit)
{
  char hex[GIT_OID_HEXSZ + 1];

  if (w->shallow == NULL)
    return FALSE;
  git_oid_tostr (hex, sizeof hex, git_commit_id (commit));
  return g_hash_table_contains (w->shallow, hex);
}

/* A commit that changed the document, waiting for its versions. */
typedef struct
{
  git_commit *commit;
  char short_id[GIT_OID_HEXSZ + 1];
  Version cur;
  Version prev;
  Load *new_load;           /* NULL when the version is absent */
  Load *old_load;
  char *new_name;           /* "abc1234:path", as this entry names it */
  char *old_name;           /* "abc1234^:path" */
  gboolean boundary;        /* the commit begins a shallow clone's history */
} Step;

static Version
version_copy (const Version *v)
{
  Version copy = *v;

  copy.path = g_strdup (v->path);
  return copy;
}

static void
step_free (Walk *w, Step *step)
{
  loads_release (&w->loads, step->old_load);
  loads_release (&w->loads, step->new_load);
  version_clear (&step->cur);
  version_clear (&step->prev);
  git_commit_free (step->commit);
  g_free (step->new_name);
  g_free (step->old_name);
  g_free (step);
}

/* Queues the entry for @commit, whose version @cur replaced @prev, and
 * asks for both versions (the parent's first, as they are named). */
static void
step_queue (Walk *w, git_commit *commit, const Version *cur, const Version *prev)
{
  Step *step = g_new0 (Step, 1);
  const char *short_id = step->short_id;

  step->boundary = is_shallow_boundary (w, commit);
  commit_short_id (commit, step->short_id);
  git_commit_dup (&step->commit, commit);
  step->cur = version_copy (cur);
  step->prev = version_copy (prev);
  if (prev->present)
    {
      step->old_name = version_name (short_id, "^", prev);
      step->old_load = loads_request (&w->loads, &prev->blob, step->old_name);
    }
  if (cur->present)
    {
      step->new_name = version_name (short_id, "", cur);
      step->new_load = loads_request (&w->loads, &cur->blob, step->new_name);
    }
  g_queue_push_tail (&w->pending, step);
}

/* @load's problem as the entry that calls the version @name tells it:
 * the message starts with the name it was read under. */
static char *
problem_as_named (const Load *load, const char *name)
{
  g_autofree char *read_as = pd_escape__visible (load->name, -1);
  g_autofree char *shown = pd_escape__visible (name, -1);

  if (!g_str_has_prefix (load->problem, read_as))
    return g_strdup (load->problem);
  return g_strconcat (shown, load->problem + strlen (read_as), NULL);
}

/* The document of @load once read, or its problem, under the @name this
 * entry gives the version: a version is read once, under the name of
 * the first entry that asked for it. FALSE when the repository could
 * not be read. */
static gboolean
step_document (Walk *w, Load *load, const char *name, PdDocument **document, char **problem,
               GError **error)
{
  if (load == NULL)
    return TRUE;
  loads_wait (&w->loads, load);
  if (load->error != NULL)
    {
      g_propagate_error (error, g_error_copy (load->error));
      return FALSE;
    }
  gboolean renamed = strcmp (load->name, name) != 0;
  if (load->document != NULL)
    *document = renamed ? pd_document__alias (load->document, name)
                        : pd_document_ref (load->document);
  if (load->problem != NULL)
    *problem = renamed ? problem_as_named (load, name) : g_strdup (load->problem);
  return TRUE;
}

/* Hands the oldest queued entry to @func. */
static gboolean
step_emit (Walk *w, PdLogFunc func, gpointer user_data, GError **error)
{
  Step *step = g_queue_pop_head (&w->pending);
  CommitText text = { 0 };
  g_autoptr(PdDocument) old_doc = NULL;
  g_autoptr(PdDocument) new_doc = NULL;
  g_autofree char *old_problem = NULL;
  g_autofree char *new_problem = NULL;
  gboolean ok = FALSE;

  commit_text_init (&text, step->commit, step->short_id);
  if (step_document (w, step->old_load, step->old_name, &old_doc, &old_problem, error)
      && step_document (w, step->new_load, step->new_name, &new_doc, &new_problem, error))
    {
      g_autoptr(PdComparison) comparison
          = old_doc != NULL && new_doc != NULL
              ? pd_comparison_new (old_doc, new_doc, &w->options->compare)
              : NULL;
      PdLogEntry entry = { &text.info, step->cur.present ? step->cur.path : step->prev.path,
                           old_doc, new_doc, comparison,
                           new_problem != NULL ? new_problem : old_problem,
                           new_problem != NULL, step->boundary };
      ok = func (&entry, user_data, error);
    }
  commit_text_clear (&text);
  step_free (w, step);
  return ok;
}

static void
walk_clear (Walk *w)
{
  Step *step;

  /* Loads still queued are not worth reading any more. */
  g_atomic_int_set (&w->loads.stopping, 1);
  while ((step = g_queue_pop_head (&w->pending)) != NULL)
    step_free (w, step);
  loads_clear (&w->loads);
  g_clear_pointer (&w->shallow, g_hash_table_unref);
}

static void
report_progress (Walk *w, gboolean force)
{
  if (w->options->progress != NULL && (force || w->walked % PROGRESS_EVERY == 0))
    w->options->progress (w->walked, w->found, w->options->progress_data);
}

/* The first parent of @commit, or NULL at a root or shallow boundary. */
static gboolean
first_parent (Walk *w, git_commit *commit, git_commit **out, GError **error)
{
  *out = NULL;
  if (git_commit_parentcount (commit) == 0 || is_shallow_boundary (w, commit))
    return TRUE;
  int rc = git_commit_lookup (out, pd_repo__get_git (w->repo), git_commit_parent_id (commit, 0));
  if (rc < 0)
    {
      char hex[GIT_OID_HEXSZ + 1];
      git_oid_tostr (hex, sizeof hex, git_commit_id (commit));
      g_autofree char *what = g_strdup_printf ("cannot read the parent of commit %.7s", hex);
      return pd_git__set_error (error, rc, what);
    }
  return TRUE;
}

static gboolean
start_commit (PdRepo *repo, const char *rev, git_commit **out, GError **error)
{
  g_autoptr(git_object) object = pd_repo__resolve (repo, rev, NULL, error);

  if (object == NULL)
    return FALSE;
  int rc = git_object_peel ((git_object **) out, object, GIT_OBJECT_COMMIT);
  if (rc < 0)
    {
      g_autofree char *shown = pd_escape__visible (rev, -1);
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "'%s' names a %s in %s, not a commit",
                   shown, git_object_type2string (git_object_type (object)),
                   pd_repo_get_path (repo));
      return FALSE;
    }
  return TRUE;
}

/* Walks from @start, queueing the entries and handing each to @func
 * once LOOKAHEAD more are queued behind it, or its versions and theirs
 * pass lookahead_bytes. */
static gboolean
walk_commits (Walk *w, git_commit *start, PdLogFunc func, gpointer user_data,
              gboolean *seen, GError **error)
{
  const PdLogOptions *o = w->options;
  g_autoptr(git_commit) commit = (git_commit *) g_steal_pointer (&start);
  g_autoptr(GError) walk_error = NULL;
  Version cur = { 0 };
  gboolean walking = version_at (commit, o->path, &cur, &walk_error);

  while (walking && commit != NULL)
    {
      git_commit *parent = NULL;
      Version prev = { 0 };

      w->walked++;
      report_progress (w, FALSE);
      walking = first_parent (w, commit, &parent, &walk_error)
                && (parent == NULL || version_at (parent, cur.path, &prev, &walk_error));
      if (walking && parent != NULL && cur.present && !prev.present && o->follow)
        {
          g_autofree char *source = rename_source (pd_repo__get_git (w->repo), parent, commit,
                                                   cur.path);
          if (source != NULL)
            {
              version_clear (&prev);
              walking = version_at (parent, source, &prev, &walk_error);
            }
        }
      *seen = *seen || cur.present || prev.present;
      gint64 time = git_commit_time (commit);
      if (walking && versions_differ (&cur, &prev) && time >= o->since && time <= o->until)
        {
          w->found++;
          step_queue (w, commit, &cur, &prev);
          if ((g_queue_get_length (&w->pending) > LOOKAHEAD
               || (w->loads.bytes > lookahead_bytes && g_queue_get_length (&w->pending) > 1))
              && !step_emit (w, func, user_data, error))
            {
              git_commit_free (parent);
              version_clear (&cur);
              version_clear (&prev);
              return FALSE;
            }
          if (o->max_count > 0 && w->found >= o->max_count)
            g_clear_pointer (&parent, git_commit_free);
        }
      git_commit_free (commit);
      commit = parent;
      version_clear (&cur);
      cur = prev;
    }
  version_clear (&cur);
  /* What was walked before an error of the walk itself reaches @func
   * first, as it would have without looking ahead. */
  while (!g_queue_is_empty (&w->pending))
    if (!step_emit (w, func, user_data, error))
      return FALSE;
  if (walk_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&walk_error));
      return FALSE;
    }
  return TRUE;
}

/* Why @path at @rev is not a document, when something else is there:
 * "is a directory, not a document"; NULL when nothing is. */
static char *
what_is_there (PdRepo *repo, const char *rev, const char *path)
{
  g_autoptr(git_commit) commit = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(GError) why = NULL;
  git_oid id;

  if (!start_commit (repo, rev, &commit, NULL) || git_commit_tree (&tree, commit) < 0
      || pd_repo__find_blob (tree, path, &id, &why)
      || !g_error_matches (why, PD_ERROR, PD_ERROR_INVALID_DOCUMENT))
    return NULL;
  return g_strdup (why->message);
}

gboolean
pd_history_log (PdRepo             *repo,
                const PdLogOptions *options,
                PdLogFunc           func,
                gpointer            user_data,
                GError            **error)
{
  g_return_val_if_fail (repo != NULL && options != NULL && options->path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const char *rev = options->rev != NULL ? options->rev : "HEAD";
  g_autofree char *shown_path = pd_escape__visible (options->path, -1);
  g_autofree char *tree_path = pd_repo__tree_path (repo, NULL, options->path, error);
  if (tree_path == NULL)
    return FALSE;
  const char *given_path = options->path;
  PdLogOptions resolved = *options;
  resolved.path = tree_path;
  options = &resolved;

  git_commit *start = NULL;
  if (!start_commit (repo, rev, &start, error))
    return FALSE;

  Walk w = { .repo = repo, .options = options, .shallow = read_shallow (repo) };
  loads_init (&w.loads, repo);
  g_queue_init (&w.pending);
  gboolean seen = FALSE;
  gboolean ok = walk_commits (&w, start, func, user_data, &seen, error);
  report_progress (&w, TRUE);
  walk_clear (&w);
  if (ok && !seen)
    {
      g_autofree char *shown = pd_escape__visible (rev, -1);
      g_autofree char *what = what_is_there (repo, rev, tree_path);
      if (what != NULL)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "path '%s' at '%s' in %s %s",
                       shown_path, shown, pd_repo_get_path (repo), what);
          return FALSE;
        }
      g_autofree char *subdirectory = pd_repo__current_subdirectory (repo);
      /* A file here, named as git log would take it from a subdirectory:
       * say how to name it. */
      g_autofree char *hint
          = subdirectory != NULL && *subdirectory != '\0' && strcmp (tree_path, given_path) == 0
                && g_file_test (given_path, G_FILE_TEST_EXISTS)
              ? g_strdup_printf (" (PATH is from the top of the tree; for the file in the current "
                                 "directory, write ./%s)", shown_path)
              : g_strdup ("");
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                   "path '%s' is not in the history of '%s' in %s%s", shown_path, shown,
                   pd_repo_get_path (repo), hint);
      return FALSE;
    }
  return ok;
}

/* ---- runs of invalid versions ---- */

void
pd_history__gap_clear (PdHistoryGap *gap)
{
  g_clear_pointer (&gap->top, pd_document_unref);
  g_clear_pointer (&gap->top_commit, g_free);
}

PdHistoryGapEnd
pd_history__gap_step (PdHistoryGap           *gap,
                      const PdLogEntry       *entry,
                      const PdCompareOptions *compare,
                      PdComparison          **across,
                      char                  **top_commit)
{
  PdHistoryGapEnd end = PD_HISTORY_GAP_NONE;

  *across = NULL;
  if (top_commit != NULL)
    *top_commit = NULL;
  if (gap->top != NULL && entry->new_document != NULL)
    {
      *across = pd_comparison_new (entry->new_document, gap->top, compare);
      if (top_commit != NULL)
        *top_commit = g_steal_pointer (&gap->top_commit);
      end = PD_HISTORY_GAP_BRIDGED;
    }
  else if (gap->top != NULL && !entry->new_invalid)
    end = PD_HISTORY_GAP_DELETED;
  if (end != PD_HISTORY_GAP_NONE)
    pd_history__gap_clear (gap);
  /* The parent's version is invalid: a run starts below this one. */
  if (entry->new_document != NULL && entry->old_document == NULL && entry->problem != NULL)
    {
      gap->top = pd_document_ref (entry->new_document);
      gap->top_commit = g_strdup (entry->commit->id);
    }
  return end;
}

/* ---- blame ---- */

struct PdBlame
{
  PdDocument *document;
  GArray *rows;          /* PdBlameRow */
  GStringChunk *strings;
  PdBlameStamp boundary; /* .commit NULL: no shallow boundary reached */
};

typedef struct
{
  PdBlame *blame;
  char **tracked;        /* per row: the area's ID in the version being looked at */
  gboolean *active;
  PdBlameStamp oldest;
  PdBlameStamp newer;    /* the newest later entry with a valid version */
  PdHistoryGap gap;
  const PdCompareOptions *compare;
} BlameState;

static PdBlameStamp
stamp (PdBlame *blame, const PdLogEntry *entry)
{
  const char *version = entry->new_document != NULL
                          ? pd_document_get_version (entry->new_document)
                          : NULL;
  PdBlameStamp s = {
    g_string_chunk_insert_const (blame->strings, entry->commit->id),
    g_string_chunk_insert_const (blame->strings, entry->commit->short_id),
    entry->commit->time,
    version != NULL ? g_string_chunk_insert_const (blame->strings, version) : NULL,
  };
  return s;
}

static void
blame_start (BlameState *st, PdDocument *document)
{
  guint n = pd_document_get_n_areas (document);

  st->blame->document = pd_document_ref (document);
  st->tracked = g_new0 (char *, n + 1);
  st->active = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++)
    {
      PdBlameRow row = { pd_document_get_area (document, i), { 0 }, { 0 }, 0 };
      g_array_append_val (st->blame->rows, row);
      st->tracked[i] = g_strdup (pd_area_get_id (row.area));
      st->active[i] = TRUE;
    }
}

static const PdAreaChange *
change_of_new_area (const PdComparison *cmp, const char *id)
{
  for (guint k = 0; k < pd_comparison_get_n_changes (cmp); k++)
    {
      const PdAreaChange *c = pd_comparison_get_change (cmp, k);
      if (c->new_area != NULL && g_str_equal (pd_area_get_id (c->new_area), id))
        return c;
    }
  return NULL;
}

/* Row @i's area appeared at @s, where the walk stops following it. At a
 * shallow boundary it was there already: no change seen, @counted FALSE. */
static void
blame_appeared (BlameState *st, guint i, const PdBlameStamp *s, gboolean counted)
{
  PdBlameRow *row = &g_array_index (st->blame->rows, PdBlameRow, i);

  if (counted)
    row->changes++;
  if (row->last_changed.commit == NULL)
    row->last_changed = *s;
  row->introduced = *s;
  st->active[i] = FALSE;
}

/* Charges @c, row @i's change in a comparison (NULL or unchanged: none),
 * to @s, and follows the row to the older side. */
static void
blame_charge (BlameState *st, guint i, const PdAreaChange *c, const PdBlameStamp *s)
{
  PdBlameRow *row = &g_array_index (st->blame->rows, PdBlameRow, i);

  if (c == NULL || c->status == PD_AREA_STATUS_UNCHANGED)
    return;
  if (c->status == PD_AREA_STATUS_ADDED)
    {
      blame_appeared (st, i, s, TRUE);
      return;
    }
  row->changes++;
  if (row->last_changed.commit == NULL)
    row->last_changed = *s;
  g_free (st->tracked[i]);
  st->tracked[i] = g_strdup (pd_area_get_id (c->old_area));
}

/* What changed across a run of invalid versions is charged to the valid
 * version above it (st->newer), where it shows; a deletion below the run
 * means the areas followed appeared there. */
static void
blame_gap (BlameState *st, const PdLogEntry *entry)
{
  g_autoptr(PdComparison) across = NULL;
  PdHistoryGapEnd end = pd_history__gap_step (&st->gap, entry, st->compare, &across, NULL);

  for (guint i = 0; end != PD_HISTORY_GAP_NONE && i < st->blame->rows->len; i++)
    if (st->active[i] && end == PD_HISTORY_GAP_BRIDGED)
      blame_charge (st, i, change_of_new_area (across, st->tracked[i]), &st->newer);
    else if (st->active[i])
      blame_appeared (st, i, &st->newer, TRUE);
}

/* Follows row @i one version back through @entry. */
static void
blame_step (BlameState *st, guint i, const PdLogEntry *entry, const PdBlameStamp *s)
{
  if (entry->old_document == NULL && entry->problem == NULL)
    {
      /* The commit added the document, or begins a shallow clone. */
      blame_appeared (st, i, s, !entry->boundary);
      return;
    }
  /* With an invalid version on either side there is no comparison: the
   * row stays as it is, and blame_gap() compares across the run. */
  if (entry->comparison != NULL)
    blame_charge (st, i, change_of_new_area (entry->comparison, st->tracked[i]), s);
}

static gboolean
blame_entry (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  BlameState *st = user_data;

  if (st->blame->document == NULL)
    {
      /* The problem names the version already ("abc1234:PATH:3:1: …");
       * one of the parent's does not matter. */
      if (entry->new_invalid)
        {
          g_set_error_literal (error, PD_ERROR, PD_ERROR_NOT_FOUND, entry->problem);
          return FALSE;
        }
      if (entry->new_document == NULL)
        {
          g_autofree char *path = pd_escape__visible (entry->path, -1);
          g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s: deleted by commit %s", path,
                       entry->commit->short_id);
          return FALSE;
        }
      blame_start (st, entry->new_document);
    }
  blame_gap (st, entry);
  PdBlameStamp s = stamp (st->blame, entry);
  st->oldest = s;
  if (entry->boundary)
    st->blame->boundary = s;
  for (guint i = 0; i < st->blame->rows->len; i++)
    if (st->active[i])
      blame_step (st, i, entry, &s);
  if (entry->new_document != NULL)
    st->newer = s;
  return TRUE;
}

PdBlame *
pd_history_blame (PdRepo             *repo,
                  const PdLogOptions *options,
                  GError            **error)
{
  g_return_val_if_fail (repo != NULL && options != NULL, NULL);

  PdLogOptions walk = *options;
  walk.max_count = 0;
  walk.since = G_MININT64;
  walk.until = G_MAXINT64;
  walk.compare.flags |= PD_COMPARE_FLAGS_NO_WORD_DIFF;   /* statuses are enough */
  PdBlame *blame = g_new0 (PdBlame, 1);
  blame->rows = g_array_new (FALSE, TRUE, sizeof (PdBlameRow));
  blame->strings = g_string_chunk_new (1024);
  BlameState st = { blame, NULL, NULL, { 0 }, { 0 }, { NULL, NULL }, &walk.compare };

  gboolean ok = pd_history_log (repo, &walk, blame_entry, &st, error);
  /* The document's first versions were invalid: its areas appeared in the
   * first valid one, unless that run began at a shallow boundary, where
   * what came before is unknown. Else the oldest commit seen is the best
   * answer. */
  gboolean at_boundary = blame->boundary.commit != NULL;
  for (guint i = 0; ok && i < blame->rows->len; i++)
    if (st.active[i])
      blame_appeared (&st, i, st.gap.top != NULL ? &st.newer : &st.oldest,
                      st.gap.top != NULL && !at_boundary);
  pd_history__gap_clear (&st.gap);
  if (st.tracked != NULL)
    g_strfreev (st.tracked);
  g_free (st.active);
  if (!ok)
    {
      pd_blame_free (blame);
      return NULL;
    }
  return blame;
}

void
pd_blame_free (PdBlame *blame)
{
  if (blame == NULL)
    return;
  g_clear_pointer (&blame->document, pd_document_unref);
  g_array_unref (blame->rows);
  g_string_chunk_free (blame->strings);
  g_free (blame);
}

const PdBlameStamp *
pd_blame_get_shallow_boundary (const PdBlame *blame)
{
  g_return_val_if_fail (blame != NULL, NULL);
  return blame->boundary.commit != NULL ? &blame->boundary : NULL;
}

PdDocument *
pd_blame_get_document (const PdBlame *blame)
{
  g_return_val_if_fail (blame != NULL, NULL);
  return blame->document;
}

guint
pd_blame_get_n_rows (const PdBlame *blame)
{
  g_return_val_if_fail (blame != NULL, 0);
  return blame->rows->len;
}

const PdBlameRow *
pd_blame_get_row (const PdBlame *blame,
                  guint          index)
{
  g_return_val_if_fail (blame != NULL && index < blame->rows->len, NULL);
  return &g_array_index (blame->rows, PdBlameRow, index);
}
