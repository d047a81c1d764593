/* pd-escape.h: show untrusted text safely. */
#ifndef PD_ESCAPE_H
#define PD_ESCAPE_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * pd_escape_visible:
 * @text: bytes to show; need not be valid UTF-8
 * @length: the number of bytes, or -1 when @text is NUL-terminated
 *
 * Makes @text safe for a terminal: printable UTF-8 is kept; control
 * characters (C0, DEL, C1) become `\e`, `\t`, `\n`, `\r`, `\xNN` or
 * `\uNNNN`; bytes that are not UTF-8 become `\xNN`; bidirectional
 * controls and zero-width characters become `<U+NNNN>` markers.
 *
 * Returns: (transfer full): valid UTF-8 without control characters;
 *   free with g_free()
 */
char *pd_escape_visible (const char *text,
                         gssize      length) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

#endif /* PD_ESCAPE_H */
