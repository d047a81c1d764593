/* pd-document-private.h: programme documents (internal). */
#ifndef PD_DOCUMENT_PRIVATE_H
#define PD_DOCUMENT_PRIVATE_H

#include <progdiff/pd-document.h>

G_BEGIN_DECLS

/* The most errors one load reports before it stops with "too many errors". */
#define PD_DOCUMENT__MAX_ERRORS 50

/* Reads all of @path (any kind of file but a directory) into a new buffer,
 * failing with PD_ERROR_TOO_LARGE as soon as more than @max_size bytes
 * have been read (or fstat() says there are more), so that no more than
 * @max_size + 1 bytes are ever allocated. Errors are G_FILE_ERROR or
 * PD_ERROR_TOO_LARGE, their messages prefixed with @path. The buffer is
 * NUL-terminated after @length_out bytes; free it with g_free().
 * pd_document_load_file() calls this with PD_DOCUMENT_MAX_SIZE; tests
 * pass a small @max_size to exercise the cap on endless files quickly. */
gboolean pd_document__read_file (const char  *path,
                                 gsize        max_size,
                                 char       **data_out,
                                 gsize       *length_out,
                                 GError     **error);

/* A document that reads as @document under another @name, sharing all
 * else with it (and keeping it alive): one version of a file that
 * several commits name differently is parsed once. The alias is read
 * only, like any loaded document. Free it with pd_document_unref(). */
PdDocument *pd_document__alias (PdDocument *document,
                                const char *name);

/* How many lines of @document the reader took on its fast path (plain:
 * printable ASCII with no backslash, see find_line_end()), for tests
 * that compare that path with the general one. */
guint pd_document__get_n_plain_lines (const PdDocument *document);

G_END_DECLS

#endif /* PD_DOCUMENT_PRIVATE_H */
