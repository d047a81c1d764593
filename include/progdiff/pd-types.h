/* pd-types.h: forward declarations of every opaque progdiff type. */
#ifndef PD_TYPES_H
#define PD_TYPES_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

typedef struct PdDocument   PdDocument;
typedef struct PdArea       PdArea;
typedef struct PdWdiff      PdWdiff;
typedef struct PdMatching   PdMatching;
typedef struct PdComparison PdComparison;

/**
 * pd_version_string:
 *
 * Returns: (transfer none): the library's version, e.g. "0.1.0"; static
 */
const char *pd_version_string (void);

G_END_DECLS

#endif /* PD_TYPES_H */
