/* pd-git-private.h: libgit2 glue (internal). The only header that
 * includes <git2.h>; public headers never do. */
#ifndef PD_GIT_PRIVATE_H
#define PD_GIT_PRIVATE_H

#include <git2.h>

#include <progdiff/progdiff.h>
#include <progdiff/pd-repo.h>

G_BEGIN_DECLS

/* ---- libgit2, loaded on first use ----
 *
 * Comparing two files needs no repository, and libgit2 brings Kerberos,
 * mbedTLS, libssh2 and libcrypto with it: loading them is most of a
 * short run's start-up time and 3 MB of its memory. So libprogdiff does
 * not link libgit2; pd_git__load() opens it (the soname these headers
 * are from) when a repository is first needed, and every libgit2
 * function the library calls goes through this table: the names below
 * expand to its pointers. The library is linked with -z defs, so a
 * function missing from the list fails the build. */
#define PD_GIT_FUNCTIONS(F) \
  F (git_blob_free) \
  F (git_blob_lookup) \
  F (git_blob_rawcontent) \
  F (git_blob_rawsize) \
  F (git_buf_dispose) \
  F (git_commit_author) \
  F (git_commit_dup) \
  F (git_commit_free) \
  F (git_commit_id) \
  F (git_commit_lookup) \
  F (git_commit_message_encoding) \
  F (git_commit_parent_id) \
  F (git_commit_parentcount) \
  F (git_commit_summary) \
  F (git_commit_time) \
  F (git_commit_time_offset) \
  F (git_commit_tree) \
  F (git_config_foreach) \
  F (git_config_free) \
  F (git_config_get_int32) \
  F (git_config_get_string_buf) \
  F (git_config_open_level) \
  F (git_config_open_ondisk) \
  F (git_config_set_string) \
  F (git_diff_find_options_init) \
  F (git_diff_find_similar) \
  F (git_diff_free) \
  F (git_diff_get_delta) \
  F (git_diff_num_deltas) \
  F (git_diff_options_init) \
  F (git_diff_tree_to_tree) \
  F (git_error_clear) \
  F (git_error_last) \
  F (git_libgit2_init) \
  F (git_libgit2_opts) \
  F (git_libgit2_shutdown) \
  F (git_object_free) \
  F (git_object_lookup) \
  F (git_object_peel) \
  F (git_object_short_id) \
  F (git_object_type) \
  F (git_object_type2string) \
  F (git_odb_free) \
  F (git_odb_read_header) \
  F (git_oid_cpy) \
  F (git_oid_equal) \
  F (git_oid_tostr) \
  F (git_patch_free) \
  F (git_patch_from_buffers) \
  F (git_patch_get_hunk) \
  F (git_patch_get_line_in_hunk) \
  F (git_patch_num_hunks) \
  F (git_reference_dwim) \
  F (git_reference_free) \
  F (git_reference_has_log) \
  F (git_reference_name) \
  F (git_reference_peel) \
  F (git_reference_resolve) \
  F (git_reference_target) \
  F (git_repository_config) \
  F (git_repository_discover) \
  F (git_repository_free) \
  F (git_repository_head_unborn) \
  F (git_repository_is_empty) \
  F (git_repository_is_shallow) \
  F (git_repository_item_path) \
  F (git_repository_odb) \
  F (git_repository_open_ext) \
  F (git_repository_path) \
  F (git_repository_workdir) \
  F (git_revparse_single) \
  F (git_revwalk_free) \
  F (git_strarray_dispose) \
  F (git_tree_entry_bypath) \
  F (git_tree_entry_filemode) \
  F (git_tree_entry_free) \
  F (git_tree_entry_id) \
  F (git_tree_free)

typedef struct
{
#define PD_GIT_POINTER(name) __typeof__ (name) *name;
  PD_GIT_FUNCTIONS (PD_GIT_POINTER)
#undef PD_GIT_POINTER
} PdGitFunctions;

extern PdGitFunctions pd_git__functions;

/* Loads libgit2 and fills the table, once per process; thread-safe.
 * Returns FALSE with @error (PD_ERROR_GIT) when the library or one of
 * its functions cannot be found; a later call tries again. */
gboolean pd_git__load (GError **error);

/* For tests: load @soname instead of libgit2's (NULL: libgit2's). */
void pd_git__set_soname (const char *soname);

/* pd-git-load.c fills the table, and so sees the real names. */
#ifndef PD_GIT_LOADER
#define git_blob_free (pd_git__functions.git_blob_free)
#define git_blob_lookup (pd_git__functions.git_blob_lookup)
#define git_blob_rawcontent (pd_git__functions.git_blob_rawcontent)
#define git_blob_rawsize (pd_git__functions.git_blob_rawsize)
#define git_buf_dispose (pd_git__functions.git_buf_dispose)
#define git_commit_author (pd_git__functions.git_commit_author)
#define git_commit_dup (pd_git__functions.git_commit_dup)
#define git_commit_free (pd_git__functions.git_commit_free)
#define git_commit_id (pd_git__functions.git_commit_id)
#define git_commit_lookup (pd_git__functions.git_commit_lookup)
#define git_commit_message_encoding (pd_git__functions.git_commit_message_encoding)
#define git_commit_parent_id (pd_git__functions.git_commit_parent_id)
#define git_commit_parentcount (pd_git__functions.git_commit_parentcount)
#define git_commit_summary (pd_git__functions.git_commit_summary)
#define git_commit_time (pd_git__functions.git_commit_time)
#define git_commit_time_offset (pd_git__functions.git_commit_time_offset)
#define git_commit_tree (pd_git__functions.git_commit_tree)
#define git_config_foreach (pd_git__functions.git_config_foreach)
#define git_config_free (pd_git__functions.git_config_free)
#define git_config_get_int32 (pd_git__functions.git_config_get_int32)
#define git_config_get_string_buf (pd_git__functions.git_config_get_string_buf)
#define git_config_open_level (pd_git__functions.git_config_open_level)
#define git_config_open_ondisk (pd_git__functions.git_config_open_ondisk)
#define git_config_set_string (pd_git__functions.git_config_set_string)
#define git_diff_find_options_init (pd_git__functions.git_diff_find_options_init)
#define git_diff_find_similar (pd_git__functions.git_diff_find_similar)
#define git_diff_free (pd_git__functions.git_diff_free)
#define git_diff_get_delta (pd_git__functions.git_diff_get_delta)
#define git_diff_num_deltas (pd_git__functions.git_diff_num_deltas)
#define git_diff_options_init (pd_git__functions.git_diff_options_init)
#define git_diff_tree_to_tree (pd_git__functions.git_diff_tree_to_tree)
#define git_error_clear (pd_git__functions.git_error_clear)
#define git_error_last (pd_git__functions.git_error_last)
#define git_libgit2_init (pd_git__functions.git_libgit2_init)
#define git_libgit2_opts (pd_git__functions.git_libgit2_opts)
#define git_libgit2_shutdown (pd_git__functions.git_libgit2_shutdown)
#define git_object_free (pd_git__functions.git_object_free)
#define git_object_lookup (pd_git__functions.git_object_lookup)
#define git_object_peel (pd_git__functions.git_object_peel)
#define git_object_short_id (pd_git__functions.git_object_short_id)
#define git_object_type (pd_git__functions.git_object_type)
#define git_object_type2string (pd_git__functions.git_object_type2string)
#define git_odb_free (pd_git__functions.git_odb_free)
#define git_odb_read_header (pd_git__functions.git_odb_read_header)
#define git_oid_cpy (pd_git__functions.git_oid_cpy)
#define git_oid_equal (pd_git__functions.git_oid_equal)
#define git_oid_tostr (pd_git__functions.git_oid_tostr)
#define git_patch_free (pd_git__functions.git_patch_free)
#define git_patch_from_buffers (pd_git__functions.git_patch_from_buffers)
#define git_patch_get_hunk (pd_git__functions.git_patch_get_hunk)
#define git_patch_get_line_in_hunk (pd_git__functions.git_patch_get_line_in_hunk)
#define git_patch_num_hunks (pd_git__functions.git_patch_num_hunks)
#define git_reference_dwim (pd_git__functions.git_reference_dwim)
#define git_reference_free (pd_git__functions.git_reference_free)
#define git_reference_has_log (pd_git__functions.git_reference_has_log)
#define git_reference_name (pd_git__functions.git_reference_name)
#define git_reference_peel (pd_git__functions.git_reference_peel)
#define git_reference_resolve (pd_git__functions.git_reference_resolve)
#define git_reference_target (pd_git__functions.git_reference_target)
#define git_repository_config (pd_git__functions.git_repository_config)
#define git_repository_discover (pd_git__functions.git_repository_discover)
#define git_repository_free (pd_git__functions.git_repository_free)
#define git_repository_head_unborn (pd_git__functions.git_repository_head_unborn)
#define git_repository_is_empty (pd_git__functions.git_repository_is_empty)
#define git_repository_is_shallow (pd_git__functions.git_repository_is_shallow)
#define git_repository_item_path (pd_git__functions.git_repository_item_path)
#define git_repository_odb (pd_git__functions.git_repository_odb)
#define git_repository_open_ext (pd_git__functions.git_repository_open_ext)
#define git_repository_path (pd_git__functions.git_repository_path)
#define git_repository_workdir (pd_git__functions.git_repository_workdir)
#define git_revparse_single (pd_git__functions.git_revparse_single)
#define git_revwalk_free (pd_git__functions.git_revwalk_free)
#define git_strarray_dispose (pd_git__functions.git_strarray_dispose)
#define git_tree_entry_bypath (pd_git__functions.git_tree_entry_bypath)
#define git_tree_entry_filemode (pd_git__functions.git_tree_entry_filemode)
#define git_tree_entry_free (pd_git__functions.git_tree_entry_free)
#define git_tree_entry_id (pd_git__functions.git_tree_entry_id)
#define git_tree_free (pd_git__functions.git_tree_free)
#endif /* PD_GIT_LOADER */

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

/* @path from the top of the tree: as given, or, when it starts with "./"
 * or "../", resolved from the current directory inside the work tree.
 * Messages start with "@name: " unless @name is NULL. Returns a new
 * string, or NULL with @error set (a bare repository, a path outside the
 * work tree). */
char *pd_repo__tree_path (PdRepo     *repo,
                          const char *name,
                          const char *path,
                          GError    **error);

/* The current directory from the top of the work tree, "" at the top;
 * NULL when it is not inside the work tree (or there is none). */
char *pd_repo__current_subdirectory (PdRepo *repo);

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
