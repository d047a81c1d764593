/* pd-git-private.h: libgit2 glue (internal). The only header that
 * includes <git2.h>; public headers never do. */
#ifndef PD_GIT_PRIVATE_H
#define PD_GIT_PRIVATE_H

#include <git2.h>

#include <progdiff/progdiff.h>
#include <progdiff/pd-repo.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_repository, git_repository_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_object, git_object_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_commit, git_commit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree, git_tree_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_tree_entry, git_tree_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_blob, git_blob_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_odb, git_odb_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_revwalk, git_revwalk_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_config, git_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_patch, git_patch_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (git_buf, git_buf_dispose)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (git_reference, git_reference_free)

/* Sets @error from libgit2's last error (which may be NULL on 1.5, see
 * the shared notes L1), prefixed with @what; the message is made
 * visible, since libgit2 echoes user input raw (L10). Returns FALSE. */
gboolean pd_git__set_error (GError     **error,
                            int          rc,
                            const char  *what);

/* The repository behind @repo. */
git_repository *pd_repo__get_git (PdRepo *repo);

/* For tests: the bytes of blobs a log walk reads ahead of the entry it
 * hands over (64 MiB by default); 0 looks one entry ahead only. */
void pd_history__set_lookahead_bytes (guint64 bytes);

/* The same repository opened once more, for another thread (libgit2
 * wants one git_repository per thread, shared notes L13). Messages name
 * it as they name @repo. Free with pd_repo_free(). */
PdRepo *pd_repo__open_again (const PdRepo *repo,
                             GError      **error);

/* Reads blob @id as a document called @name, checking its size first.
 * Blobs with a NUL in their first 8000 bytes are not documents. */
PdDocument *pd_repo__load_blob (PdRepo        *repo,
                                const git_oid *id,
                                const char    *name,
                                GPtrArray     *diagnostics,
                                GError       **error);

/* Resolves revision @rev with every guard progdiff keeps (control
 * characters, length, reflogs libgit2 would create, "x@", shallow
 * boundaries). Messages start with "@name: " when @name is not NULL.
 * Returns a new reference to the object, or NULL with @error set. */
git_object *pd_repo__resolve (PdRepo     *repo,
                              const char *rev,
                              const char *name,
                              GError    **error);

/* Finds @path in @tree: sets @id_out and returns TRUE when it is a blob
 * (a regular or executable file); returns FALSE with @error set to
 * PD_ERROR_NOT_FOUND when absent, PD_ERROR_INVALID_DOCUMENT when it is
 * something else. @error may be NULL. */
gboolean pd_repo__find_blob (git_tree   *tree,
                             const char *path,
                             git_oid    *id_out,
                             GError    **error);

G_END_DECLS

#endif /* PD_GIT_PRIVATE_H */
