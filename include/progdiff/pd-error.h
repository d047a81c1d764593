/* pd-error.h: the PD_ERROR domain. */
#ifndef PD_ERROR_H
#define PD_ERROR_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

#define PD_ERROR (pd_error_quark ())
GQuark pd_error_quark (void);

/**
 * PdError:
 * @PD_ERROR_FAILED: generic failure; treat unknown codes as this
 * @PD_ERROR_INVALID_DOCUMENT: the input is not a valid programme document
 * @PD_ERROR_NOT_FOUND: a file, area, path or revision does not exist
 * @PD_ERROR_GIT: libgit2 failed
 * @PD_ERROR_UNSUPPORTED: a valid request progdiff does not support
 * @PD_ERROR_TOO_LARGE: an input is over a documented size limit
 *
 * Errors from file access keep GLib's G_FILE_ERROR domain, with the
 * file name prefixed to the message.
 */
typedef enum
{
  PD_ERROR_FAILED,
  PD_ERROR_INVALID_DOCUMENT,
  PD_ERROR_NOT_FOUND,
  PD_ERROR_GIT,
  PD_ERROR_UNSUPPORTED,
  PD_ERROR_TOO_LARGE,
} PdError;

G_END_DECLS

#endif /* PD_ERROR_H */
