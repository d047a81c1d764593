/* pd-error.c: the PD_ERROR domain and the library version. */
#include "config.h"

#include <progdiff/pd-error.h>
#include <progdiff/pd-types.h>

G_DEFINE_QUARK (pd-error-quark, pd_error)

const char *
pd_version_string (void)
{
  return PACKAGE_VERSION;
}
