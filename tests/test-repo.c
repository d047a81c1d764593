/* test-repo.c: reading documents out of git repositories, and every way
 * a repository can be wrong.
 *
 * Repositories are built at run time in a temporary directory: commits
 * with libgit2 (fixed signatures, so ids never change), and with the git
 * command only what libgit2 cannot do (shallow clones, linked work
 * trees, SHA-256 repositories). HOME, the config search paths and
 * GIT_CEILING_DIRECTORIES point into the temporary directory, so neither
 * the developer's configuration nor a repository around it can leak in.
 *
 * /repo/lib/... tests go through pd_repo_open() and
 * pd_repo_load_document(); /repo/cli/... tests spawn $PROGDIFF. Each
 * repository fault has one of each.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-git-private.h"
#include "pd-test-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_index, git_index_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_signature, git_signature_free)

/* The temporary directory every test works in (a physical path). */
static char *base;

/* --- file helpers ------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      /* Read-only directories exist (git makes none, but be safe). */
      g_chmod (path, 0700);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A new, empty directory under the base; free with g_free(). */
static char *
new_dir (const char *name)
{
  char *path = g_build_filename (base, name, NULL);

  remove_tree (path);
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

static char *
read_fixture (const char *name, gsize *length)
{
  g_autofree char *path = pd_test_fixture_path ("nato-japan", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

/* Path of the loose object @id in the git directory @gitdir. */
static char *
object_path (const char *gitdir, const git_oid *id)
{
  char hex[GIT_OID_HEXSZ + 1];
  char fan[3];

  git_oid_tostr (hex, sizeof hex, id);
  memcpy (fan, hex, 2);
  fan[2] = '\0';
  return g_build_filename (gitdir, "objects", fan, hex + 2, NULL);
}

/* Replaces a (read-only) object file with @length bytes of @data. */
static void
overwrite (const char *path, const char *data, gsize length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_set_contents (path, data, length, &error));
  g_assert_no_error (error);
}

/* Cuts a file down to its first @length bytes, as `head -c`. */
static void
truncate_to (const char *path, gsize length)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpuint (size, >, length);
  overwrite (path, contents, length);
}

/* --- building repositories ---------------------------------------------- */

typedef struct
{
  const char *path;
  const char *data;  /* file contents, link target, or the id of a submodule */
  gsize length;      /* 0: strlen (data) */
  git_filemode_t mode;
} Entry;

/* Commits exactly @entries on HEAD (whose branch may be unborn) at a
 * fixed time, so the same entries always give the same commit id. */
static void
commit_entries (git_repository *repo, const Entry *entries, guint n_entries,
                const char *message, gint64 time, git_oid *out)
{
  g_autoptr(git_index) index = NULL;
  g_autoptr(git_signature) sig = NULL;
  g_autoptr(git_tree) tree = NULL;
  g_autoptr(git_commit) parent = NULL;
  git_oid tree_id, parent_id;

  g_assert_cmpint (git_index_new (&index), ==, 0);
  for (guint i = 0; i < n_entries; i++)
    {
      git_index_entry entry;
      memset (&entry, 0, sizeof entry);
      entry.path = entries[i].path;
      entry.mode = entries[i].mode;
      if (entries[i].mode == GIT_FILEMODE_COMMIT)
        g_assert_cmpint (git_oid_fromstr (&entry.id, entries[i].data), ==, 0);
      else
        g_assert_cmpint (git_blob_create_from_buffer (&entry.id, repo, entries[i].data,
                                                      entries[i].length != 0
                                                          ? entries[i].length
                                                          : strlen (entries[i].data)),
                         ==, 0);
      g_assert_cmpint (git_index_add (index, &entry), ==, 0);
    }
  g_assert_cmpint (git_index_write_tree_to (&tree_id, index, repo), ==, 0);
  g_assert_cmpint (git_tree_lookup (&tree, repo, &tree_id), ==, 0);
  g_assert_cmpint (git_signature_new (&sig, "Test", "test@example.org", time, 0), ==, 0);

  const git_commit *parents[1] = { NULL };
  guint n_parents = 0;
  if (git_reference_name_to_id (&parent_id, repo, "HEAD") == 0)
    {
      g_assert_cmpint (git_commit_lookup (&parent, repo, &parent_id), ==, 0);
      parents[n_parents++] = parent;
    }
  g_assert_cmpint (git_commit_create (out, repo, "HEAD", sig, sig, NULL, message, tree,
                                      n_parents, parents),
                   ==, 0);
}

typedef struct
{
  char *top;     /* the work tree, or the git directory when bare */
  char *gitdir;
  git_oid first_commit, second_commit;
  git_oid old_blob, new_blob;  /* p.programme in the first and second commit */
} Repo;

static void
repo_clear (Repo *r)
{
  g_free (r->top);
  g_free (r->gitdir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Repo, repo_clear)

/* The history every test starts from, on branch master:
 *
 *   first_commit -- second_commit (HEAD)
 *
 *   first:  p.programme         the IPCP of 2020 (9 areas)
 *   second: p.programme         the ITPP of 2023 (16 areas)
 *           docs/q.programme    the IPCP of 2020
 *           sub                 a submodule (gitlink)
 *           link                a symbolic link to p.programme
 *           bin.programme       a binary blob
 *
 * The work tree (when there is one) is left empty: nothing here needs a
 * checkout, and progdiff never looks at it.
 */
static void
make_repo (Repo *r, const char *name, gboolean bare)
{
  g_autoptr(git_repository) repo = NULL;
  gsize old_length = 0, new_length = 0;
  g_autofree char *old_text = read_fixture ("ipcp-2020.programme", &old_length);
  g_autofree char *new_text = read_fixture ("itpp-2023.programme", &new_length);
  static const char binary[] = "[Programme]\0\x01\x02";

  r->top = new_dir (name);
  r->gitdir = bare ? g_strdup (r->top) : g_build_filename (r->top, ".git", NULL);
  g_assert_cmpint (git_repository_init (&repo, r->top, bare), ==, 0);

  const Entry first[] = {
    { "p.programme", old_text, old_length, GIT_FILEMODE_BLOB },
  };
  commit_entries (repo, first, G_N_ELEMENTS (first), "first\n", 1700000000, &r->first_commit);
  const Entry second[] = {
    { "p.programme", new_text, new_length, GIT_FILEMODE_BLOB },
    { "docs/q.programme", old_text, old_length, GIT_FILEMODE_BLOB },
    { "sub", "1234567890123456789012345678901234567890", 0, GIT_FILEMODE_COMMIT },
    { "link", "p.programme", 0, GIT_FILEMODE_LINK },
    { "bin.programme", binary, sizeof binary - 1, GIT_FILEMODE_BLOB },
  };
  commit_entries (repo, second, G_N_ELEMENTS (second), "second\n", 1700000060,
                  &r->second_commit);
  g_assert_cmpint (git_blob_create_from_buffer (&r->old_blob, repo, old_text, old_length), ==, 0);
  g_assert_cmpint (git_blob_create_from_buffer (&r->new_blob, repo, new_text, new_length), ==, 0);
}

/* Runs git with the NULL-terminated arguments in @cwd; returns whether
 * it succeeded, with its error output in the test log if not. */
static gboolean G_GNUC_NULL_TERMINATED
run_git (const char *cwd, const char *first_arg, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "git");
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (cwd, (char **) argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &wait_status, &error))
    {
      g_test_message ("cannot run git: %s", error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_test_message ("git %s failed: %s", first_arg, err);
      return FALSE;
    }
  return TRUE;
}

static gboolean
have_git (void)
{
  static int found = -1;

  if (found < 0)
    {
      g_autofree char *git = g_find_program_in_path ("git");
      found = git != NULL;
    }
  if (!found)
    g_test_skip ("git is not installed");
  return found;
}

/* --- checking results --------------------------------------------------- */

/* Nothing in @text may act on a terminal: valid UTF-8, no C0 (but the
 * newlines of @text's lines), no DEL, no C1. */
static void
assert_visible (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\n')
        continue;
      g_assert_false (c < 0x20 || (c >= 0x7f && c < 0xa0));
    }
}

static void
assert_contains (const char *text, const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("'%s' not found in '%s'", part, text);
}

/* Loads @rev:@path and checks that it fails with @code and a message
 * holding each of the NULL-terminated strings after @code. */
static void G_GNUC_NULL_TERMINATED
assert_load_fails (PdRepo *repo, const char *rev, const char *path, PdError code, ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_repo_load_document (repo, rev, path, NULL, &error);
  va_list args;

  g_assert_null (document);
  g_assert_error (error, PD_ERROR, (int) code);
  assert_visible (error->message);
  va_start (args, code);
  for (const char *part = va_arg (args, const char *); part != NULL;
       part = va_arg (args, const char *))
    assert_contains (error->message, part);
  va_end (args);
}

static guint
n_areas (PdRepo *repo, const char *rev, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_repo_load_document (repo, rev, path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return pd_document_get_n_areas (document);
}

static PdRepo *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  PdRepo *repo = pd_repo_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (repo);
  return repo;
}

/* --- running progdiff -------------------------------------------------- */

static GPtrArray *
progdiff_argv (const char *first_arg, va_list args)
{
  const char *progdiff = g_getenv ("PROGDIFF");
  GPtrArray *argv = g_ptr_array_new ();

  g_assert_nonnull (progdiff);
  g_ptr_array_add (argv, (gpointer) progdiff);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs progdiff in @cwd with the NULL-terminated arguments. */
static void G_GNUC_NULL_TERMINATED
run_progdiff (PdTestRun *run, const char *cwd, const char *first_arg, ...)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  va_start (args, first_arg);
  g_autoptr(GPtrArray) argv = progdiff_argv (first_arg, args);
  va_end (args);
  g_assert_true (g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* A failed run: status 2, nothing on standard output, and every line on
 * standard error an error holding no control character. */
static void
assert_trouble (const PdTestRun *run)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_true (g_str_has_prefix (run->err, "progdiff: error: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  assert_visible (run->err);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    n++;
  return n;
}

/* --- not a repository, missing directory --------------------------------- */

static void
test_repo_lib_not_a_repository (void)
{
  g_autofree char *dir = new_dir ("plain");
  g_autofree char *missing = g_build_filename (base, "no-such-dir", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRepo) repo = pd_repo_open (dir, &error);

  g_assert_null (repo);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  assert_contains (error->message, dir);
  assert_contains (error->message, "not a git repository");
  g_clear_error (&error);

  g_autoptr(PdRepo) none = pd_repo_open (missing, &error);
  g_assert_null (none);
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  assert_contains (error->message, "no-such-dir: no such directory");
}

static void
test_repo_cli_not_a_repository (void)
{
  g_autofree char *dir = new_dir ("plain");
  g_auto(PdTestRun) run = { 0 }, missing = { 0 };

  run_progdiff (&run, dir, "diff", "HEAD:p.programme", "HEAD~1:p.programme", NULL);
  assert_trouble (&run);
  assert_contains (run.err, dir);
  assert_contains (run.err, "not a git repository");
  /* Said once, not once for each argument. */
  g_assert_cmpuint (count_lines (run.err), ==, 1);

  run_progdiff (&missing, dir, "diff", "-C", "no-such-dir", "HEAD:p.programme",
                "HEAD:p.programme", NULL);
  assert_trouble (&missing);
  assert_contains (missing.err, "no-such-dir: no such directory");
}

/* --- the ordinary cases: work tree, bare, worktree, check ---------------- */

static void
test_repo_lib_work_tree (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autoptr(PdRepo) repo = open_ok (r.top);
  g_autofree char *sub = g_build_filename (r.top, "docs", NULL);
  g_autofree char *cwd = g_get_current_dir ();

  g_assert_cmpstr (pd_repo_get_path (repo), ==, r.top);
  g_assert_false (pd_repo_is_shallow (repo));
  g_assert_cmpuint (n_areas (repo, "HEAD", "p.programme"), ==, 16);
  g_assert_cmpuint (n_areas (repo, "HEAD~1", "p.programme"), ==, 9);
  g_assert_cmpuint (n_areas (repo, "master", "docs/q.programme"), ==, 9);
  /* '@' alone is HEAD, as in git. */
  g_assert_cmpuint (n_areas (repo, "@", "p.programme"), ==, 16);

  /* "./" and "../" are relative to the current directory. */
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (g_chdir (sub), ==, 0);
  g_assert_cmpuint (n_areas (repo, "HEAD", "./q.programme"), ==, 9);
  g_assert_cmpuint (n_areas (repo, "HEAD", "../p.programme"), ==, 16);
  assert_load_fails (repo, "HEAD", "../../p.programme", PD_ERROR_NOT_FOUND,
                     "HEAD:../../p.programme: ", "outside the work tree", r.top, NULL);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  /* Found from a directory inside the work tree, too. */
  g_autoptr(PdRepo) again = open_ok (sub);
  g_assert_cmpstr (pd_repo_get_path (again), ==, r.top);
}

static void
test_repo_cli_work_tree (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_auto(PdTestRun) diff = { 0 }, same = { 0 }, from_c = { 0 }, check = { 0 }, check_c = { 0 };

  run_progdiff (&diff, r.top, "diff", "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  g_assert_cmpint (diff.status, ==, 1);
  g_assert_cmpstr (diff.err, ==, "");
  assert_contains (diff.out, "--- HEAD~1:p.programme");
  assert_contains (diff.out, "+++ HEAD:p.programme");
  assert_contains (diff.out, "9 \u2192 16 areas");

  run_progdiff (&same, r.top, "HEAD:docs/q.programme", "HEAD~1:./p.programme", NULL);
  g_assert_cmpint (same.status, ==, 0);

  run_progdiff (&from_c, base, "diff", "-C", r.top, "--stat", "master~1:p.programme",
                "master:p.programme", NULL);
  g_assert_cmpint (from_c.status, ==, 1);
  assert_contains (from_c.out, "9 \u2192 16 areas");

  run_progdiff (&check, r.top, "check", "HEAD:p.programme", "HEAD~1:p.programme", NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_cmpstr (check.out, ==,
                   "HEAD:p.programme: ok, 16 areas\nHEAD~1:p.programme: ok, 9 areas\n");

  run_progdiff (&check_c, base, "check", "-C", r.top, "HEAD:docs/q.programme", NULL);
  g_assert_cmpint (check_c.status, ==, 0);
  g_assert_cmpstr (check_c.out, ==, "HEAD:docs/q.programme: ok, 9 areas\n");
}

static void
test_repo_lib_bare (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "bare.git", TRUE);
  g_autoptr(PdRepo) repo = open_ok (r.top);

  g_assert_cmpstr (pd_repo_get_path (repo), ==, r.top);
  g_assert_cmpuint (n_areas (repo, "HEAD", "p.programme"), ==, 16);
  g_assert_cmpuint (n_areas (repo, "HEAD^", "p.programme"), ==, 9);
  assert_load_fails (repo, "HEAD", "nope.programme", PD_ERROR_NOT_FOUND,
                     "path 'nope.programme' does not exist in 'HEAD'", NULL);
  assert_load_fails (repo, "HEAD", "./p.programme", PD_ERROR_NOT_FOUND, "HEAD:./p.programme: ",
                     "bare repository", r.top, "name the path from the top of the tree", NULL);
}

static void
test_repo_cli_bare (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "bare.git", TRUE);
  g_autofree char *objects = g_build_filename (r.top, "objects", NULL);
  g_auto(PdTestRun) inside = { 0 }, deeper = { 0 }, from_c = { 0 }, missing = { 0 }, relative = { 0 };

  run_progdiff (&inside, r.top, "HEAD^:p.programme", "HEAD:p.programme", NULL);
  g_assert_cmpint (inside.status, ==, 1);
  run_progdiff (&deeper, objects, "HEAD:p.programme", "HEAD:p.programme", NULL);
  g_assert_cmpint (deeper.status, ==, 0);
  run_progdiff (&from_c, base, "-C", r.top, "HEAD:p.programme", "HEAD:p.programme", NULL);
  g_assert_cmpint (from_c.status, ==, 0);

  run_progdiff (&missing, r.top, "HEAD:p.programme", "HEAD:nope.programme", NULL);
  assert_trouble (&missing);
  assert_contains (missing.err, "HEAD:nope.programme: path 'nope.programme' does not exist");

  run_progdiff (&relative, r.top, "HEAD:./p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&relative);
  assert_contains (relative.err, "bare repository");
  assert_contains (relative.err, r.top);
}

/* A linked work tree made by `git worktree add`, checked out at the
 * first commit on its own branch. */
static char *
make_worktree (Repo *r)
{
  char first[GIT_OID_HEXSZ + 1];
  char *wt = g_build_filename (base, "linked", NULL);

  git_oid_tostr (first, sizeof first, &r->first_commit);
  remove_tree (wt);
  if (!run_git (r->top, "worktree", "add", "-q", "-b", "side", wt, first, NULL))
    {
      g_free (wt);
      return NULL;
    }
  return wt;
}

static void
test_repo_lib_worktree (void)
{
  if (!have_git ())
    return;
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *wt = make_worktree (&r);
  g_assert_nonnull (wt);
  g_autoptr(PdRepo) repo = open_ok (wt);
  g_autofree char *cwd = g_get_current_dir ();

  g_assert_cmpstr (pd_repo_get_path (repo), ==, wt);
  /* HEAD is the work tree's own. */
  g_assert_cmpuint (n_areas (repo, "HEAD", "p.programme"), ==, 9);
  g_assert_cmpuint (n_areas (repo, "master", "p.programme"), ==, 16);
  g_assert_cmpint (g_chdir (wt), ==, 0);
  g_assert_cmpuint (n_areas (repo, "master", "./docs/q.programme"), ==, 9);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

static void
test_repo_cli_worktree (void)
{
  if (!have_git ())
    return;
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *wt = make_worktree (&r);
  g_assert_nonnull (wt);
  g_auto(PdTestRun) run = { 0 }, relative = { 0 };

  run_progdiff (&run, wt, "--stat", "HEAD:p.programme", "master:p.programme", NULL);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.out, "9 \u2192 16 areas");
  run_progdiff (&relative, wt, "HEAD:./p.programme", "master~1:p.programme", NULL);
  g_assert_cmpint (relative.status, ==, 0);
}

/* --- no commits, shallow clones ------------------------------------------ */

static void
test_repo_lib_empty (void)
{
  g_autofree char *dir = new_dir ("empty");
  g_autoptr(git_repository) git = NULL;

  g_assert_cmpint (git_repository_init (&git, dir, FALSE), ==, 0);
  g_autoptr(PdRepo) repo = open_ok (dir);
  assert_load_fails (repo, "HEAD", "p.programme", PD_ERROR_NOT_FOUND,
                     "HEAD:p.programme: unknown revision 'HEAD' in ", dir,
                     "the repository has no commits yet", NULL);
  assert_load_fails (repo, "master", "p.programme", PD_ERROR_NOT_FOUND,
                     "unknown revision 'master'", "no commits yet", NULL);
}

static void
test_repo_cli_empty (void)
{
  g_autofree char *dir = new_dir ("empty");
  g_autoptr(git_repository) git = NULL;
  g_auto(PdTestRun) run = { 0 };

  g_assert_cmpint (git_repository_init (&git, dir, FALSE), ==, 0);
  run_progdiff (&run, dir, "HEAD:p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&run);
  assert_contains (run.err, "unknown revision 'HEAD'");
  assert_contains (run.err, "the repository has no commits yet");
}

/* `git clone --depth 1` of the test history: the first commit is not
 * there. libgit2 1.5 has no grafts (shared notes L3). */
static char *
make_shallow (Repo *r)
{
  g_autofree char *url = g_strconcat ("file://", r->top, NULL);
  char *dir = g_build_filename (base, "shallow", NULL);

  remove_tree (dir);
  if (!run_git (base, "clone", "-q", "--depth", "1", url, dir, NULL))
    {
      g_free (dir);
      return NULL;
    }
  return dir;
}

static void
test_repo_lib_shallow (void)
{
  if (!have_git ())
    return;
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *dir = make_shallow (&r);
  g_assert_nonnull (dir);
  g_autoptr(PdRepo) repo = open_ok (dir);

  g_assert_true (pd_repo_is_shallow (repo));
  g_assert_cmpuint (n_areas (repo, "HEAD", "p.programme"), ==, 16);
  assert_load_fails (repo, "HEAD~1", "p.programme", PD_ERROR_NOT_FOUND,
                     "HEAD~1:p.programme: unknown revision 'HEAD~1' in ", dir,
                     "shallow clone", "git fetch --unshallow", NULL);
  /* An unknown name is unknown, shallow or not. */
  assert_load_fails (repo, "nope", "p.programme", PD_ERROR_NOT_FOUND, "unknown revision 'nope'",
                     NULL);
}

static void
test_repo_cli_shallow (void)
{
  if (!have_git ())
    return;
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *dir = make_shallow (&r);
  g_assert_nonnull (dir);
  g_auto(PdTestRun) ok = { 0 }, old = { 0 };

  run_progdiff (&ok, dir, "HEAD:p.programme", "HEAD:./p.programme", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  run_progdiff (&old, dir, "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&old);
  assert_contains (old.err, "unknown revision 'HEAD~1'");
  assert_contains (old.err, dir);
  assert_contains (old.err, "shallow clone");
}

/* --- what REV:PATH names --------------------------------------------------- */

static const struct
{
  const char *rev;
  const char *path;
  PdError code;
  const char *message;
} bad_specs[] = {
  { "v9", "p.programme", PD_ERROR_NOT_FOUND, "v9:p.programme: unknown revision 'v9' in " },
  { "HEAD~5", "p.programme", PD_ERROR_NOT_FOUND, "unknown revision 'HEAD~5'" },
  { "HEAD^2", "p.programme", PD_ERROR_NOT_FOUND, "unknown revision 'HEAD^2'" },
  { "HEAD~1", "docs/q.programme", PD_ERROR_NOT_FOUND,
    "HEAD~1:docs/q.programme: path 'docs/q.programme' does not exist in 'HEAD~1'" },
  { "HEAD", "docs", PD_ERROR_INVALID_DOCUMENT, "HEAD:docs: is a directory, not a document" },
  { "HEAD", "docs/", PD_ERROR_INVALID_DOCUMENT, "HEAD:docs/: is a directory" },
  { "HEAD", "sub", PD_ERROR_INVALID_DOCUMENT, "HEAD:sub: is a submodule, not a document" },
  { "HEAD", "link", PD_ERROR_INVALID_DOCUMENT, "HEAD:link: is a symbolic link, not a document" },
  { "HEAD", "bin.programme", PD_ERROR_INVALID_DOCUMENT,
    "HEAD:bin.programme: binary file, not a programme document" },
  { "HEAD", "p.programme/x", PD_ERROR_NOT_FOUND, "path 'p.programme/x' does not exist" },
  { "HEAD^{tree}", "docs/q.programme/", PD_ERROR_NOT_FOUND, "does not exist" },
};

static void
test_repo_lib_bad_specs (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autoptr(PdRepo) repo = open_ok (r.top);

  for (guint i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    assert_load_fails (repo, bad_specs[i].rev, bad_specs[i].path, bad_specs[i].code,
                       bad_specs[i].message, NULL);

  /* A revision naming a blob has no paths. */
  char blob[GIT_OID_HEXSZ + 1];
  git_oid_tostr (blob, sizeof blob, &r.new_blob);
  assert_load_fails (repo, blob, "p.programme", PD_ERROR_NOT_FOUND, "names a blob", NULL);
  /* A tree id works as a revision. */
  g_autofree char *tree = g_strdup_printf ("%s^{tree}", git_oid_tostr_s (&r.second_commit));
  g_assert_cmpuint (n_areas (repo, tree, "p.programme"), ==, 16);
}

static void
test_repo_cli_bad_specs (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (bad_specs); i++)
    {
      g_autofree char *spec = g_strdup_printf ("%s:%s", bad_specs[i].rev, bad_specs[i].path);
      g_auto(PdTestRun) run = { 0 };
      run_progdiff (&run, r.top, "diff", "HEAD:p.programme", spec, NULL);
      assert_trouble (&run);
      assert_contains (run.err, bad_specs[i].message);
    }
}

/* --- damaged objects ------------------------------------------------------- */

static void
test_repo_lib_corrupt_object (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *blob = object_path (r.gitdir, &r.new_blob);
  g_autofree char *commit = object_path (r.gitdir, &r.second_commit);
  g_autofree char *other = object_path (r.gitdir, &r.old_blob);
  g_autofree char *other_bytes = NULL;
  gsize other_length = 0;
  char hex[GIT_OID_HEXSZ + 1];

  git_oid_tostr (hex, sizeof hex, &r.new_blob);

  /* Garbage where a zlib stream should be. */
  overwrite (blob, "this is not a zlib stream", 25);
  g_autoptr(PdRepo) repo = open_ok (r.top);
  assert_load_fails (repo, "HEAD", "p.programme", PD_ERROR_GIT, "HEAD:p.programme: cannot read blob ",
                     hex, r.top, "may be damaged", "git fsck", NULL);

  /* Another object's bytes: strict hash verification (L6) notices. */
  g_assert_true (g_file_get_contents (other, &other_bytes, &other_length, NULL));
  overwrite (blob, other_bytes, other_length);
  assert_load_fails (repo, "HEAD", "p.programme", PD_ERROR_GIT, "hash mismatch", NULL);

  /* Missing altogether. */
  g_assert_cmpint (g_unlink (blob), ==, 0);
  assert_load_fails (repo, "HEAD", "p.programme", PD_ERROR_GIT, "cannot read blob ", hex,
                     "may be damaged", NULL);

  /* The commit itself (a new handle: libgit2 caches the objects it read). */
  overwrite (commit, "garbage", 7);
  g_autoptr(PdRepo) fresh = open_ok (r.top);
  assert_load_fails (fresh, "HEAD", "docs/q.programme", PD_ERROR_GIT,
                     "HEAD:docs/q.programme: cannot resolve 'HEAD' in ", r.top, "may be damaged",
                     NULL);
}

static void
test_repo_cli_corrupt_object (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *blob = object_path (r.gitdir, &r.new_blob);
  g_auto(PdTestRun) run = { 0 };

  overwrite (blob, "this is not a zlib stream", 25);
  run_progdiff (&run, r.top, "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&run);
  assert_contains (run.err, "HEAD:p.programme: cannot read blob ");
  assert_contains (run.err, r.top);
  assert_contains (run.err, "git fsck");
}

/* A loose object cut short so that its header is incomplete fails
 * cleanly in the header read; cut later, libgit2 1.5 would loop for
 * ever (L2), which only the command's watchdog can end. */
static void
test_repo_lib_truncated_header (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autofree char *blob = object_path (r.gitdir, &r.new_blob);
  g_autoptr(PdRepo) repo = open_ok (r.top);

  g_test_summary ("head -c 10 of a blob: a clean error, before libgit2 can hang");
  truncate_to (blob, 10);
  assert_load_fails (repo, "HEAD", "p.programme", PD_ERROR_GIT, "cannot read blob ",
                     "may be damaged", NULL);
}

/* Spawns progdiff in @cwd without waiting; the output goes to pipes. */
static GPid
spawn_progdiff (const char *cwd, int *out_fd, int *err_fd, const char *first_arg, ...)
{
  g_autoptr(GError) error = NULL;
  GPid pid = 0;
  va_list args;

  va_start (args, first_arg);
  g_autoptr(GPtrArray) argv = progdiff_argv (first_arg, args);
  va_end (args);
  g_assert_true (g_spawn_async_with_pipes (cwd, (char **) argv->pdata, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, NULL,
                                           out_fd, err_fd, &error));
  g_assert_no_error (error);
  return pid;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (text, buffer, n);
    }
  close (fd);
  return g_string_free (text, FALSE);
}

static void
finish (PdTestRun *run, GPid pid, int out_fd, int err_fd)
{
  int wait_status = 0;

  run->out = read_all (out_fd);
  run->err = read_all (err_fd);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Both truncated objects, read at once so the stall limit is waited for
 * only once; the watchdog's limit is PROGDIFF_WATCHDOG_SECONDS when
 * @seconds is given, else the default. */
static void
run_truncated (PdTestRun *commit_run, PdTestRun *blob_run, const char *seconds)
{
  g_auto(Repo) head = { 0 };
  g_auto(Repo) body = { 0 };
  int out[2], err[2];

  make_repo (&head, "truncated-commit", FALSE);
  make_repo (&body, "truncated-blob", FALSE);
  g_autofree char *commit = object_path (head.gitdir, &head.second_commit);
  g_autofree char *blob = object_path (body.gitdir, &body.new_blob);
  struct stat st;
  truncate_to (commit, 10);
  g_assert_cmpint (g_stat (blob, &st), ==, 0);
  truncate_to (blob, st.st_size / 2);

  if (seconds != NULL)
    g_setenv ("PROGDIFF_WATCHDOG_SECONDS", seconds, TRUE);
  else
    g_unsetenv ("PROGDIFF_WATCHDOG_SECONDS");
  GPid commit_pid = spawn_progdiff (head.top, &out[0], &err[0], "HEAD:p.programme",
                                    "HEAD:p.programme", NULL);
  GPid blob_pid = spawn_progdiff (body.top, &out[1], &err[1], "check", "HEAD:p.programme",
                                  NULL);
  g_unsetenv ("PROGDIFF_WATCHDOG_SECONDS");
  finish (commit_run, commit_pid, out[0], err[0]);
  finish (blob_run, blob_pid, out[1], err[1]);
}

static void
test_repo_cli_truncated (void)
{
  g_auto(PdTestRun) commit_run = { 0 }, blob_run = { 0 };

  g_test_summary ("A truncated loose object makes libgit2 1.5 loop for ever; the watchdog "
                  "ends progdiff with status 2 and a message, here after the 1 second "
                  "PROGDIFF_WATCHDOG_SECONDS asks for");
  run_truncated (&commit_run, &blob_run, "1");
  const PdTestRun *runs[] = { &commit_run, &blob_run };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      assert_trouble (runs[i]);
      g_assert_cmpstr (runs[i]->err, ==, "progdiff: error: reading the repository made no "
                                         "progress for 1 second; it may be corrupt (a "
                                         "truncated object?)\n");
    }
}

static void
test_repo_cli_watchdog_default (void)
{
  g_auto(PdTestRun) commit_run = { 0 }, blob_run = { 0 };

  g_test_summary ("Without PROGDIFF_WATCHDOG_SECONDS the watchdog fires after 10 seconds");
  if (pd_test_under_valgrind ())
    {
      g_test_skip ("under valgrind, tests/valgrind-progdiff sets PROGDIFF_WATCHDOG_SECONDS=60 "
                   "when it is unset; /repo/cli/truncated covers the watchdog there");
      return;
    }
  run_truncated (&commit_run, &blob_run, NULL);
  const PdTestRun *runs[] = { &commit_run, &blob_run };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      assert_trouble (runs[i]);
      assert_contains (runs[i]->err, "made no progress for 10 seconds;");
    }
}

/* PROGDIFF_WATCHDOG_SECONDS=0 turns the watchdog off: the hang goes on
 * until timeout(1) ends it, with no message from progdiff. */
static void
test_repo_cli_watchdog_off (void)
{
  g_autofree char *timeout = g_find_program_in_path ("timeout");
  g_auto(Repo) head = { 0 };
  g_auto(PdTestRun) run = { 0 };

  if (timeout == NULL)
    {
      g_test_skip ("timeout(1) is not installed");
      return;
    }
  make_repo (&head, "truncated-commit", FALSE);
  g_autofree char *commit = object_path (head.gitdir, &head.second_commit);
  truncate_to (commit, 10);

  const char *argv[] = { timeout, "3", g_getenv ("PROGDIFF"), "check", "HEAD:p.programme", NULL };
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PROGDIFF_WATCHDOG_SECONDS", "0", TRUE);
  int wait_status = 0;
  g_assert_true (g_spawn_sync (head.top, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &run.out, &run.err, &wait_status, NULL));
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 124);  /* timeout(1) ended it */
  g_assert_cmpstr (run.out, ==, "");
  g_assert_null (strstr (run.err, "no progress"));
}

/* A value that is not a number of seconds is reported and ignored: the
 * default stays, since a typo must not disarm the guard. */
static void
test_repo_cli_watchdog_invalid (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  static const char *const bad[] = { "ten", "-1", "86401", "1.5", "\033[31m" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(PdTestRun) run = { 0 };
      g_setenv ("PROGDIFF_WATCHDOG_SECONDS", bad[i], TRUE);
      run_progdiff (&run, r.top, "-q", "HEAD~1:p.programme", "HEAD:p.programme", NULL);
      g_unsetenv ("PROGDIFF_WATCHDOG_SECONDS");
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_prefix (run.err, "progdiff: warning: ignoring "
                                                "PROGDIFF_WATCHDOG_SECONDS='"));
      assert_contains (run.err, "expected a number of seconds from 0 (no watchdog) to 86400; "
                                "using 10\n");
      assert_visible (run.err);
    }
}

/* --- repositories libgit2 cannot read ------------------------------------- */

/* Sets the repository format @version and, if @key is given, an
 * extension, as `git config` would. */
static void
set_format (const char *gitdir, int version, const char *key, const char *value)
{
  g_autofree char *path = g_build_filename (gitdir, "config", NULL);
  g_autoptr(git_config) config = NULL;

  g_assert_cmpint (git_config_open_ondisk (&config, path), ==, 0);
  g_assert_cmpint (git_config_set_int32 (config, "core.repositoryformatversion", version), ==, 0);
  if (key != NULL)
    g_assert_cmpint (git_config_set_string (config, key, value), ==, 0);
}

static void
set_extension (const char *gitdir, const char *key, const char *value)
{
  set_format (gitdir, 1, key, value);
}

static void
test_repo_lib_extensions (void)
{
  static const struct
  {
    const char *key, *value, *shown;
  } extensions[] = {
    { "extensions.worktreeConfig", "true", "extensions.worktreeConfig (per-worktree configuration)" },
    { "extensions.partialClone", "origin", "extensions.partialClone (a partial clone)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_auto(Repo) r = { 0 };
      g_autoptr(GError) error = NULL;
      make_repo (&r, "extension", FALSE);
      g_autofree char *inside = g_build_filename (r.top, "docs", NULL);
      g_assert_cmpint (g_mkdir (inside, 0755), ==, 0);
      set_extension (r.gitdir, extensions[i].key, extensions[i].value);

      g_autoptr(PdRepo) repo = pd_repo_open (inside, &error);
      g_assert_null (repo);
      g_assert_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED);
      /* The repository is named, not the directory searched from. */
      g_autofree char *expected = g_strdup_printf ("%s: the repository uses %s, which libgit2 ",
                                                   r.top, extensions[i].shown);
      assert_contains (error->message, expected);
      assert_contains (error->message, "cannot read");
    }

  /* A format version from the future. */
  {
    g_auto(Repo) r = { 0 };
    g_autoptr(GError) error = NULL;
    make_repo (&r, "extension", FALSE);
    set_format (r.gitdir, 2, NULL, NULL);
    g_autoptr(PdRepo) repo = pd_repo_open (r.top, &error);
    g_assert_null (repo);
    g_assert_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED);
    assert_contains (error->message, "format version 2");
  }

  /* A version-1 repository libgit2 accepts is tested through the command
   * only: libgit2 1.5 leaks on opening one (see check_format() in
   * pd-repo.c), which would fail the valgrind run of /repo/lib. */
}

static void
test_repo_lib_sha256 (void)
{
  if (!have_git ())
    return;
  g_autofree char *dir = new_dir ("sha256");
  if (!run_git (dir, "init", "-q", "--object-format=sha256", NULL))
    {
      g_test_skip ("this git cannot make SHA-256 repositories");
      return;
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(PdRepo) repo = pd_repo_open (dir, &error);
  g_assert_null (repo);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED);
  assert_contains (error->message, dir);
  assert_contains (error->message, "extensions.objectFormat (SHA-256 object names)");
}

static void
test_repo_cli_extensions (void)
{
  g_auto(Repo) r = { 0 };
  g_auto(PdTestRun) run = { 0 }, sha = { 0 };
  make_repo (&r, "extension", FALSE);
  set_extension (r.gitdir, "extensions.worktreeConfig", "true");

  run_progdiff (&run, r.top, "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&run);
  assert_contains (run.err, r.top);
  assert_contains (run.err, "extensions.worktreeConfig");
  g_assert_cmpuint (count_lines (run.err), ==, 1);

  /* The one extension libgit2 1.5 knows, in a version-1 repository. */
  g_auto(Repo) noop = { 0 };
  g_auto(PdTestRun) noop_run = { 0 };
  make_repo (&noop, "noop", FALSE);
  set_extension (noop.gitdir, "extensions.noop", "true");
  run_progdiff (&noop_run, noop.top, "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  g_assert_cmpint (noop_run.status, ==, 1);
  g_assert_cmpstr (noop_run.err, ==, "");

  if (!have_git ())
    return;
  g_autofree char *dir = new_dir ("sha256");
  if (!run_git (dir, "init", "-q", "--object-format=sha256", NULL))
    return;
  run_progdiff (&sha, base, "-C", dir, "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&sha);
  assert_contains (sha.err, dir);
  assert_contains (sha.err, "SHA-256");
}

/* Gives @path and everything under it to nobody (uid and gid 65534). */
static gboolean
give_away (const char *path)
{
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  const char *argv[] = { "chown", "-R", "65534:65534", path, NULL };

  if (geteuid () != 0)
    {
      g_test_skip ("only root can give a repository to another user");
      return FALSE;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return TRUE;
}

/* libgit2 refuses a repository owned by someone else even to root, as
 * git does; its own message is "config value 'safe.directory' was not
 * found" (L4). */
static void
test_repo_lib_foreign_owner (void)
{
  g_auto(Repo) r = { 0 };
  g_autoptr(GError) error = NULL;
  make_repo (&r, "foreign", FALSE);
  g_autofree char *inside = g_build_filename (r.top, "docs", NULL);
  g_assert_cmpint (g_mkdir (inside, 0755), ==, 0);
  if (!give_away (r.top))
    return;

  g_autoptr(PdRepo) repo = pd_repo_open (inside, &error);
  g_assert_null (repo);
  g_assert_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED);
  g_autofree char *expected = g_strdup_printf ("%s: the repository is owned by another user (",
                                               r.top);
  assert_contains (error->message, expected);
  assert_contains (error->message, "uid 65534");
  assert_contains (error->message, "safe.directory");
}

static void
test_repo_cli_foreign_owner (void)
{
  g_auto(Repo) r = { 0 };
  g_auto(PdTestRun) run = { 0 };
  make_repo (&r, "foreign", FALSE);
  if (!give_away (r.top))
    return;

  run_progdiff (&run, r.top, "HEAD~1:p.programme", "HEAD:p.programme", NULL);
  assert_trouble (&run);
  assert_contains (run.err, r.top);
  assert_contains (run.err, "owned by another user");
  g_assert_cmpuint (count_lines (run.err), ==, 1);
}

/* --- hostile revisions ---------------------------------------------------- */

/* Revisions that must fail as unknown, quickly, with the revision shown
 * escaped: control characters, a CSI as a C1 character, invalid UTF-8,
 * the trailing '@' of CVE-2024-24575 (L11), which libgit2 1.5 also
 * misreads as HEAD, and lengths no real revision has. */
static GPtrArray *
hostile_revisions (void)
{
  GPtrArray *revs = g_ptr_array_new_with_free_func (g_free);
  static const char *const fixed[] = {
    "\033",
    "HEAD^\033[31m",
    "\033]8;;https://example.org/\007",
    "HEAD\r",
    "HEAD\t",
    "HEAD\177",
    "HEAD\302\23331m",  /* octal escapes stop after three digits: C1 CSI, then "31m" */
    "\377\376",
    "@@",
    "@@@@",
    "HEAD@",
    "master@",
    "xyz@",
    "HEAD@{0}@",
    "@{0}@",
    "HEAD@{-1}",
    "HEAD~99999999999999999999",
    "HEAD^{/\033[2J}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (revs, g_strdup (fixed[i]));
  g_ptr_array_add (revs, g_strnfill (5000, '@'));
  g_autofree char *tildes = g_strnfill (5000, '~');
  g_ptr_array_add (revs, g_strconcat ("HEAD", tildes, NULL));
  g_autofree char *carets = g_strnfill (1000, '^');
  g_ptr_array_add (revs, g_strconcat ("HEAD", carets, NULL));
  g_autofree char *xs = g_strnfill (100000, 'x');
  g_ptr_array_add (revs, g_strconcat (xs, "@", NULL));
  return revs;
}

static void
test_repo_lib_hostile_revisions (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autoptr(PdRepo) repo = open_ok (r.top);
  g_autoptr(GPtrArray) revs = hostile_revisions ();

  for (guint i = 0; i < revs->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PdDocument) document
          = pd_repo_load_document (repo, revs->pdata[i], "p.programme", NULL, &error);
      g_assert_null (document);
      g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
      assert_visible (error->message);
      assert_contains (error->message, "unknown revision '");
      assert_contains (error->message, r.top);
      /* Shown, cut short when long. */
      g_assert_cmpuint (strlen (error->message), <, 1000);
    }
  assert_load_fails (repo, "HEAD^\033[31m", "p.programme", PD_ERROR_NOT_FOUND,
                     "unknown revision 'HEAD^\\e[31m'", "control character", NULL);
  assert_load_fails (repo, "HEAD\302\233" "31m", "p.programme", PD_ERROR_NOT_FOUND,
                     "unknown revision 'HEAD\\u009B31m'", NULL);
  /* Still usable: '@' alone and reflog entries work. */
  g_assert_cmpuint (n_areas (repo, "@", "p.programme"), ==, 16);
  g_assert_cmpuint (n_areas (repo, "HEAD@{0}", "p.programme"), ==, 16);
}

static void
test_repo_cli_hostile_revisions (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "work", FALSE);
  g_autoptr(GPtrArray) revs = hostile_revisions ();

  for (guint i = 0; i < revs->len; i++)
    {
      g_autofree char *spec = g_strdup_printf ("%s:p.programme", (char *) revs->pdata[i]);
      g_auto(PdTestRun) run = { 0 };
      run_progdiff (&run, r.top, "diff", spec, "HEAD:p.programme", NULL);
      assert_trouble (&run);
      assert_contains (run.err, "unknown revision '");
      g_assert_cmpuint (count_lines (run.err), ==, 1);
    }

  /* The path of REV:PATH is shown escaped too. */
  g_auto(PdTestRun) path = { 0 };
  run_progdiff (&path, r.top, "HEAD:\033[2Jx.programme", "HEAD:p.programme", NULL);
  assert_trouble (&path);
  assert_contains (path.err, "path '\\e[2Jx.programme' does not exist");
}

/* --- progdiff never writes to a repository ---------------------------------- */

/* Revisions that read a reflog. libgit2 1.5 creates a reflog it is asked
 * to read and does not find; a bare repository has none. */
static const char *const reflog_revisions[] = {
  "HEAD@{1}", "master@{1}", "@{1}", "@{-1}", "HEAD@{yesterday}", "master@{1}~1",
  "refs/heads/master@{2.weeks.ago}",
};

static void
test_repo_lib_no_reflog (void)
{
  g_auto(Repo) r = { 0 };
  make_repo (&r, "bare.git", TRUE);
  g_autofree char *logs = g_build_filename (r.top, "logs", NULL);
  g_autoptr(PdRepo) repo = open_ok (r.top);

  g_test_summary ("Reading a reflog that does not exist must not create it");
  g_assert_false (g_file_test (logs, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < G_N_ELEMENTS (reflog_revisions); i++)
    assert_load_fails (repo, reflog_revisions[i], "p.programme", PD_ERROR_NOT_FOUND,
                       "unknown revision '", "there is no reflog for ", NULL);
  assert_load_fails (repo, "master@{u}@{1}", "p.programme", PD_ERROR_NOT_FOUND,
                     "at most one @{...}", NULL);
  g_assert_false (g_file_test (logs, G_FILE_TEST_EXISTS));
  /* @{0} is the reference itself: no reflog needed. */
  g_assert_cmpuint (n_areas (repo, "master@{0}", "p.programme"), ==, 16);

  /* A work tree whose branch has a reflog but HEAD has none. */
  g_auto(Repo) w = { 0 };
  make_repo (&w, "work", FALSE);
  g_autofree char *head_log = g_build_filename (w.gitdir, "logs", "HEAD", NULL);
  g_autofree char *branch_log = g_build_filename (w.gitdir, "logs", "refs", "heads", "master",
                                                  NULL);
  g_assert_cmpint (g_unlink (head_log), ==, 0);
  g_assert_true (g_file_test (branch_log, G_FILE_TEST_IS_REGULAR));
  g_autoptr(PdRepo) work = open_ok (w.top);
  assert_load_fails (work, "@{-1}", "p.programme", PD_ERROR_NOT_FOUND,
                     "there is no reflog for HEAD", NULL);
  assert_load_fails (work, "HEAD@{1}", "p.programme", PD_ERROR_NOT_FOUND,
                     "there is no reflog for HEAD", NULL);
  g_assert_cmpuint (n_areas (work, "master@{1}", "p.programme"), ==, 9);
  g_assert_false (g_file_test (head_log, G_FILE_TEST_EXISTS));
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Appends one line per file under @dir: path, type and mode, size and
 * modification time, in a stable order. */
static void
snapshot (GString *out, const char *top, const char *rel)
{
  g_autofree char *dir = g_build_filename (top, rel, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child_rel = g_build_filename (rel, names->pdata[i], NULL);
      g_autofree char *child = g_build_filename (top, child_rel, NULL);
      struct stat st;
      g_assert_cmpint (lstat (child, &st), ==, 0);
      g_string_append_printf (out, "%s %o %lld %lld.%09ld\n", child_rel, (unsigned) st.st_mode,
                              (long long) st.st_size, (long long) st.st_mtim.tv_sec,
                              st.st_mtim.tv_nsec);
      if (S_ISDIR (st.st_mode))
        snapshot (out, top, child_rel);
    }
}

static void
test_repo_unchanged (void)
{
  g_auto(Repo) r = { 0 };
  g_auto(Repo) bare = { 0 };
  make_repo (&r, "work", FALSE);
  make_repo (&bare, "bare.git", TRUE);
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) bare_before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  g_autoptr(GString) bare_after = g_string_new (NULL);
  g_autoptr(GPtrArray) revs = hostile_revisions ();

  g_test_summary ("Reading, failing and hostile input leave every file of the repository "
                  "as it was");
  snapshot (before, r.top, "");
  snapshot (bare_before, bare.top, "");

  {
    g_autoptr(PdRepo) repo = open_ok (r.top);
    g_assert_cmpuint (n_areas (repo, "HEAD", "p.programme"), ==, 16);
    g_assert_cmpuint (n_areas (repo, "HEAD@{0}", "p.programme"), ==, 16);
    for (guint i = 0; i < 6; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(PdDocument) document
            = pd_repo_load_document (repo, revs->pdata[i], "p.programme", NULL, &error);
        g_assert_null (document);
      }
  }
  const char *const *runs[] = {
    (const char *const[]) { "HEAD~1:p.programme", "HEAD:p.programme", NULL },
    (const char *const[]) { "HEAD:sub", "HEAD:link", NULL },
    (const char *const[]) { "xyz@:p.programme", "HEAD:bin.programme", NULL },
    (const char *const[]) { "HEAD@{1}:p.programme", "HEAD:./p.programme", NULL },
    (const char *const[]) { "@{-1}:p.programme", "master@{yesterday}:p.programme", NULL },
    (const char *const[]) { "HEAD@{1}~1:p.programme", "@{1}:p.programme", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_auto(PdTestRun) work = { 0 }, in_bare = { 0 };
      run_progdiff (&work, r.top, "diff", runs[i][0], runs[i][1], NULL);
      run_progdiff (&in_bare, bare.top, "check", runs[i][0], runs[i][1], NULL);
    }

  snapshot (after, r.top, "");
  snapshot (bare_after, bare.top, "");
  g_assert_cmpstr (after->str, ==, before->str);
  g_assert_cmpstr (bare_after->str, ==, bare_before->str);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The tests call libgit2 through the library's table, as it does. */
  g_assert_true (pd_git__load (NULL));

  /* A physical path, as libgit2 reports repositories by theirs. */
  g_autofree char *made = g_dir_make_tmp ("progdiff-test-repo-XXXXXX", NULL);
  g_assert_nonnull (made);
  base = realpath (made, NULL);
  g_assert_nonnull (base);
  g_autofree char *home = g_build_filename (base, "home", NULL);
  g_assert_cmpint (g_mkdir (home, 0700), ==, 0);

  /* Keep the developer's configuration out, for libgit2 here and for git
   * and progdiff in the processes the tests start. */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("GIT_CONFIG_NOSYSTEM", "1", TRUE);
  g_setenv ("GIT_CEILING_DIRECTORIES", base, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  for (const char *const *v
       = (const char *const[]) { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                                 "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                 "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", NULL };
       *v != NULL; v++)
    g_unsetenv (*v);

  git_libgit2_init ();
  static const git_config_level_t levels[] = {
    GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
    GIT_CONFIG_LEVEL_PROGRAMDATA,
  };
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    git_libgit2_opts (GIT_OPT_SET_SEARCH_PATH, levels[i], home);

  g_test_add_func ("/repo/lib/not-a-repository", test_repo_lib_not_a_repository);
  g_test_add_func ("/repo/lib/work-tree", test_repo_lib_work_tree);
  g_test_add_func ("/repo/lib/bare", test_repo_lib_bare);
  g_test_add_func ("/repo/lib/worktree", test_repo_lib_worktree);
  g_test_add_func ("/repo/lib/empty", test_repo_lib_empty);
  g_test_add_func ("/repo/lib/shallow", test_repo_lib_shallow);
  g_test_add_func ("/repo/lib/bad-specs", test_repo_lib_bad_specs);
  g_test_add_func ("/repo/lib/corrupt-object", test_repo_lib_corrupt_object);
  g_test_add_func ("/repo/lib/truncated-header", test_repo_lib_truncated_header);
  g_test_add_func ("/repo/lib/extensions", test_repo_lib_extensions);
  g_test_add_func ("/repo/lib/sha256", test_repo_lib_sha256);
  g_test_add_func ("/repo/lib/foreign-owner", test_repo_lib_foreign_owner);
  g_test_add_func ("/repo/lib/hostile-revisions", test_repo_lib_hostile_revisions);
  g_test_add_func ("/repo/lib/no-reflog", test_repo_lib_no_reflog);
  g_test_add_func ("/repo/cli/not-a-repository", test_repo_cli_not_a_repository);
  g_test_add_func ("/repo/cli/work-tree", test_repo_cli_work_tree);
  g_test_add_func ("/repo/cli/bare", test_repo_cli_bare);
  g_test_add_func ("/repo/cli/worktree", test_repo_cli_worktree);
  g_test_add_func ("/repo/cli/empty", test_repo_cli_empty);
  g_test_add_func ("/repo/cli/shallow", test_repo_cli_shallow);
  g_test_add_func ("/repo/cli/bad-specs", test_repo_cli_bad_specs);
  g_test_add_func ("/repo/cli/corrupt-object", test_repo_cli_corrupt_object);
  g_test_add_func ("/repo/cli/truncated", test_repo_cli_truncated);
  g_test_add_func ("/repo/cli/watchdog/default", test_repo_cli_watchdog_default);
  g_test_add_func ("/repo/cli/watchdog/off", test_repo_cli_watchdog_off);
  g_test_add_func ("/repo/cli/watchdog/invalid", test_repo_cli_watchdog_invalid);
  g_test_add_func ("/repo/cli/extensions", test_repo_cli_extensions);
  g_test_add_func ("/repo/cli/foreign-owner", test_repo_cli_foreign_owner);
  g_test_add_func ("/repo/cli/hostile-revisions", test_repo_cli_hostile_revisions);
  g_test_add_func ("/repo/unchanged", test_repo_unchanged);

  int status = g_test_run ();

  git_libgit2_shutdown ();
  remove_tree (base);
  free (base);
  return status;
}
