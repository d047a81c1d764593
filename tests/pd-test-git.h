/* pd-test-git.h: build git repositories at test time with libgit2. */
#ifndef PD_TEST_GIT_H
#define PD_TEST_GIT_H

#include <git2.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  git_repository *repo;
} PdTestRepo;

/* A new repository in a fresh temporary directory, isolated from the
 * user's and the system's git configuration. */
PdTestRepo *pd_test_repo_new (void);
/* Deletes the directory and frees. */
void pd_test_repo_free (PdTestRepo *repo);

/* Commits on top of @parents (NULL-terminated hex ids; NULL for HEAD, or
 * a root commit when HEAD is unborn) the tree of the first parent with
 * @changes applied: pairs of path and content, content NULL to delete.
 * Moves HEAD when @update_head. Returns the new commit's hex id. */
char *pd_test_repo_commit (PdTestRepo *repo, const char *const *parents, gboolean update_head,
                           gint64 time, const char *message, ...) G_GNUC_NULL_TERMINATED;

/* The contents of a fixture file. */
char *pd_test_fixture_text (const char *dir, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestRepo, pd_test_repo_free)

G_END_DECLS

#endif /* PD_TEST_GIT_H */
