/* pd-repo.c: open repositories and read documents out of them.
 *
 * Guards for libgit2 1.5.1 (shared notes L1-L10): git_error_last() may
 * be NULL, its messages echo input raw, ownership and extension failures
 * are reported misleadingly, and an object's declared size drives the
 * allocation, so sizes are checked from the header before a blob is read.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pd-escape-private.h"
#include "pd-git-private.h"

#define PD_REPO_CACHE_MAX_SIZE (4 * 1024 * 1024)

/* git's own rule for "binary": a NUL in the first 8000 bytes. */
#define BINARY_PROBE 8000

struct PdRepo
{
  git_repository *git;
  char *path;
};

gboolean
pd_git__set_error (GError     **error,
                   int          rc,
                   const char  *what)
{
  const git_error *e = git_error_last ();
  g_autofree char *message = NULL;

  if (e != NULL && e->message != NULL)
    message = pd_escape__visible (e->message, -1);
  else
    message = g_strdup_printf ("libgit2 error %d", rc);
  g_set_error (error, PD_ERROR, rc == GIT_ENOTFOUND ? PD_ERROR_NOT_FOUND : PD_ERROR_GIT,
               "%s: %s", what, message);
  return FALSE;
}

/* libgit2 1.5 says "config value 'safe.directory' was not found" when
 * the repository belongs to someone else (L4); say what git says. */
static gboolean
owned_by_other (const char *start)
{
  g_autofree char *dir = g_canonicalize_filename (start != NULL ? start : ".", NULL);

  while (dir != NULL)
    {
      struct stat st;
      g_autofree char *dotgit = g_build_filename (dir, ".git", NULL);
      if (stat (dotgit, &st) == 0 || (g_str_has_suffix (dir, ".git") && stat (dir, &st) == 0))
        return st.st_uid != geteuid ();
      char *parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }
  return FALSE;
}

static void
set_open_error (GError **error, int rc, const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path != NULL ? path : ".", NULL);
  g_autofree char *shown = pd_escape__visible (absolute, -1);
  const git_error *e = git_error_last ();
  const char *message = e != NULL && e->message != NULL ? e->message : "";

  if (rc == GIT_ENOTFOUND && strstr (message, "safe.directory") == NULL)
    g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                 "%s: not a git repository (or any of its parents)", shown);
  else if (strstr (message, "unsupported extension") != NULL)
    {
      g_autofree char *why = pd_escape__visible (message, -1);
      g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                   "%s: the repository uses a format libgit2 %d.%d cannot read (%s)", shown,
                   LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR, why);
    }
  else if (owned_by_other (path))
    g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                 "%s: the repository is owned by another user; progdiff does not read "
                 "it (libgit2 %d.%d ignores safe.directory)", shown,
                 LIBGIT2_VER_MAJOR, LIBGIT2_VER_MINOR);
  else
    pd_git__set_error (error, rc, shown);
}

PdRepo *
pd_repo_open (const char  *path,
              GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  git_libgit2_init ();
  /* A walk reads each commit and tree about once, so libgit2's object
   * cache (256 MiB by default) would only make memory grow with the
   * length of the history. The setting is process-wide. */
  git_libgit2_opts (GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t) PD_REPO_CACHE_MAX_SIZE);
  git_repository *git = NULL;
  int rc = git_repository_open_ext (&git, path != NULL ? path : ".", 0, NULL);
  if (rc < 0)
    {
      set_open_error (error, rc, path);
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
  return repo;
}

void
pd_repo_free (PdRepo *repo)
{
  if (repo == NULL)
    return;
  git_repository_free (repo->git);
  g_free (repo->path);
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

gboolean
pd_repo__find_blob (git_tree   *tree,
                    const char *path,
                    git_oid    *id_out,
                    GError    **error)
{
  g_autoptr(git_tree_entry) entry = NULL;
  int rc = git_tree_entry_bypath (&entry, tree, path);

  if (rc == GIT_ENOTFOUND)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_NOT_FOUND, "no such path");
      return FALSE;
    }
  if (rc < 0)
    return pd_git__set_error (error, rc, "cannot read the tree");

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
  size_t size = 0;
  git_object_t type = GIT_OBJECT_INVALID;
  int rc;

  /* The header's size decides the allocation (L7): check it first. */
  if ((rc = git_repository_odb (&odb, repo->git)) < 0
      || (rc = git_odb_read_header (&size, &type, odb, id)) < 0)
    {
      pd_git__set_error (error, rc, name);
      return NULL;
    }
  if (size > PD_DOCUMENT_MAX_SIZE)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE, "%s: the document is larger than %u MiB",
                   name, (unsigned) (PD_DOCUMENT_MAX_SIZE >> 20));
      return NULL;
    }

  g_autoptr(git_blob) blob = NULL;
  if ((rc = git_blob_lookup (&blob, repo->git, id)) < 0)
    {
      pd_git__set_error (error, rc, name);
      return NULL;
    }
  const char *data = git_blob_rawcontent (blob);
  gsize length = git_blob_rawsize (blob);
  if (looks_binary (data, length))
    {
      g_set_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT,
                   "%s: binary file, not a programme document", name);
      return NULL;
    }
  return pd_document_load_data (name, data, length, diagnostics, error);
}

/* "./x" and "../x" are relative to the current directory, as in git. */
static char *
tree_path (PdRepo *repo, const char *path, GError **error)
{
  if (!g_str_has_prefix (path, "./") && !g_str_has_prefix (path, "../"))
    return g_strdup (path);

  const char *workdir = git_repository_workdir (repo->git);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *absolute = g_canonicalize_filename (path, cwd);
  g_autofree char *top = workdir != NULL ? g_canonicalize_filename (workdir, NULL) : NULL;
  if (top == NULL || !g_str_has_prefix (absolute, top)
      || (absolute[strlen (top)] != '/' && absolute[strlen (top)] != '\0'))
    {
      g_autofree char *shown = pd_escape__visible (path, -1);
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s: outside the repository's work tree",
                   shown);
      return NULL;
    }
  const char *rest = absolute + strlen (top);
  return g_strdup (*rest == '/' ? rest + 1 : rest);
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
  g_autofree char *name = pd_escape__visible (raw_name, -1);
  g_autofree char *shown_rev = pd_escape__visible (rev, -1);
  g_autofree char *relative = tree_path (repo, path, error);
  if (relative == NULL)
    return NULL;

  g_autoptr(git_object) object = NULL;
  g_autoptr(git_object) tree = NULL;
  int rc = git_revparse_single (&object, repo->git, rev);
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS)
    {
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s: unknown revision '%s' in %s", name,
                   shown_rev, repo->path);
      return NULL;
    }
  if (rc < 0 || (rc = git_object_peel (&tree, object, GIT_OBJECT_TREE)) < 0)
    {
      pd_git__set_error (error, rc, name);
      return NULL;
    }

  git_oid id;
  g_autoptr(GError) local = NULL;
  if (!pd_repo__find_blob ((git_tree *) tree, relative, &id, &local))
    {
      g_autofree char *shown_path = pd_escape__visible (relative, -1);
      if (g_error_matches (local, PD_ERROR, PD_ERROR_NOT_FOUND))
        g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND, "%s: path '%s' does not exist in '%s'",
                     name, shown_path, shown_rev);
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
