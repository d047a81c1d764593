/* pd-test-git.c: build git repositories at test time with libgit2, with
 * fixed signatures so commit ids are the same on every run. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-test-git.h"
#include "pd-test-util.h"

static void
check (int rc)
{
  if (rc < 0)
    {
      const git_error *e = git_error_last ();
      g_error ("libgit2: %d %s", rc, e != NULL ? e->message : "");
    }
}

PdTestRepo *
pd_test_repo_new (void)
{
  PdTestRepo *r = g_new0 (PdTestRepo, 1);
  g_autoptr(GError) error = NULL;

  git_libgit2_init ();
  r->dir = g_dir_make_tmp ("progdiff-git-XXXXXX", &error);
  g_assert_no_error (error);
  /* No ~/.gitconfig or /etc/gitconfig may change what the tests see. */
  for (int level = GIT_CONFIG_LEVEL_SYSTEM; level <= GIT_CONFIG_LEVEL_GLOBAL; level++)
    check (git_libgit2_opts (GIT_OPT_SET_SEARCH_PATH, level, r->dir));
  check (git_repository_init (&r->repo, r->dir, FALSE));
  return r;
}

void
pd_test_repo_free (PdTestRepo *repo)
{
  if (repo == NULL)
    return;
  git_repository_free (repo->repo);
  pd_test_remove_tree (repo->dir);
  g_free (repo->dir);
  g_free (repo);
  git_libgit2_shutdown ();
}

/* The index holding the tree of @parent (or empty). */
static git_index *
index_for (PdTestRepo *r, git_commit *parent)
{
  git_index *index = NULL;

  /* The repository's own index: add_from_buffer needs one backed by a
   * repository. It is reset to the parent's tree for every commit. */
  check (git_repository_index (&index, r->repo));
  check (git_index_clear (index));
  if (parent != NULL)
    {
      git_tree *tree = NULL;
      check (git_commit_tree (&tree, parent));
      check (git_index_read_tree (index, tree));
      git_tree_free (tree);
    }
  return index;
}

char *
pd_test_repo_commit (PdTestRepo *r, const char *const *parents, gboolean update_head,
                     gint64 time, const char *message, ...)
{
  git_commit *parent_commits[4] = { NULL };
  size_t n_parents = 0;
  git_oid id;

  if (parents != NULL)
    for (; parents[n_parents] != NULL; n_parents++)
      {
        check (git_oid_fromstr (&id, parents[n_parents]));
        check (git_commit_lookup (&parent_commits[n_parents], r->repo, &id));
      }
  else if (git_reference_name_to_id (&id, r->repo, "HEAD") == 0)
    check (git_commit_lookup (&parent_commits[n_parents++], r->repo, &id));

  git_index *index = index_for (r, parent_commits[0]);
  va_list args;
  va_start (args, message);
  for (const char *path = va_arg (args, const char *); path != NULL;
       path = va_arg (args, const char *))
    {
      const char *content = va_arg (args, const char *);
      if (content == NULL)
        {
          check (git_index_remove_bypath (index, path));
          continue;
        }
      git_index_entry entry;
      memset (&entry, 0, sizeof entry);
      entry.path = path;
      entry.mode = GIT_FILEMODE_BLOB;
      check (git_index_add_from_buffer (index, &entry, content, strlen (content)));
    }
  va_end (args);

  git_oid tree_id, commit_id;
  git_tree *tree = NULL;
  git_signature *sig = NULL;
  check (git_index_write_tree_to (&tree_id, index, r->repo));
  check (git_tree_lookup (&tree, r->repo, &tree_id));
  check (git_signature_new (&sig, "Test Author", "author@example.invalid", time, 0));
  check (git_commit_create (&commit_id, r->repo, update_head ? "HEAD" : NULL, sig, sig, NULL,
                            message, tree, n_parents, (const git_commit **) parent_commits));
  git_signature_free (sig);
  git_tree_free (tree);
  git_index_free (index);
  for (size_t i = 0; i < n_parents; i++)
    git_commit_free (parent_commits[i]);

  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr (hex, sizeof hex, &commit_id);
  return g_strdup (hex);
}

char *
pd_test_fixture_text (const char *dir, const char *name)
{
  g_autofree char *path = pd_test_fixture_path (dir, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}
