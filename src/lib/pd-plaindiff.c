/* pd-plaindiff.c: a plain unified line diff, computed by libgit2.
 *
 * libgit2 finds the hunks (git_patch_from_buffers(), xdiff underneath);
 * the text is written here, line by line, rather than with
 * git_patch_to_buf(), so that every byte of the input goes through the
 * visible-escape filter: patch text from libgit2 is the input verbatim,
 * ESC and OSC sequences included, and its hunk headers quote a line of
 * the input as function context.
 */
#include "config.h"

#include <string.h>

#include "pd-escape-private.h"
#include "pd-git-private.h"

/* git's own rule for "binary" (xdiff-interface.c: buffer_is_binary): a
 * NUL in the first 8000 bytes. libgit2's heuristic differs (shared notes
 * L9), so it is told to treat everything else as text. */
#define BINARY_PROBE 8000

/* git's default colours for color.diff.{meta,frag,old,new}. */
#define BOLD "\033[1m"
#define CYAN "\033[36m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define RESET "\033[m"

typedef struct
{
  GString *out;
  gboolean color;
} Plain;

static void
put_color (Plain *p, const char *code)
{
  if (p->color)
    g_string_append (p->out, code);
}

static gboolean
is_binary (GBytes *data)
{
  if (data == NULL)
    return FALSE;
  gsize size = 0;
  const char *bytes = g_bytes_get_data (data, &size);
  return size > 0 && memchr (bytes, '\0', MIN (size, BINARY_PROBE)) != NULL;
}

/* Appends one line of input without its line break. Tabs stay tabs:
 * they cannot drive a terminal and diffs of indented text need them. */
static void
put_line_text (Plain *p, const char *text, gsize length)
{
  if (length > 0 && text[length - 1] == '\n')
    length--;
  const char *end = text + length;
  while (text < end)
    {
      const char *tab = memchr (text, '\t', end - text);
      gsize run = (tab != NULL ? tab : end) - text;
      pd_escape__append_visible (p->out, text, run, FALSE);
      text += run;
      if (tab != NULL)
        {
          g_string_append_c (p->out, '\t');
          text++;
        }
    }
}

static void
put_file_line (Plain *p, const char *marker, const char *name)
{
  put_color (p, BOLD);
  g_string_append (p->out, marker);
  pd_escape__append_visible (p->out, name != NULL ? name : "/dev/null", -1, FALSE);
  put_color (p, RESET);
  g_string_append_c (p->out, '\n');
}

/* "@@ -1,3 +1,4 @@ context": the ranges in the fragment colour, the
 * context (a line of the input) escaped. */
static void
put_hunk_header (Plain *p, const git_diff_hunk *hunk)
{
  gsize length = MIN (hunk->header_len, sizeof hunk->header);
  const char *header = hunk->header;
  const char *close = length > 4 ? g_strstr_len (header + 2, length - 2, "@@") : NULL;
  gsize ranges = close != NULL ? (gsize) (close + 2 - header) : length;

  put_color (p, CYAN);
  pd_escape__append_visible (p->out, header, ranges, FALSE);
  put_color (p, RESET);
  put_line_text (p, header + ranges, length - ranges);
  g_string_append_c (p->out, '\n');
}

static void
put_diff_line (Plain *p, const git_diff_line *line)
{
  switch (line->origin)
    {
    case GIT_DIFF_LINE_CONTEXT:
      g_string_append_c (p->out, ' ');
      break;
    case GIT_DIFF_LINE_ADDITION:
      put_color (p, GREEN);
      g_string_append_c (p->out, '+');
      break;
    case GIT_DIFF_LINE_DELETION:
      put_color (p, RED);
      g_string_append_c (p->out, '-');
      break;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
      /* The line before it had no newline: say so as git does. */
      g_string_append (p->out, "\\ No newline at end of file\n");
      return;
    default:
      return;
    }
  put_line_text (p, line->content, line->content_len);
  if (line->origin != GIT_DIFF_LINE_CONTEXT)
    put_color (p, RESET);
  g_string_append_c (p->out, '\n');
}

static gboolean
render_patch (Plain *p, git_patch *patch, GError **error)
{
  for (size_t h = 0; h < git_patch_num_hunks (patch); h++)
    {
      const git_diff_hunk *hunk = NULL;
      size_t n_lines = 0;
      int rc = git_patch_get_hunk (&hunk, &n_lines, patch, h);
      if (rc < 0)
        return pd_git__set_error (error, rc, "cannot read a diff hunk");
      put_hunk_header (p, hunk);
      for (size_t l = 0; l < n_lines; l++)
        {
          const git_diff_line *line = NULL;
          if ((rc = git_patch_get_line_in_hunk (&line, patch, h, l)) < 0)
            return pd_git__set_error (error, rc, "cannot read a diff line");
          put_diff_line (p, line);
        }
    }
  return TRUE;
}

static const void *
bytes_data (GBytes *data, size_t *size_out)
{
  gsize size = 0;
  const void *bytes = data != NULL ? g_bytes_get_data (data, &size) : NULL;

  *size_out = size;
  return bytes;
}

gboolean
pd_plaindiff_render (const char        *old_name,
                     GBytes            *old_data,
                     const char        *new_name,
                     GBytes            *new_data,
                     PdPlaindiffFlags   flags,
                     GString           *out,
                     GError           **error)
{
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (old_data == new_data || (old_data != NULL && new_data != NULL
                               && g_bytes_equal (old_data, new_data)))
    return TRUE;

  Plain p = { out, (flags & PD_PLAINDIFF_FLAGS_COLOR) != 0 };
  const char *shown_old = old_data != NULL ? old_name : NULL;
  const char *shown_new = new_data != NULL ? new_name : NULL;
  gsize start = out->len;

  if (is_binary (old_data) || is_binary (new_data))
    {
      g_string_append (out, "Binary files ");
      pd_escape__append_visible (out, shown_old != NULL ? shown_old : "/dev/null", -1, FALSE);
      g_string_append (out, " and ");
      pd_escape__append_visible (out, shown_new != NULL ? shown_new : "/dev/null", -1, FALSE);
      g_string_append (out, " differ\n");
      return TRUE;
    }

  if (!pd_git__load (error))
    {
      g_string_truncate (out, start);
      return FALSE;
    }
  git_diff_options options;
  git_diff_options_init (&options, GIT_DIFF_OPTIONS_VERSION);
  options.flags = GIT_DIFF_FORCE_TEXT;
  size_t old_size = 0, new_size = 0;
  const void *old_bytes = bytes_data (old_data, &old_size);
  const void *new_bytes = bytes_data (new_data, &new_size);

  git_libgit2_init ();
  g_autoptr(git_patch) patch = NULL;
  /* Names are ours to print; libgit2 gets none, so it cannot pick a
   * diff driver or attributes for them. */
  int rc = git_patch_from_buffers (&patch, old_bytes, old_size, NULL, new_bytes, new_size,
                                   NULL, &options);
  gboolean ok = rc >= 0 || pd_git__set_error (error, rc, "cannot compute the line diff");
  if (ok)
    {
      put_file_line (&p, "--- ", shown_old);
      put_file_line (&p, "+++ ", shown_new);
      ok = render_patch (&p, patch, error);
    }
  g_clear_pointer (&patch, git_patch_free);
  git_libgit2_shutdown ();
  if (!ok)
    g_string_truncate (out, start);
  return ok;
}
