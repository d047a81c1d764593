/* pd-document.c: placeholder until the reader lands. */
#include "config.h"

#include <progdiff/progdiff.h>

PdDocument *
pd_document_load_file (const char *path, GPtrArray *diagnostics, GError **error)
{
  g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED, "%s: reader not written yet", path);
  return NULL;
}

PdDocument *
pd_document_load_data (const char *name, const char *data, gsize length,
                       GPtrArray *diagnostics, GError **error)
{
  g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED, "%s: reader not written yet", name);
  return NULL;
}
