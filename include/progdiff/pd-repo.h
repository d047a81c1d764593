/* pd-repo.h: programme documents stored in a git repository.
 *
 * progdiff reads repositories with libgit2 and never writes to them
 * (pd_repo_install_driver() excepted, which writes only the files it
 * names), and never runs a program a repository's configuration names.
 * Messages show revisions, paths and libgit2's words made visible
 * (control characters escaped) and cut short when very long.
 */
#ifndef PD_REPO_H
#define PD_REPO_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>

G_BEGIN_DECLS

typedef struct PdRepo PdRepo;

/**
 * pd_repo_open:
 * @path: (nullable): a directory in a work tree, a `.git` directory or a
 *   bare repository; %NULL for the current directory. The repository is
 *   searched for upwards from there, as git does, stopping at the
 *   directories listed in `GIT_CEILING_DIRECTORIES`.
 * @error: return location for a #GError, or %NULL
 *
 * Opens a repository for reading.
 *
 * Errors: %PD_ERROR_NOT_FOUND when @path is not a directory or no
 * repository is found, %PD_ERROR_UNSUPPORTED for a repository libgit2
 * cannot read (a format version above 1, an unsupported extension such
 * as worktreeConfig or objectFormat=sha256, a repository owned by another
 * user that safe.directory does not name), %PD_ERROR_GIT otherwise.
 * Messages name the directory or the repository.
 *
 * Returns: (transfer full) (nullable): free with pd_repo_free()
 */
PdRepo *pd_repo_open (const char  *path,
                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;

void pd_repo_free (PdRepo *repo);

/** Returns: (transfer none): the work tree, or the git directory of a bare repository */
const char *pd_repo_get_path (const PdRepo *repo);

/** Returns: whether the repository is a shallow clone */
gboolean pd_repo_is_shallow (const PdRepo *repo);

/**
 * pd_repo_split_spec:
 * @spec: an argument such as `HEAD~1:plan.programme`
 * @rev_out: (out) (optional): the revision part; free with g_free()
 * @path_out: (out) (optional): the path part; free with g_free()
 *
 * Splits `REV:PATH` at its first colon. Both parts must be non-empty.
 *
 * Returns: %FALSE when @spec is not of that form (outputs untouched)
 */
gboolean pd_repo_split_spec (const char  *spec,
                             char       **rev_out,
                             char       **path_out);

/**
 * pd_repo_load_document:
 * @repo: an open repository
 * @rev: a revision as git understands it (`HEAD`, `v2023`, `main~2`, an id)
 * @path: the document's path from the top of the tree; a path starting
 *   with `./` or `../` is taken relative to the current directory, which
 *   must then be inside the work tree
 * @diagnostics: (nullable): as for pd_document_load_file()
 * @error: return location for a #GError, or %NULL
 *
 * Reads the document stored at @rev:@path. It is named `REV:PATH` in
 * diagnostics. Its size is checked before it is read.
 *
 * Some revisions are refused before libgit2 sees them, as unknown:
 * longer than 1024 bytes, holding a control character, ending in `@`
 * without naming a reference (libgit2 1.5 would read `x@` as HEAD), or
 * reading a reflog that does not exist (libgit2 1.5 would create it).
 *
 * Errors: %PD_ERROR_NOT_FOUND for an unknown revision (the message says
 * when the repository has no commits or is a shallow clone lacking that
 * history), a revision that names a blob, a path that is absent at that
 * revision, or a `./` path outside the work tree or in a bare
 * repository; %PD_ERROR_INVALID_DOCUMENT when the path is a directory, a
 * submodule, a symbolic link or a binary file, or the document is
 * invalid; %PD_ERROR_TOO_LARGE; %PD_ERROR_GIT for a damaged repository
 * (an object that is missing, unreadable or does not match its id).
 *
 * A truncated loose object can make libgit2 1.5 loop for ever here; the
 * progdiff command guards its calls with a watchdog.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
PdDocument *pd_repo_load_document (PdRepo      *repo,
                                   const char  *rev,
                                   const char  *path,
                                   GPtrArray   *diagnostics,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRepo, pd_repo_free)

G_END_DECLS

#endif /* PD_REPO_H */
