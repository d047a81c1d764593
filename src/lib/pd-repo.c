/* pd-repo.c: open repositories and read documents out of them.
 *
 * Guards for libgit2 1.5.1 (shared notes L1-L11): git_error_last() may
 * be NULL or stale, its messages echo input raw, ownership and extension
 * failures are reported misleadingly, an object's declared size drives
 * the allocation (so sizes are checked from the header before a blob is
 * read), and revparse misreads a trailing '@'. Nothing here writes to the
 * repository; every message names the repository, revision or path, made
 * visible, and cut short when it is very long.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pd-escape-private.h"
#include "pd-git-private.h"

#define PD_REPO_MAPPED_MAX_SIZE (8 * 1024 * 1024)
#define PD_REPO_WINDOW_SIZE (1024 * 1024)

/* git's own rule for "binary": a NUL in the first 8000 bytes. */
#define BINARY_PROBE 8000

/* Longest revision accepted. Real ones (names, ids, "main~3",
 * "v1@{2 weeks ago}") are far shorter; longer ones are only ever noise
 * or an attack on the parser, and would fill every message. */
#define REVISION_MAX 1024

/* Bytes of a revision, path or name shown in a message before "…". */
#define SHOWN_MAX 200

/* Appended where a read failed in a way only damage explains. */
#define DAMAGED_HINT "the repository may be damaged; 'git fsck' checks it"

struct PdRepo
{
  git_repository *git;
  char *path;
  char *shown_path;
};

/* @text made visible, cut after SHOWN_MAX bytes. */
static char *
shown (const char *text)
{
  size_t length = strlen (text);

  if (length <= SHOWN_MAX)
    return pd_escape__visible (text, -1);
  g_autofree char *head = pd_escape__visible (text, SHOWN_MAX);
  return g_strdup_printf ("%s… (%zu bytes)", head, length);
}

/* libgit2's last message, copied at once (it is thread-local and the
 * next call may replace it) and made visible; NULL when there is none. */
static char *
last_git_message (void)
{
  const git_error *e = git_error_last ();

  if (e == NULL || e->message == NULL || *e->message == '\0')
    return NULL;
  return pd_escape__visible (e->message, -1);
}

gboolean
pd_git__set_error (GError     **error,
                   int          rc,
                   const char  *what)
{
  g_autofree char *message = last_git_message ();

  if (message == NULL)
    message = g_strdup_printf ("libgit2 error %d", rc);
  g_set_error (error, PD_ERROR, rc == GIT_ENOTFOUND ? PD_ERROR_NOT_FOUND : PD_ERROR_GIT,
               "%s: %s", what, message);
  return FALSE;
}

/* --- opening ----------------------------------------------------------- */

/* Finds, from @start upwards, the directory git would take for the
 * repository: one holding ".git", or a bare repository (HEAD and
 * objects/). Sets the path whose owner is not us, if any, in @foreign_out
 * and its owner in @uid_out. Returns the repository's top, or NULL. */
static char *
find_repository (const char *start, char **foreign_out, uid_t *uid_out)
{
  g_autofree char *dir = g_canonicalize_filename (start, NULL);

  for (;;)
    {
      g_autofree char *dotgit = g_build_filename (dir, ".git", NULL);
      g_autofree char *head = g_build_filename (dir, "HEAD", NULL);
      g_autofree char *objects = g_build_filename (dir, "objects", NULL);
      const char *candidates[] = { dir, NULL, NULL };
      struct stat st;

      if (lstat (dotgit, &st) == 0)
        candidates[1] = dotgit;
      else if (!(g_file_test (head, G_FILE_TEST_IS_REGULAR)
                 && g_file_test (objects, G_FILE_TEST_IS_DIR)))
        candidates[0] = NULL;
      if (candidates[0] != NULL)
        {
          /* libgit2 checks the work tree and the git directory. */
          for (int i = 0; candidates[i] != NULL && foreign_out != NULL; i++)
            if (stat (candidates[i], &st) == 0 && st.st_uid != geteuid ())
              {
                *foreign_out = g_strdup (candidates[i]);
                *uid_out = st.st_uid;
                break;
              }
          return g_steal_pointer (&dir);
        }
      char *parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        {
          g_free (parent);
          return NULL;
        }
      g_free (dir);
      dir = parent;
    }
}

/* "unsupported extension name extensions.worktreeconfig": say what the
 * extension is for, since its lower-cased name is all libgit2 gives. */
static char *
describe_extension (const char *message)
{
  static const struct
  {
    const char *key;
    const char *description;
  } known[] = {
    { "extensions.worktreeconfig", "extensions.worktreeConfig (per-worktree configuration)" },
    { "extensions.objectformat", "extensions.objectFormat (SHA-256 object names)" },
    { "extensions.partialclone", "extensions.partialClone (a partial clone)" },
    { "extensions.preciousobjects", "extensions.preciousObjects" },
  };
  const char *name = strstr (message, "extensions.");

  if (name == NULL)
    return g_strdup (message);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_ascii_strncasecmp (name, known[i].key, strlen (known[i].key)) == 0)
      return g_strdup (known[i].description);
  return g_strdup (name);
}

static void
set_open_error (GError **error, int rc, const char *start)
{
  g_autofree char *message = last_git_message ();
  g_autofree char *absolute = g_canonicalize_filename (start, NULL);
  g_autofree char *foreign = NULL;
  uid_t owner = 0;
  g_autofree char *top = find_repository (absolute, &foreign, &owner);
  g_autofree char *shown_start = shown (absolute);
  g_autofree char *shown_top = shown (top != NULL ? top : absolute);

  /* libgit2 1.5 says "config value 'safe.directory' was not found" (-3),
   * or "not owned by current user" (-36) with safe.directory=* (L4). */
  gboolean ownership = rc == GIT_EOWNER
                       || (message != NULL
                           && (strstr (message, "safe.directory") != NULL
                               || strstr (message, "not owned by current user") != NULL));

  if (message != NULL && strstr (message, "unsupported") != NULL)
    {
      g_autofree char *what = describe_extension (message);
      g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                   "%s: the repository uses %s, which libgit2 %d.%d cannot read", shown_top,
                   what, LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
    }
  else if (ownership)
    {
      if (foreign != NULL)
        {
          /* Name the .git when it is the one that differs. */
          g_autofree char *shown_foreign = g_strcmp0 (foreign, top) == 0 ? g_strdup ("it")
                                                                         : shown (foreign);
          g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                       "%s: the repository is owned by another user (%s belongs to uid %lu, "
                       "not %lu); progdiff does not read it unless safe.directory names it "
                       "(libgit2 %d.%d does not honour safe.directory=*)",
                       shown_top, shown_foreign, (unsigned long) owner,
                       (unsigned long) geteuid (), LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
        }
      else
        g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                     "%s: the repository is owned by another user; progdiff does not read it "
                     "unless safe.directory names it (libgit2 %d.%d does not honour "
                     "safe.directory=*)",
                     shown_top, LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
    }
  else if (rc == GIT_ENOTFOUND)
    g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                 "%s: not a git repository (or any of its parents)", shown_start);
  else
    g_set_error (error, PD_ERROR, PD_ERROR_GIT, "%s: cannot open the repository: %s",
                 shown_top, message != NULL ? message : "unknown libgit2 error");
}

typedef struct
{
  git_strarray supported;  /* what libgit2 reads */
  char *unsupported;       /* the first "extensions.NAME" it does not */
} ExtensionCheck;

/* Never stops the walk early: see check_format(). */
static int
check_extension (const git_config_entry *entry, void *payload)
{
  ExtensionCheck *check = payload;

  if (check->unsupported != NULL || !g_str_has_prefix (entry->name, "extensions."))
    return 0;
  const char *name = entry->name + strlen ("extensions.");
  for (size_t i = 0; i < check->supported.count; i++)
    if (g_ascii_strcasecmp (check->supported.strings[i], name) == 0)
      return 0;
  check->unsupported = g_strdup (entry->name);
  return 0;
}

/* The repository format check libgit2 does on opening, done first, for
 * a message that names the extension as git spells it and catches format
 * versions above 1, and because libgit2 1.5's own check leaks: for each
 * configuration entry that does not match "^extensions\." it leaks a
 * PCRE2 match buffer of about 20 KiB (git_regexp_match returns without
 * freeing it when there is no match). A rejected repository now never
 * reaches that check; an accepted version-1 repository still does.
 * Returns FALSE with @error set when the repository found from @start is
 * of a format libgit2 cannot read; TRUE in every other case, even when
 * nothing was found, which opening then reports. */
static gboolean
check_format (const char *start, const char *ceilings, GError **error)
{
  git_buf found = GIT_BUF_INIT;

  if (git_repository_discover (&found, start, 0, ceilings) < 0)
    {
      git_error_clear ();
      return TRUE;
    }
  g_autofree char *gitdir = g_strdup (found.ptr);
  git_buf_dispose (&found);

  /* A linked work tree keeps its configuration in the common directory. */
  g_autofree char *commondir_file = g_build_filename (gitdir, "commondir", NULL);
  g_autofree char *commondir = NULL;
  g_autofree char *common = NULL;
  if (g_file_get_contents (commondir_file, &commondir, NULL, NULL))
    common = g_canonicalize_filename (g_strchomp (commondir), gitdir);
  else
    common = g_strdup (gitdir);

  g_autofree char *config_path = g_build_filename (common, "config", NULL);
  g_autoptr(git_config) config = NULL;
  int32_t version = 0;
  if (git_config_open_ondisk (&config, config_path) < 0
      || git_config_get_int32 (&version, config, "core.repositoryformatversion") < 0
      || version == 0)
    {
      git_error_clear ();
      return TRUE;
    }

  g_autofree char *top = find_repository (start, NULL, NULL);
  g_autofree char *shown_top = shown (top != NULL ? top : start);
  if (version > 1)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                   "%s: the repository has format version %d, which libgit2 %d.%d cannot read",
                   shown_top, (int) version, LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
      return FALSE;
    }

  ExtensionCheck check = { { NULL, 0 }, NULL };
  if (git_libgit2_opts (GIT_OPT_GET_EXTENSIONS, &check.supported) < 0)
    {
      git_error_clear ();
      return TRUE;
    }
  git_config_foreach (config, check_extension, &check);
  git_strarray_dispose (&check.supported);
  git_error_clear ();
  if (check.unsupported == NULL)
    return TRUE;

  g_autofree char *name = check.unsupported;
  g_autofree char *what = describe_extension (name);
  g_autofree char *shown_what = shown (what);
  g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
               "%s: the repository uses %s, which libgit2 %d.%d cannot read", shown_top,
               shown_what, LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
  return FALSE;
}

PdRepo *
pd_repo_open (const char  *path,
              GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  const char *start = path != NULL ? path : ".";
  if (!g_file_test (start, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown_start = shown (start);
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s: %s", shown_start,
                   g_file_test (start, G_FILE_TEST_EXISTS) ? "not a directory"
                                                           : "no such directory");
      return NULL;
    }

  if (!pd_git__load (error))
    return NULL;
  git_libgit2_init ();
  /* A walk reads each commit and tree about once, so libgit2's object
   * cache (256 MiB by default) would only make memory grow with the
   * length of the history, and costs time: it is turned off. These
   * settings are process-wide. */
  git_libgit2_opts (GIT_OPT_ENABLE_CACHING, 0);
  /* Likewise the pack windows libgit2 keeps mapped (8 GiB by default):
   * a long history's pack would otherwise stay mapped, and resident, as
   * the walk touches it. Windows of 1 GiB (the default) cover a whole
   * pack and so could never be dropped: use small ones. */
  git_libgit2_opts (GIT_OPT_SET_MWINDOW_SIZE, (size_t) PD_REPO_WINDOW_SIZE);
  git_libgit2_opts (GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t) PD_REPO_MAPPED_MAX_SIZE);
  git_error_clear ();
  /* As git, stop the upward search at GIT_CEILING_DIRECTORIES. */
  const char *ceilings = g_getenv ("GIT_CEILING_DIRECTORIES");
  if (!check_format (start, ceilings, error))
    {
      git_libgit2_shutdown ();
      return NULL;
    }
  git_repository *git = NULL;
  int rc = git_repository_open_ext (&git, start, 0, ceilings);
  if (rc < 0)
    {
      set_open_error (error, rc, start);
      git_libgit2_shutdown ();
      return NULL;
    }

  PdRepo *repo = g_new0 (PdRepo, 1);
  repo->git = git;
  const char *dir = git_repository_workdir (git);
  repo->path = g_strdup (dir != NULL ? dir : git_repository_path (git));
  /* libgit2 ends directory names with a slash; messages read better without. */
  if (strlen (repo->path) > 1 && g_str_has_suffix (repo->path, "/"))
    repo->path[strlen (repo->path) - 1] = '\0';
  repo->shown_path = shown (repo->path);
  return repo;
}

PdRepo *
pd_repo__open_again (const PdRepo *repo,
                     GError      **error)
{
  git_repository *git = NULL;

  git_libgit2_init ();
  int rc = git_repository_open_ext (&git, git_repository_path (repo->git),
                                    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
  if (rc < 0)
    {
      set_open_error (error, rc, repo->path);
      git_libgit2_shutdown ();
      return NULL;
    }
  PdRepo *again = g_new0 (PdRepo, 1);
  again->git = git;
  again->path = g_strdup (repo->path);
  again->shown_path = g_strdup (repo->shown_path);
  return again;
}

void
pd_repo_free (PdRepo *repo)
{
  if (repo == NULL)
    return;
  git_repository_free (repo->git);
  g_free (repo->path);
  g_free (repo->shown_path);
  g_free (repo);
  git_libgit2_shutdown ();
}

const char *
pd_repo_get_path (const PdRepo *repo)
{
  g_return_val_if_fail (repo != NULL, NULL);
  return repo->path;
}

gboolean
pd_repo_is_shallow (const PdRepo *repo)
{
  g_return_val_if_fail (repo != NULL, FALSE);
  return git_repository_is_shallow (repo->git) == 1;
}

git_repository *
pd_repo__get_git (PdRepo *repo)
{
  return repo->git;
}

gboolean
pd_repo_split_spec (const char  *spec,
                    char       **rev_out,
                    char       **path_out)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  const char *colon = strchr (spec, ':');
  if (colon == NULL || colon == spec || colon[1] == '\0')
    return FALSE;
  if (rev_out != NULL)
    *rev_out = g_strndup (spec, colon - spec);
  if (path_out != NULL)
    *path_out = g_strdup (colon + 1);
  return TRUE;
}

/* --- reading ------------------------------------------------------------ */

/* "NAME: cannot read WHAT from REPO: LIBGIT2 MESSAGE (hint)". */
static void
set_damaged_error (GError **error, int rc, PdRepo *repo, const char *name, const char *what)
{
  g_autofree char *message = last_git_message ();

  g_set_error (error, PD_ERROR, PD_ERROR_GIT, "%s: cannot read %s from %s: %s (" DAMAGED_HINT ")",
               name, what, repo->shown_path,
               message != NULL ? message : (rc == GIT_ENOTFOUND ? "object not found" : "libgit2 error"));
}

gboolean
pd_repo__find_blob (git_tree   *tree,
                    const char *path,
                    git_oid    *id_out,
                    GError    **error)
{
  g_autoptr(git_tree_entry) entry = NULL;

  /* The top of the tree has no entry of its own. */
  if (*path == '\0')
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT,
                           "is the top directory, not a document");
      return FALSE;
    }
  git_error_clear ();
  int rc = git_tree_entry_bypath (&entry, tree, path);
  if (rc == GIT_ENOTFOUND)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_NOT_FOUND, "no such path");
      return FALSE;
    }
  if (rc < 0)
    {
      g_autofree char *message = last_git_message ();
      g_set_error (error, PD_ERROR, PD_ERROR_GIT, "cannot read the tree: %s",
                   message != NULL ? message : "libgit2 error");
      return FALSE;
    }

  const char *what = NULL;
  switch (git_tree_entry_filemode (entry))
    {
    case GIT_FILEMODE_BLOB:
    case GIT_FILEMODE_BLOB_EXECUTABLE:
      git_oid_cpy (id_out, git_tree_entry_id (entry));
      return TRUE;
    case GIT_FILEMODE_TREE: what = "a directory"; break;
    case GIT_FILEMODE_COMMIT: what = "a submodule"; break;
    case GIT_FILEMODE_LINK: what = "a symbolic link"; break;
    default: what = "not a file"; break;
    }
  g_set_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT, "is %s, not a document", what);
  return FALSE;
}

static gboolean
looks_binary (const char *data, gsize size)
{
  return memchr (data, '\0', MIN (size, BINARY_PROBE)) != NULL;
}

PdDocument *
pd_repo__load_blob (PdRepo        *repo,
                    const git_oid *id,
                    const char    *name,
                    GPtrArray     *diagnostics,
                    GError       **error)
{
  g_autoptr(git_odb) odb = NULL;
  g_autofree char *shown_name = shown (name);
  char hex[GIT_OID_HEXSZ + 1];
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  int rc;

  git_oid_tostr (hex, sizeof hex, id);
  g_autofree char *what = g_strdup_printf ("blob %s", hex);

  /* The header's size decides the allocation (L7): check it first. */
  git_error_clear ();
  if ((rc = git_repository_odb (&odb, repo->git)) < 0
      || (rc = git_odb_read_header (&size, &type, odb, id)) < 0)
    {
      set_damaged_error (error, rc, repo, shown_name, what);
      return NULL;
    }
  if (type != GIT_OBJECT_BLOB)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_GIT,
                   "%s: cannot read %s from %s: the object is a %s (" DAMAGED_HINT ")",
                   shown_name, what, repo->shown_path, git_object_type2string (type));
      return NULL;
    }
  if (size > PD_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE, "%s: the document is larger than %u MiB",
                   shown_name, (unsigned) (PD_DOCUMENT_MAX_SIZE >> 20));
      return NULL;
    }

  /* Strict hash verification stays on (L6): a blob whose content does
   * not match its id fails here instead of being read. */
  g_autoptr(git_blob) blob = NULL;
  if ((rc = git_blob_lookup (&blob, repo->git, id)) < 0)
    {
      set_damaged_error (error, rc, repo, shown_name, what);
      return NULL;
    }
  const char *data = git_blob_rawcontent (blob);
  gsize length = git_blob_rawsize (blob);
  if (looks_binary (data, length))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT,
                   "%s: binary file, not a programme document", shown_name);
      return NULL;
    }
  return pd_document_load_data (name, data, length, diagnostics, error);
}

/* @absolute from the directory @top ("" for @top itself), or NULL when
 * it is not inside it. Both are physical paths. */
static const char *
below (const char *top, const char *absolute)
{
  size_t top_length = g_str_equal (top, "/") ? 0 : strlen (top);

  if (strncmp (absolute, top, top_length) != 0
      || (absolute[top_length] != '/' && absolute[top_length] != '\0'))
    return NULL;
  const char *rest = absolute + top_length;
  return *rest == '/' ? rest + 1 : rest;
}

char *
pd_repo__current_subdirectory (PdRepo *repo)
{
  const char *workdir = git_repository_workdir (repo->git);
  if (workdir == NULL)
    return NULL;
  g_autofree char *cwd = realpath (".", NULL);
  g_autofree char *top = realpath (workdir, NULL);
  const char *rest = cwd != NULL && top != NULL ? below (top, cwd) : NULL;
  return g_strdup (rest);
}

/* "./x" and "../x" are relative to the current directory, as in git. */
char *
pd_repo__tree_path (PdRepo *repo, const char *name, const char *path, GError **error)
{
  if (!g_str_has_prefix (path, "./") && !g_str_has_prefix (path, "../")
      && strcmp (path, ".") != 0 && strcmp (path, "..") != 0)
    return g_strdup (path);

  g_autofree char *shown_path = shown (path);
  /* Messages start with "NAME: ", unless there is no name. */
  const char *sep = name != NULL ? ": " : "";
  if (name == NULL)
    name = "";
  const char *workdir = git_repository_workdir (repo->git);
  if (workdir == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                   "%s%s'%s' is relative to the current directory, but %s is a bare "
                   "repository, which has no work tree; name the path from the top of the tree",
                   name, sep, shown_path, repo->shown_path);
      return NULL;
    }
  /* Physical paths on both sides, as git: a symbolic link on the way to
   * the current directory must not put it outside the work tree. */
  g_autofree char *cwd = realpath (".", NULL);
  g_autofree char *top = realpath (workdir, NULL);
  if (cwd == NULL || top == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                   "%s%scannot find the current directory or the work tree of %s", name, sep,
                   repo->shown_path);
      return NULL;
    }
  g_autofree char *absolute = g_canonicalize_filename (path, cwd);
  const char *rest = below (top, absolute);
  if (rest == NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s%s'%s' is outside the work tree %s",
                   name, sep, shown_path, repo->shown_path);
      return NULL;
    }
  return g_strdup (rest);
}

/* Why @rev cannot be a revision before libgit2 sees it, or NULL. */
static const char *
bad_revision (const char *rev)
{
  size_t length = strlen (rev);

  if (length == 0)
    return "it is empty";
  if (length > REVISION_MAX)
    return "it is longer than " G_STRINGIFY (REVISION_MAX) " bytes";
  for (const char *p = rev; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return "it contains a control character";
  return NULL;
}

/* The first missing reflog of those libgit2 may read for "NAME@{N}":
 * the one of the reference @name leads to (libgit2 1.5 resolves HEAD to
 * its branch) and, for HEAD, HEAD's own (later versions read that one).
 * NULL when they all exist. */
static char *
missing_reflog (PdRepo *repo, const char *name)
{
  g_autoptr(git_reference) ref = NULL;
  g_autoptr(git_reference) resolved = NULL;
  const char *names[3] = { NULL, NULL, NULL };

  if (g_str_equal (name, "HEAD"))
    names[0] = "HEAD";
  /* Otherwise an unknown name: libgit2 fails before it reads a reflog. */
  if (git_reference_dwim (&ref, repo->git, name) == 0)
    {
      names[1] = git_reference_name (ref);
      if (git_reference_resolve (&resolved, ref) == 0)
        names[2] = git_reference_name (resolved);
    }
  git_error_clear ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i] != NULL && git_reference_has_log (repo->git, names[i]) != 1)
      return shown (names[i]);
  return NULL;
}

/* libgit2 1.5 creates an empty reflog file (and its directories) when it
 * reads a reflog that does not exist, so "main@{1}" or "@{-1}" in a
 * repository without reflogs (a bare one, by default) would write to
 * it. progdiff never writes to a repository: such a revision is refused
 * before libgit2 reads anything. Returns why, or NULL when @rev reads no
 * reflog or only existing ones. */
static char *
reflog_problem (PdRepo *repo, const char *rev)
{
  const char *at = strstr (rev, "@{");

  if (at == NULL)
    return NULL;
  /* A second @{...} could read the reflog of what the first one found
   * (main@{u}@{1}); that is beyond what is checked here. */
  if (strstr (at + 2, "@{") != NULL)
    return g_strdup ("progdiff reads at most one @{...} in a revision");

  const char *close = strchr (at + 2, '}');
  g_autofree char *content = g_strndup (at + 2, close != NULL ? (gsize) (close - at - 2)
                                                              : strlen (at + 2));
  /* @{u} reads configuration, @{0} the reference itself. */
  if (g_str_equal (content, "u") || g_str_equal (content, "upstream")
      || g_str_equal (content, "0"))
    return NULL;

  g_autofree char *identifier = g_strndup (rev, at - rev);
  g_autofree char *missing = NULL;
  /* @{-N} reads HEAD's own reflog, whatever HEAD is. */
  if (content[0] == '-' && git_reference_has_log (repo->git, "HEAD") != 1)
    missing = g_strdup ("HEAD");
  /* @{N} and @{DATE}: the named reference's (HEAD's when none is named). */
  else if (content[0] != '-')
    missing = missing_reflog (repo, *identifier == '\0' || g_str_equal (identifier, "@")
                                        ? "HEAD"
                                        : identifier);
  if (missing != NULL)
    return g_strdup_printf ("there is no reflog for %s, and progdiff does not create one",
                            missing);
  return NULL;
}

/* libgit2 1.5 leaks the reference when the object a name points to
 * cannot be read (revparse_lookup_object), so the name @rev starts with
 * is looked up first, and a damaged repository fails here instead. */
static int
check_base (PdRepo *repo, const char *rev)
{
  size_t length = strcspn (rev, "~^");
  const char *at = strstr (rev, "@{");
  if (at != NULL && (size_t) (at - rev) < length)
    length = at - rev;
  g_autofree char *base = g_strndup (rev, length);
  const char *name = *base == '\0' || g_str_equal (base, "@") ? "HEAD" : base;
  g_autoptr(git_reference) ref = NULL;
  g_autoptr(git_object) object = NULL;

  if (git_reference_dwim (&ref, repo->git, name) < 0 || git_reference_target (ref) == NULL)
    {
      git_error_clear ();
      return 0;
    }
  return git_object_lookup (&object, repo->git, git_reference_target (ref), GIT_OBJECT_ANY);
}

/* Resolves @rev. libgit2 1.5 reads "x@" as HEAD whatever x is (git
 * rejects it), and before the fix for CVE-2024-24575 (L11) looped for
 * ever on it; since '@' can only end a reference's name, such a
 * revision is looked up as a reference and never parsed. */
static int
resolve (PdRepo *repo, const char *rev, git_object **out)
{
  size_t length = strlen (rev);

  if (length > 1 && rev[length - 1] == '@')
    {
      g_autoptr(git_reference) ref = NULL;
      int rc = git_reference_dwim (&ref, repo->git, rev);
      if (rc < 0)
        return rc == GIT_EINVALIDSPEC ? GIT_EINVALIDSPEC : GIT_ENOTFOUND;
      return git_reference_peel (out, ref, GIT_OBJECT_ANY);
    }
  int rc = check_base (repo, rev);
  if (rc < 0)
    return rc;
  return git_revparse_single (out, repo->git, rev);
}

git_object *
pd_repo__resolve (PdRepo     *repo,
                  const char *rev,
                  const char *name,
                  GError    **error)
{
  g_autofree char *shown_rev = shown (rev);
  /* Messages start with what was asked for ("REV:PATH: "), if anything. */
  g_autofree char *prefix = name != NULL ? g_strdup_printf ("%s: ", name) : g_strdup ("");
  const char *bad = bad_revision (rev);

  if (bad != NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%sunknown revision '%s' in %s (%s)",
                   prefix, shown_rev, repo->shown_path, bad);
      return NULL;
    }

  g_autofree char *no_reflog = reflog_problem (repo, rev);
  if (no_reflog != NULL)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%sunknown revision '%s' in %s (%s)",
                   prefix, shown_rev, repo->shown_path, no_reflog);
      return NULL;
    }

  g_autoptr(git_object) object = NULL;
  git_error_clear ();
  int rc = resolve (repo, rev, &object);
  g_autofree char *message = last_git_message ();
  gboolean missing_object = message != NULL && strstr (message, "object not found") != NULL;

  if (rc < 0 && missing_object && pd_repo_is_shallow (repo))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                   "%sunknown revision '%s' in %s (the repository is a shallow clone and "
                   "lacks the older commits; 'git fetch --unshallow' fetches them)",
                   prefix, shown_rev, repo->shown_path);
      return NULL;
    }
  if (rc < 0 && missing_object)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_GIT,
                   "%scannot resolve '%s' in %s: %s (" DAMAGED_HINT ")", prefix, shown_rev,
                   repo->shown_path, message);
      return NULL;
    }
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS)
    {
      const char *why = NULL;
      if (git_repository_is_empty (repo->git) == 1)
        why = " (the repository has no commits yet)";
      else if (git_repository_head_unborn (repo->git) == 1)
        why = " (HEAD names a branch that has no commits yet)";
      else if (rc == GIT_EAMBIGUOUS)
        why = " (it is ambiguous)";
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%sunknown revision '%s' in %s%s",
                   prefix, shown_rev, repo->shown_path, why != NULL ? why : "");
      return NULL;
    }
  if (rc < 0)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_GIT,
                   "%scannot resolve '%s' in %s: %s (" DAMAGED_HINT ")", prefix, shown_rev,
                   repo->shown_path, message != NULL ? message : "libgit2 error");
      return NULL;
    }
  return g_steal_pointer (&object);
}

/* Resolves @rev to a tree; on failure, says why as well as it can. */
static git_tree *
resolve_tree (PdRepo *repo, const char *rev, const char *name, GError **error)
{
  g_autofree char *shown_rev = shown (rev);
  g_autoptr(git_object) object = pd_repo__resolve (repo, rev, name, error);
  int rc;

  if (object == NULL)
    return NULL;
  g_autoptr(git_object) tree = NULL;
  git_error_clear ();
  rc = git_object_peel (&tree, object, GIT_OBJECT_TREE);
  if (rc == GIT_EPEEL || rc == GIT_EINVALIDSPEC || rc == GIT_ENOTFOUND)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                   "%s: '%s' names a %s in %s, not a commit or a tree", name, shown_rev,
                   git_object_type2string (git_object_type (object)), repo->shown_path);
      return NULL;
    }
  if (rc < 0)
    {
      g_autofree char *peel_message = last_git_message ();
      g_set_error (error, PD_ERROR, PD_ERROR_GIT,
                   "%s: cannot read the tree of '%s' from %s: %s (" DAMAGED_HINT ")", name,
                   shown_rev, repo->shown_path,
                   peel_message != NULL ? peel_message : "libgit2 error");
      return NULL;
    }
  return (git_tree *) g_steal_pointer (&tree);
}

PdDocument *
pd_repo_load_document (PdRepo      *repo,
                       const char  *rev,
                       const char  *path,
                       GPtrArray   *diagnostics,
                       GError     **error)
{
  g_return_val_if_fail (repo != NULL && rev != NULL && path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *raw_name = g_strdup_printf ("%s:%s", rev, path);
  g_autofree char *name = shown (raw_name);
  g_autofree char *relative = pd_repo__tree_path (repo, name, path, error);
  if (relative == NULL)
    return NULL;

  g_autoptr(git_tree) tree = resolve_tree (repo, rev, name, error);
  if (tree == NULL)
    return NULL;

  git_oid id;
  g_autoptr(GError) local = NULL;
  if (!pd_repo__find_blob (tree, relative, &id, &local))
    {
      g_autofree char *shown_path = shown (relative);
      g_autofree char *shown_rev = shown (rev);
      if (g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
        g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                     "%s: path '%s' does not exist in '%s'", name, shown_path, shown_rev);
      else if (g_error_matches (local, PD_ERROR, PD_ERROR_GIT))
        g_set_error (error, PD_ERROR, PD_ERROR_GIT, "%s: %s in %s (" DAMAGED_HINT ")", name,
                     local->message, repo->shown_path);
      else
        g_set_error (error, local->domain, local->code, "%s: %s", name, local->message);
      return NULL;
    }
  return pd_repo__load_blob (repo, &id, raw_name, diagnostics, error);
}

/* --- installing the git diff driver (the one place that writes) --- */

/* .gitattributes bigger than this is not ours to append to. */
#define ATTRIBUTES_MAX_SIZE ((gsize) 16 * 1024 * 1024)

#define DRIVER_CONFIG_KEY "diff.progdiff.command"

void
pd_repo_driver_setup_clear (PdRepoDriverSetup *setup)
{
  g_clear_pointer (&setup->attributes_file, g_free);
  g_clear_pointer (&setup->config_file, g_free);
  g_clear_pointer (&setup->previous_command, g_free);
}

/* Whether some line of @text says "*.programme diff=progdiff", however
 * it is spaced. */
static gboolean
has_driver_attribute (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (char **line = lines; *line != NULL; line++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (*line), " \t", -1);
      guint n = 0;
      const char *first = NULL, *second = NULL;
      for (char **w = words; *w != NULL; w++)
        if (**w != '\0')
          {
            if (n == 0)
              first = *w;
            else if (n == 1)
              second = *w;
            n++;
          }
      if (n == 2 && g_str_equal (first, "*.programme") && g_str_equal (second, "diff=progdiff"))
        return TRUE;
    }
  return FALSE;
}

static gboolean
set_driver_command (PdRepo *repo, const char *command, PdRepoDriverSetup *out, GError **error)
{
  g_autoptr(git_config) config = NULL;
  g_autoptr(git_config) local = NULL;
  g_auto(git_buf) path = GIT_BUF_INIT;
  g_auto(git_buf) value = GIT_BUF_INIT;
  int rc;

  if ((rc = git_repository_item_path (&path, repo->git, GIT_REPOSITORY_ITEM_CONFIG)) < 0
      || (rc = git_repository_config (&config, repo->git)) < 0
      || (rc = git_config_open_level (&local, config, GIT_CONFIG_LEVEL_LOCAL)) < 0)
    return pd_git__set_error (error, rc, "cannot open the repository's configuration");
  out->config_file = g_strdup (path.ptr);

  rc = git_config_get_string_buf (&value, local, DRIVER_CONFIG_KEY);
  if (rc == 0 && g_str_equal (value.ptr, command))
    return TRUE;
  if (rc == 0)
    out->previous_command = g_strdup (value.ptr);
  else if (rc != GIT_ENOTFOUND)
    return pd_git__set_error (error, rc, "cannot read " DRIVER_CONFIG_KEY);

  if ((rc = git_config_set_string (local, DRIVER_CONFIG_KEY, command)) < 0)
    {
      g_autofree char *shown = pd_escape__visible (out->config_file, -1);
      g_autofree char *what = g_strdup_printf ("%s: cannot set " DRIVER_CONFIG_KEY, shown);
      return pd_git__set_error (error, rc, what);
    }
  out->command_set = TRUE;
  return TRUE;
}

static gboolean
set_file_error (GError **error, int saved_errno, const char *path, const char *what)
{
  g_autofree char *shown = pd_escape__visible (path, -1);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s: cannot %s: %s",
               shown, what, g_strerror (saved_errno));
  return FALSE;
}

/* Appends the attribute line through a descriptor opened without
 * following a symbolic link, so nothing outside the work tree is written. */
static gboolean
add_driver_attribute (const char *path, PdRepoDriverSetup *out, GError **error)
{
  g_autofree char *shown = pd_escape__visible (path, -1);
  g_autofree char *contents = NULL;
  gsize length = 0;
  struct stat st;

  if (lstat (path, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                       "%s: is %s, not a regular file; not changed", shown,
                       S_ISLNK (st.st_mode) ? "a symbolic link" : "something else");
          return FALSE;
        }
      if ((gsize) st.st_size > ATTRIBUTES_MAX_SIZE)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE,
                       "%s: larger than %u MiB; not changed", shown,
                       (unsigned) (ATTRIBUTES_MAX_SIZE >> 20));
          return FALSE;
        }
      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
      if (has_driver_attribute (contents))
        return TRUE;
    }
  else if (errno != ENOENT)
    return set_file_error (error, errno, path, "read");

  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0)
    return set_file_error (error, errno, path, "open for writing");
  out->attributes_created = contents == NULL;

  g_autoptr(GString) line = g_string_new (NULL);
  if (length > 0 && contents[length - 1] != '\n')
    g_string_append_c (line, '\n');
  g_string_append (line, PD_REPO_DRIVER_ATTRIBUTE "\n");
  gsize done = 0;
  while (done < line->len)
    {
      ssize_t n = write (fd, line->str + done, line->len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;
          close (fd);
          return set_file_error (error, saved, path, "write");
        }
      done += (gsize) n;
    }
  if (close (fd) != 0)
    return set_file_error (error, errno, path, "write");
  out->attributes_appended = TRUE;
  return TRUE;
}

gboolean
pd_repo_install_driver (PdRepo             *repo,
                        const char         *command,
                        PdRepoDriverSetup  *out,
                        GError            **error)
{
  g_return_val_if_fail (repo != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  const char *workdir = git_repository_workdir (repo->git);
  if (workdir == NULL)
    {
      g_autofree char *shown = pd_escape__visible (repo->path, -1);
      g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                   "%s: a bare repository has no work tree for .gitattributes", shown);
      return FALSE;
    }
  out->attributes_file = g_build_filename (workdir, ".gitattributes", NULL);
  /* The configuration first: without the attribute it changes nothing,
   * so a failure in between leaves git's behaviour as it was. */
  return set_driver_command (repo, command != NULL ? command : PD_REPO_DRIVER_COMMAND, out, error)
         && add_driver_attribute (out->attributes_file, out, error);
}
