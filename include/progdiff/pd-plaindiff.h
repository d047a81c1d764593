/* pd-plaindiff.h: a plain unified line diff of any two files.
 *
 * The fallback when a version is not a programme document (invalid,
 * binary, or not a *.programme file at all): the git driver must show
 * something rather than nothing. Lines are shown safely, like every
 * other report: no control character from the input reaches the output.
 */
#ifndef PD_PLAINDIFF_H
#define PD_PLAINDIFF_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PD_PLAINDIFF_FLAGS_NONE = 0,
  PD_PLAINDIFF_FLAGS_COLOR = 1 << 0,
} PdPlaindiffFlags;

/**
 * pd_plaindiff_render:
 * @old_name: (nullable): what to call the old side in the `---` line,
 *   e.g. "a/plan.programme"; %NULL or an absent @old_data shows `/dev/null`
 * @old_data: (nullable): the old bytes; %NULL when the old side does not
 *   exist (an added file)
 * @new_name: (nullable): likewise for the `+++` line
 * @new_data: (nullable): the new bytes; %NULL for a deleted file
 * @flags: %PD_PLAINDIFF_FLAGS_COLOR adds git's default ANSI colours
 * @out: the string to append to
 * @error: return location for a #GError, or %NULL
 *
 * Appends a unified diff (three lines of context) of @old_data and
 * @new_data to @out: a `---` and a `+++` line, then the hunks. Nothing is
 * appended when both sides are equal. A side with a NUL byte in its first
 * 8000 bytes is binary, as git decides it, and the diff is the single
 * line `Binary files OLD and NEW differ`.
 *
 * Names and lines are made visible as by pd_escape_visible(), except
 * that a tab in a line stays a tab; a line without a final newline is
 * followed by `\ No newline at end of file`. The diff itself is
 * computed by libgit2 (git_patch_from_buffers()), which the first call
 * that needs it loads (see pd_repo_open()).
 *
 * Errors: %PD_ERROR_GIT when libgit2 cannot be loaded or fails. On
 * failure @out is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean pd_plaindiff_render (const char        *old_name,
                              GBytes            *old_data,
                              const char        *new_name,
                              GBytes            *new_data,
                              PdPlaindiffFlags   flags,
                              GString           *out,
                              GError           **error);

G_END_DECLS

#endif /* PD_PLAINDIFF_H */
