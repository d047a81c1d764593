/* pd-escape-private.h: make untrusted text safe to show (internal). */
#ifndef PD_ESCAPE_PRIVATE_H
#define PD_ESCAPE_PRIVATE_H

#include <glib.h>

G_BEGIN_DECLS

/* Appends @text (@length bytes, or up to NUL when @length is -1; need not
 * be valid UTF-8) to @out so that nothing in it can act on a terminal:
 * printable UTF-8 is kept; C0 controls, DEL and C1 controls become
 * escapes (`\t`, `\n`, `\r`, `\e`, `\xNN`, `\u0085`); bytes that are not
 * UTF-8 become `\xNN`; bidirectional controls and zero-width characters
 * become `<U+202E>` markers; a backslash stays a backslash. When
 * @keep_newlines is set, "\n" passes through as a line break. */
void pd_escape__append_visible (GString    *out,
                                const char *text,
                                gssize      length,
                                gboolean    keep_newlines);

/* Returns the first byte in [@p, @end) that is not printable ASCII (a
 * control character, tab included, DEL, or any byte of a non-ASCII
 * character), or @end. */
const char *pd_escape__skip_plain (const char *p,
                                   const char *end);

/* pd_escape__skip_plain() that also stops at a backslash: the reader's
 * test for a line that needs neither a byte check nor unescaping. */
const char *pd_escape__skip_plain_text (const char *p,
                                        const char *end);

/* Returns a newly allocated visible form of @text (see above). */
char *pd_escape__visible (const char *text,
                          gssize      length) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

#endif /* PD_ESCAPE_PRIVATE_H */
