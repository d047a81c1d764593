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
 * Opens a repository for reading. libprogdiff is not linked with
 * libgit2: the first call loads it (`libgit2.so.1.5`, the soname of the
 * libgit2 it was built with), so that a program which only compares
 * files never pays for loading libgit2 and the libraries it needs.
 * Since progdiff reads each object about once, it also sets libgit2's
 * process-wide options so that memory does not grow with the history:
 * no object cache, and at most 8 MiB of pack mapped at a time, in
 * 1 MiB windows.
 *
 * Errors: %PD_ERROR_NOT_FOUND when @path is not a directory or no
 * repository is found, %PD_ERROR_UNSUPPORTED for a repository libgit2
 * cannot read (a format version above 1, an unsupported extension such
 * as worktreeConfig or objectFormat=sha256, a repository owned by another
 * user that safe.directory does not name), %PD_ERROR_GIT when libgit2
 * cannot be loaded, and otherwise.
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

/**
 * PD_REPO_DRIVER_ATTRIBUTE:
 *
 * The `.gitattributes` line pd_repo_install_driver() adds: programme
 * documents use the diff driver named `progdiff`.
 */
#define PD_REPO_DRIVER_ATTRIBUTE "*.programme diff=progdiff"

/**
 * PD_REPO_DRIVER_COMMAND:
 *
 * The default value of `diff.progdiff.command`: the progdiff found on
 * PATH, in git's external diff mode.
 */
#define PD_REPO_DRIVER_COMMAND "progdiff git-driver"

/**
 * PdRepoDriverSetup:
 * @attributes_file: the work tree's top-level `.gitattributes`
 * @attributes_created: it did not exist and was created
 * @attributes_appended: %PD_REPO_DRIVER_ATTRIBUTE was appended to it;
 *   %FALSE when the file already had that line
 * @config_file: the repository's own configuration file
 * @previous_command: (nullable): the value of `diff.progdiff.command`
 *   that was replaced, %NULL when there was none
 * @command_set: the value was written; %FALSE when it already had it
 *
 * What pd_repo_install_driver() did. Clear with pd_repo_driver_setup_clear().
 */
typedef struct
{
  char *attributes_file;
  gboolean attributes_created;
  gboolean attributes_appended;
  char *config_file;
  char *previous_command;
  gboolean command_set;
} PdRepoDriverSetup;

void pd_repo_driver_setup_clear (PdRepoDriverSetup *setup);

/**
 * pd_repo_install_driver:
 * @repo: an open repository with a work tree
 * @command: (nullable): the value for `diff.progdiff.command`; %NULL for
 *   %PD_REPO_DRIVER_COMMAND. It is written as given, never run.
 * @out: (out caller-allocates): what was done; zero it before the call,
 *   clear it with pd_repo_driver_setup_clear() afterwards (also on failure,
 *   when it says what was done before the failure)
 * @error: return location for a #GError, or %NULL
 *
 * Makes `git diff` show programme documents area by area: sets
 * `diff.progdiff.command` in the repository's own configuration (the
 * local level, `.git/config`; no other level and no other key is
 * touched), then appends %PD_REPO_DRIVER_ATTRIBUTE to the top-level
 * `.gitattributes`, creating it, unless a line with those two words is
 * already there. Nothing else is modified. Running it twice changes
 * nothing the second time.
 *
 * Errors: %PD_ERROR_UNSUPPORTED for a bare repository, or when
 * `.gitattributes` is a symbolic link or not a regular file (git does
 * not follow such a link in the work tree); %G_FILE_ERROR when it cannot
 * be read or written; %PD_ERROR_GIT when the configuration cannot be
 * written. Messages name the file.
 *
 * Returns: %TRUE on success
 */
gboolean pd_repo_install_driver (PdRepo             *repo,
                                 const char         *command,
                                 PdRepoDriverSetup  *out,
                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRepo, pd_repo_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdRepoDriverSetup, pd_repo_driver_setup_clear)

G_END_DECLS

#endif /* PD_REPO_H */
