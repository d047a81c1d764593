/* pd-spool-private.h: pieces of text kept in order until they are
 * written, in memory up to a limit and past it in a temporary file
 * (internal). */
#ifndef PD_SPOOL_PRIVATE_H
#define PD_SPOOL_PRIVATE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct PdSpool PdSpool;

/* A spool that holds up to @memory_limit bytes in memory; past that,
 * every piece moves to a file in @dir (%NULL: g_get_tmp_dir(), which
 * follows $TMPDIR) that no name leads to, so nothing is left behind
 * however the process ends. When no file can be made there, or the file
 * stops taking bytes (a full disk; past `ulimit -f`, where a process
 * that does not ignore SIGXFSZ is killed instead), every piece stays in
 * memory. */
PdSpool *pd_spool__new  (gsize       memory_limit,
                         const char *dir) G_GNUC_WARN_UNUSED_RESULT;
void     pd_spool__free (PdSpool *spool);

/* Adds @text (@length bytes) as the next piece. Errors: G_FILE_ERROR
 * when the file, which stopped taking bytes, cannot be read back into
 * memory; the spool is then good only for pd_spool__free(). */
gboolean pd_spool__add (PdSpool    *spool,
                        const char *text,
                        gsize       length,
                        GError    **error);

/* How many pieces were added. */
guint    pd_spool__get_n_pieces (const PdSpool *spool);

/* How many bytes the spool has allocated for pieces in memory: all the
 * pieces until the file is made, then 256 KiB at most (what waits to be
 * written, and the window that reads the file back). */
gsize    pd_spool__get_bytes_held (const PdSpool *spool);

/* Appends piece @index to @out. Pieces can be read in any order and
 * again; reading them forwards or backwards reads the file in 64 KiB
 * blocks. Errors: G_FILE_ERROR when the file cannot be read, and from
 * then on. */
gboolean pd_spool__append_piece (PdSpool *spool,
                                 guint    index,
                                 GString *out,
                                 GError **error);

/* For tests: faults to make, in every spool, until set again. */
typedef enum
{
  PD_SPOOL_FAULTS_NONE = 0,
  PD_SPOOL_FAULT_FAIL_READS = 1 << 0,   /* reading the file fails with EIO */
  PD_SPOOL_FAULT_NO_TMPFILE = 1 << 1,   /* make files as O_TMPFILE cannot */
} PdSpoolFaults;

void     pd_spool__set_faults (PdSpoolFaults faults);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSpool, pd_spool__free)

G_END_DECLS

#endif /* PD_SPOOL_PRIVATE_H */
