/* pd-spool.c: pieces of text kept until they are written.
 *
 * A log report is written only once its walk is over, so that a walk
 * that fails leaves nothing half written. Until then it waits here. With
 * patches it grows with the history, and held in memory it made the
 * walk's memory grow with it (about 240 MB of peak RSS for `log -p` over
 * 100,000 commits). So pieces go into one string, with no allocation per
 * piece, and once that passes the limit the string moves into a
 * temporary file, as GNU sort does with what does not fit. Pieces then
 * reach the file through a 64 KiB buffer; reading them back goes through
 * a 64 KiB window.
 *
 * When no file can be made, or the file stops taking bytes (a full disk,
 * ulimit -f), the pieces stay in memory, as they all did before there
 * was a file: a TMPDIR that cannot take the report is no reason for the
 * report to fail. Only a file that cannot be read back is an error.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-escape-private.h"
#include "pd-spool-private.h"

#define BLOCK (64u << 10)

/* Offsets past 2 GiB must reach pread() whole: configure's
 * AC_SYS_LARGEFILE sees to it (so a 32-bit build with
 * --disable-largefile stops here). */
G_STATIC_ASSERT (sizeof (off_t) >= 8);

/* Set and read on the thread that writes reports, by tests only. */
static PdSpoolFaults faults;

void
pd_spool__set_faults (PdSpoolFaults set)
{
  faults = set;
}

typedef struct
{
  guint64 offset;
  guint64 length;
} Piece;

struct PdSpool
{
  gsize memory_limit;
  char *dir;                /* NULL: g_get_tmp_dir () */
  GArray *pieces;           /* Piece, in order */
  guint64 size;             /* of all the pieces */
  /* In memory (fd == -1), @held has every byte. In the file, the file
   * has the first @written bytes and @held the rest. */
  GString *held;
  int fd;
  gboolean no_file;         /* none could be made: all stays in memory */
  guint64 written;
  GString *window;          /* bytes of the file from @window_at */
  guint64 window_at;
  GError *failure;          /* once the file failed, every call fails */
};

PdSpool *
pd_spool__new (gsize memory_limit, const char *dir)
{
  PdSpool *spool = g_new0 (PdSpool, 1);

  spool->memory_limit = memory_limit;
  spool->dir = g_strdup (dir);
  spool->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  spool->held = g_string_new (NULL);
  spool->fd = -1;
  spool->window = g_string_new (NULL);
  return spool;
}

void
pd_spool__free (PdSpool *spool)
{
  if (spool == NULL)
    return;
  if (spool->fd >= 0)
    close (spool->fd);
  g_free (spool->dir);
  g_array_unref (spool->pieces);
  g_string_free (spool->held, TRUE);
  g_string_free (spool->window, TRUE);
  g_clear_error (&spool->failure);
  g_free (spool);
}

guint
pd_spool__get_n_pieces (const PdSpool *spool)
{
  return spool->pieces->len;
}

gsize
pd_spool__get_bytes_held (const PdSpool *spool)
{
  return spool->held->allocated_len + spool->window->allocated_len;
}

static const char *
spool_dir (const PdSpool *spool)
{
  return spool->dir != NULL ? spool->dir : g_get_tmp_dir ();
}

static gboolean
repeat_failure (const PdSpool *spool, GError **error)
{
  g_propagate_error (error, g_error_copy (spool->failure));
  return FALSE;
}

/* Records @errno_saved from reading the file as the spool's failure,
 * for this call and every later one: a write that fails is not one (the
 * pieces go back to memory). */
static gboolean
fail_read (PdSpool *spool, int errno_saved, GError **error)
{
  g_autofree char *dir = pd_escape__visible (spool_dir (spool), -1);

  spool->failure = g_error_new (G_FILE_ERROR, g_file_error_from_errno (errno_saved),
                                "cannot read the temporary file of the report in %s: %s", dir,
                                g_strerror (errno_saved));
  return repeat_failure (spool, error);
}

/* Appends @length bytes to the file; FALSE when it does not take them
 * all (@written counts those it took). */
static gboolean
write_all (PdSpool *spool, const char *p, gsize length)
{
  while (length > 0)
    {
      gssize n = write (spool->fd, p, MIN (length, (gsize) G_MAXSSIZE));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      length -= (gsize) n;
      spool->written += (guint64) n;
    }
  return TRUE;
}

static gboolean read_at (PdSpool *spool, guint64 at, gsize length, GString *out,
                         GError **error);

/* The file stopped taking bytes at @from or after: its first @from bytes
 * come back into memory, @rest (the bytes from @from on) after them, and
 * everything stays in memory from now on. */
static gboolean
back_to_memory (PdSpool *spool, guint64 from, const char *rest, gsize rest_length,
                GError **error)
{
  GString *all = g_string_sized_new (from + rest_length);

  if (!read_at (spool, 0, from, all, error))
    {
      g_string_free (all, TRUE);
      return FALSE;
    }
  g_string_append_len (all, rest, (gssize) rest_length);
  g_string_free (spool->held, TRUE);
  spool->held = all;
  close (spool->fd);
  spool->fd = -1;
  spool->written = 0;
  spool->no_file = TRUE;
  g_string_truncate (spool->window, 0);
  spool->window_at = 0;
  return TRUE;
}

/* Appends @text to the file, or to what is held once everything is back
 * in memory. */
static gboolean
put (PdSpool *spool, const char *text, gsize length, GError **error)
{
  if (spool->fd < 0)
    {
      g_string_append_len (spool->held, text, (gssize) length);
      return TRUE;
    }
  guint64 from = spool->written;
  return write_all (spool, text, length) || back_to_memory (spool, from, text, length, error);
}

static gboolean
flush_held (PdSpool *spool, GError **error)
{
  guint64 from = spool->written;

  if (!write_all (spool, spool->held->str, spool->held->len))
    return back_to_memory (spool, from, spool->held->str, spool->held->len, error);
  g_string_truncate (spool->held, 0);
  return TRUE;
}

/* A new file in the spool's directory that no name leads to: one made
 * without a name where the file system can (O_TMPFILE), so that not even
 * a signal can leave it behind; elsewhere one unlinked as soon as it is
 * made (should the unlink itself fail, the file is not used). -1 with
 * errno set when there is none. */
static int
open_unnamed (const char *dir)
{
  int fd;

#ifdef O_TMPFILE
  if (!(faults & PD_SPOOL_FAULT_NO_TMPFILE))
    {
      fd = g_open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
      if (fd >= 0)
        return fd;
    }
#endif
  g_autofree char *path = g_build_filename (dir, "progdiff-XXXXXX", NULL);
  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 && g_unlink (path) != 0)
    {
      int errsv = errno;
      close (fd);
      errno = errsv;
      return -1;
    }
  return fd;
}

/* Moves what is held into a new file, or keeps holding it all when no
 * file can be made or it takes none of it. */
static gboolean
spill (PdSpool *spool, GError **error)
{
  spool->fd = open_unnamed (spool_dir (spool));
  if (spool->fd < 0)
    {
      spool->no_file = TRUE;
      return TRUE;
    }
  if (!flush_held (spool, error))
    return FALSE;
  if (spool->fd >= 0)
    {
      /* Memory's string is as large as the limit: start a small one. */
      g_string_free (spool->held, TRUE);
      spool->held = g_string_sized_new (BLOCK);
    }
  return TRUE;
}

gboolean
pd_spool__add (PdSpool *spool, const char *text, gsize length, GError **error)
{
  if (spool->failure != NULL)
    return repeat_failure (spool, error);
  if (spool->fd < 0 && !spool->no_file && spool->size + length > spool->memory_limit
      && !spill (spool, error))
    return FALSE;

  Piece piece = { spool->size, length };
  g_array_append_val (spool->pieces, piece);
  spool->size += length;
  /* Large pieces go straight to the file, past what is held. */
  if (spool->fd >= 0 && length >= BLOCK)
    return flush_held (spool, error) && put (spool, text, length, error);
  g_string_append_len (spool->held, text, (gssize) length);
  if (spool->fd >= 0 && spool->held->len >= BLOCK)
    return flush_held (spool, error);
  return TRUE;
}

/* Reads the file's bytes [@at, @at + @length) to the end of @out. */
static gboolean
read_at (PdSpool *spool, guint64 at, gsize length, GString *out, GError **error)
{
  gsize start = out->len;

  g_string_set_size (out, start + length);
  for (gsize done = 0; done < length;)
    {
      gssize n = (faults & PD_SPOOL_FAULT_FAIL_READS) ? (errno = EIO, -1)
                            : pread (spool->fd, out->str + start + done, length - done,
                                     (off_t) (at + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_string_truncate (out, start);
          return fail_read (spool, n < 0 ? errno : EIO, error);
        }
      done += (gsize) n;
    }
  return TRUE;
}

/* Appends the file's bytes [@from, @to) to @out, through the window when
 * they fit in it. */
static gboolean
append_from_file (PdSpool *spool, guint64 from, guint64 to, GString *out, GError **error)
{
  if (to - from > BLOCK)
    return read_at (spool, from, to - from, out, error);
  if (from < spool->window_at || to > spool->window_at + spool->window->len)
    {
      /* Read on in the direction the pieces are being asked for. */
      guint64 at = from < spool->window_at && to > BLOCK ? to - BLOCK
                   : from < spool->window_at         ? 0
                                                     : from;
      g_string_truncate (spool->window, 0);
      if (!read_at (spool, at, MIN (BLOCK, spool->written - at), spool->window, error))
        return FALSE;
      spool->window_at = at;
    }
  g_string_append_len (out, spool->window->str + (from - spool->window_at), (gssize) (to - from));
  return TRUE;
}

gboolean
pd_spool__append_piece (PdSpool *spool, guint index, GString *out, GError **error)
{
  g_return_val_if_fail (index < spool->pieces->len, FALSE);

  if (spool->failure != NULL)
    return repeat_failure (spool, error);

  const Piece *piece = &g_array_index (spool->pieces, Piece, index);

  /* A piece is all in the file or all held: what is held is written
   * whole. */
  if (spool->fd < 0 || piece->offset >= spool->written)
    {
      g_string_append_len (out, spool->held->str + (piece->offset - spool->written),
                           (gssize) piece->length);
      return TRUE;
    }
  return append_from_file (spool, piece->offset, piece->offset + piece->length, out, error);
}
