/* pd-cli-output.c: everything the command prints goes through here.
 *
 * g_print() ignores write errors and converts to the locale's charset;
 * reports are UTF-8 bytes written with stdio and checked, and standard
 * output is closed and checked at exit, so "progdiff … >/dev/full" fails
 * with status 2 like GNU tools instead of claiming success.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-cli.h"

/* Set when a write error on standard output was already reported: the
 * exit hook then only keeps the status, instead of saying it twice. */
static gboolean stdout_error_reported;

static void
close_stdout (void)
{
  gboolean failed = ferror (stdout) != 0;

  if (fclose (stdout) != 0)
    failed = TRUE;
  if (failed && stdout_error_reported)
    _exit (PD_CLI_EXIT_TROUBLE);
  if (failed)
    {
      fprintf (stderr, "progdiff: error: write error on standard output: %s\n",
               g_strerror (errno != 0 ? errno : EIO));
      _exit (PD_CLI_EXIT_TROUBLE);
    }
}

/* ---- running out of memory ----
 *
 * g_malloc() and g_realloc() end the process when an allocation fails
 * (GLib's policy): g_error() then traps, which looks like a crash and
 * names no file. Their message reaches the log writer below first,
 * which turns it into "progdiff: error: out of memory: …" and exit
 * status 2. A report is only written once everything it shows has been
 * computed, and writing it needs little memory (pieces of 64 KiB), so
 * in practice nothing has been written by then; an -o file still being
 * written is removed, so none is left half-written. The writer
 * allocates nothing, as memory is short. */

static int out_of_memory_status = PD_CLI_EXIT_TROUBLE;

/* The temporary file of an -o output not yet complete ("" for none), in
 * static storage: the out-of-memory writer and the signal handler below
 * may read it on any thread, and must not allocate. A path too long for
 * it is not cleaned up that way. */
static char unfinished_output[4096];
static volatile sig_atomic_t have_unfinished_output;

static void
remove_unfinished_output (void)
{
  if (have_unfinished_output)
    unlink (unfinished_output);
}

/* Ctrl-C, a kill or a hang-up while a report is written: the temporary
 * file goes first, then the signal does what it would have done. */
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[G_N_ELEMENTS (cleanup_signals)];

static void
on_cleanup_signal (int signum)
{
  remove_unfinished_output ();
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    if (cleanup_signals[i] == signum)
      sigaction (signum, &saved_actions[i], NULL);
  raise (signum);
}

static void
track_unfinished_output (const char *path)
{
  struct sigaction action = { 0 };

  if (strlen (path) >= sizeof unfinished_output)
    return;
  strcpy (unfinished_output, path);
  have_unfinished_output = 1;
  action.sa_handler = on_cleanup_signal;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    sigaction (cleanup_signals[i], &action, &saved_actions[i]);
}

static void
untrack_unfinished_output (void)
{
  if (!have_unfinished_output)
    return;
  have_unfinished_output = 0;
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    sigaction (cleanup_signals[i], &saved_actions[i], NULL);
}

static void
write_all (const char *text)
{
  gsize length = strlen (text);

  while (length > 0)
    {
      ssize_t n = write (STDERR_FILENO, text, length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      text += n;
      length -= (gsize) n;
    }
}

static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level & G_LOG_LEVEL_ERROR)
    {
      const char *message = NULL;
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
          message = fields[i].value;
      /* GLib writes "FILE:LINE: failed to allocate N bytes". */
      const char *what = message != NULL ? strstr (message, "failed to allocate ") : NULL;
      if (what != NULL)
        {
          write_all ("progdiff: error: out of memory: ");
          write_all (what);
          write_all ("\n");
          remove_unfinished_output ();
          _exit (out_of_memory_status);
        }
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
pd_cli_output_set_out_of_memory_status (int status)
{
  out_of_memory_status = status;
}

/* A standard stream started closed (`progdiff … >&-`) would hand its
 * number to the next file opened: a repository's pack file read as "-",
 * or log's temporary report written as if it were standard output. Each
 * is held by an O_PATH descriptor of the root directory, which can be
 * neither read nor written (EBADF, as a closed descriptor), and which a
 * name of it (/dev/stdin, /dev/stdout) reopens as a directory: reading
 * or writing that fails at once too, with no hang, no SIGPIPE and no
 * report lost to a placeholder such as /dev/null. */
static void
hold_closed_standard_fds (void)
{
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
    if (fcntl (fd, F_GETFD) == -1 && errno == EBADF)
#ifdef O_PATH
      (void) open ("/", O_PATH | O_DIRECTORY);   /* gets @fd, the lowest free */
#else
      /* Without O_PATH: /dev/null the wrong way round, which fails the
       * same but cannot tell "-o /dev/null" from "-o /dev/stdout". */
      (void) open ("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
#endif
}

void
pd_cli_output_init (void)
{
  hold_closed_standard_fds ();
  atexit (close_stdout);
  g_log_set_writer_func (log_writer, NULL, NULL);
  /* Under a file size limit (ulimit -f), a write past it fails with
   * EFBIG, which is reported and cleaned up after like a full disk,
   * instead of killing the process halfway through -o or log's
   * temporary file. */
  signal (SIGXFSZ, SIG_IGN);
}

/* ---- what is left for exit to free ---- */

/* Up to a few objects per command; each stays reachable from here.
 * Volatile: the array is never read, and the stores must not be
 * optimised away, or the objects would count as lost. */
static void *volatile kept[8];
static guint n_kept;

void
pd_cli_keep_until_exit (gpointer object)
{
  if (object == NULL)
    return;
  g_return_if_fail (n_kept < G_N_ELEMENTS (kept));
  kept[n_kept++] = object;
}

static void G_GNUC_PRINTF (1, 0)
print_error_va (const char *format, va_list args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  g_autofree char *visible = pd_escape_visible (message, -1);

  fprintf (stderr, "progdiff: error: %s\n", visible);
}

void
pd_cli_error (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_error_va (format, args);
  va_end (args);
}

void
pd_cli_print_gerror (const GError *error)
{
  pd_cli_error ("%s", error->message);
}

int
pd_cli_usage_error (const char *command, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  print_error_va (format, args);
  va_end (args);
  fprintf (stderr, "Try 'progdiff %s%s--help' for more information.\n",
           command != NULL ? command : "", command != NULL ? " " : "");
  return PD_CLI_EXIT_TROUBLE;
}

/* Whether @st is the file that descriptor @fd has open. */
static gboolean
is_open_as (const GStatBuf *st, int fd)
{
  struct stat fd_st;

  return fstat (fd, &fd_st) == 0 && fd_st.st_dev == st->st_dev && fd_st.st_ino == st->st_ino;
}

/* The regular file to replace for -o @path, whose g_stat() is @st: @path
 * itself, or the file a symbolic link there leads to, so that the link
 * stays a link (and "-o /dev/stdout" never replaces /dev/stdout). NULL
 * when the link's file cannot be named for sure (it leads nowhere, or
 * through /proc to a file since deleted): it is then written in place. */
static char *
replacement_target (const char *path, const GStatBuf *st)
{
  GStatBuf link_st, target_st;

  if (g_lstat (path, &link_st) != 0 || !S_ISLNK (link_st.st_mode))
    return g_strdup (path);
  if (st == NULL)
    return NULL;
  char *resolved = realpath (path, NULL);
  char *target = NULL;
  if (resolved != NULL && g_stat (resolved, &target_st) == 0
      && target_st.st_dev == st->st_dev && target_st.st_ino == st->st_ino)
    target = g_strdup (resolved);
  free (resolved);
  return target;
}

struct PdCliOutput
{
  FILE *stream;
  char *name;        /* for messages: "standard output" or the path, visible */
  char *path;        /* a regular file to replace, or NULL */
  char *temp_path;   /* where it is written until it is complete */
  gboolean existed;  /* @path was there before */
  mode_t mode;       /* its permissions, which the new file keeps */
};

/* "NAME: REASON", or "write error on NAME: REASON" once writing began. */
static gboolean
set_errno_error (GError **error, int saved, gboolean writing, const char *name)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s%s: %s",
               writing ? "write error on " : "", name, g_strerror (saved));
  return FALSE;
}

PdCliOutput *
pd_cli_output_open (const char *path, GError **error)
{
  g_autoptr(PdCliOutput) out = g_new0 (PdCliOutput, 1);

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    {
      out->stream = stdout;
      out->name = g_strdup ("standard output");
      return g_steal_pointer (&out);
    }
  out->name = pd_escape_visible (path, -1);
  GStatBuf st;
  out->existed = g_stat (path, &st) == 0;
  /* "-o /dev/stdout" (or /dev/stderr) with the stream in a file, opened
   * for appending perhaps: write to the stream itself; reopening the
   * file would truncate it, and replacing it would lose what it held. */
  if (out->existed)
    out->stream = is_open_as (&st, STDOUT_FILENO)   ? stdout
                  : is_open_as (&st, STDERR_FILENO) ? stderr
                                                    : NULL;
  if (out->stream != NULL)
    return g_steal_pointer (&out);
  if (out->existed && S_ISDIR (st.st_mode))
    {
      set_errno_error (error, EISDIR, FALSE, out->name);
      return NULL;
    }
  /* Devices and pipes (-o /dev/null, -o /dev/stderr, a FIFO) are written
   * in place: renaming a temporary file over them would replace the
   * device node itself, which as root destroys /dev/null. */
  if (!(out->existed && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode)))
    out->path = replacement_target (path, out->existed ? &st : NULL);
  if (out->path == NULL)
    {
      out->stream = fopen (path, "w");
      if (out->stream == NULL)
        {
          set_errno_error (error, errno, FALSE, out->name);
          return NULL;
        }
      return g_steal_pointer (&out);
    }
  /* A regular file is replaced whole: a temporary file beside it, then a
   * rename, as g_file_set_contents() does, but written as it comes. */
  out->mode = out->existed ? (st.st_mode & 0777) : 0666;
  /* Named apart from the target, so that a name of up to NAME_MAX bytes
   * still leaves room for it. */
  g_autofree char *dir = g_path_get_dirname (out->path);
  out->temp_path = g_build_filename (dir, ".progdiff-XXXXXX", NULL);
  /* A signal between creating the file and tracking it would leave the
   * file behind: hold the signals until both are done. */
  sigset_t cleanup_set, saved_set;
  sigemptyset (&cleanup_set);
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    sigaddset (&cleanup_set, cleanup_signals[i]);
  pthread_sigmask (SIG_BLOCK, &cleanup_set, &saved_set);
  int fd = g_mkstemp_full (out->temp_path, O_RDWR | O_CLOEXEC, 0666);
  int saved_errno = errno;
  /* The report replaces the file: it keeps the file's permissions (a
   * private report stays private); a new file gets 0666 less the umask. */
  if (fd >= 0 && out->existed && fchmod (fd, out->mode) != 0)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (out->temp_path);
      fd = -1;
    }
  if (fd >= 0)
    track_unfinished_output (out->temp_path);
  pthread_sigmask (SIG_SETMASK, &saved_set, NULL);
  if (fd < 0)
    {
      set_errno_error (error, saved_errno, FALSE, out->name);
      g_clear_pointer (&out->temp_path, g_free);
      return NULL;
    }
  out->stream = fdopen (fd, "w");
  if (out->stream == NULL)
    {
      set_errno_error (error, errno, FALSE, out->name);
      close (fd);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
pd_cli_output_write (const char *data, gsize length, gpointer output, GError **error)
{
  PdCliOutput *out = output;

  if (fwrite (data, 1, length, out->stream) == length)
    return TRUE;
  if (out->stream == stdout)
    stdout_error_reported = TRUE;
  return set_errno_error (error, errno, TRUE, out->name);
}

/* Flushes, syncs a replacement when there was a file to lose, closes. */
static gboolean
finish_stream (PdCliOutput *out, GError **error)
{
  if (fflush (out->stream) != 0)
    {
      int saved = errno;
      if (out->stream == stdout)
        stdout_error_reported = TRUE;
      return set_errno_error (error, saved, TRUE, out->name);
    }
  if (out->stream == stdout || out->stream == stderr)
    return TRUE;
  gboolean ok = !(out->temp_path != NULL && out->existed && fsync (fileno (out->stream)) != 0);
  int saved = errno;
  if (fclose (out->stream) != 0 && ok)
    {
      saved = errno;
      ok = FALSE;
    }
  out->stream = NULL;
  if (!ok)
    return set_errno_error (error, saved, TRUE, out->name);
  return TRUE;
}

gboolean
pd_cli_output_close (PdCliOutput *out, GError **error)
{
  gboolean ok = finish_stream (out, error);

  if (ok && out->temp_path != NULL)
    {
      if (g_rename (out->temp_path, out->path) != 0)
        ok = set_errno_error (error, errno, FALSE, out->name);
      else
        {
          untrack_unfinished_output ();
          g_clear_pointer (&out->temp_path, g_free);
        }
    }
  pd_cli_output_free (out);
  return ok;
}

void
pd_cli_output_free (PdCliOutput *out)
{
  if (out == NULL)
    return;
  if (out->stream != NULL && out->stream != stdout && out->stream != stderr)
    fclose (out->stream);
  if (out->temp_path != NULL)
    {
      g_unlink (out->temp_path);
      untrack_unfinished_output ();
    }
  g_free (out->temp_path);
  g_free (out->path);
  g_free (out->name);
  g_free (out);
}

gboolean
pd_cli_write (const char *path, const GString *text, GError **error)
{
  g_autoptr(PdCliOutput) out = pd_cli_output_open (path, error);

  if (out == NULL
      || (text->len > 0 && !pd_cli_output_write (text->str, text->len, out, error)))
    return FALSE;
  return pd_cli_output_close (g_steal_pointer (&out), error);
}

gboolean
pd_cli_check_output_not_input (const char *output, const char *const *inputs,
                               GError **error)
{
  GStatBuf out_st;

  if (output == NULL || g_strcmp0 (output, "-") == 0 || g_stat (output, &out_st) != 0)
    return TRUE;
  for (const char *const *in = inputs; *in != NULL; in++)
    {
      GStatBuf in_st;
      /* "-" is standard input, which may be a file too (`< old.programme`). */
      int found = strcmp (*in, "-") == 0 ? fstat (STDIN_FILENO, &in_st) : g_stat (*in, &in_st);
      if (found == 0 && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino)
        {
          g_set_error (error, PD_ERROR, PD_ERROR_FAILED,
                       "%s: refusing to write the report over an input file", output);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
pd_cli_check_output_not_document (const char *output, const PdRepo *repo, const char *path,
                                  GError **error)
{
  /* PATH is from the top of the tree, or from here with "./" or "../"
   * (pd_history_log() reads it so). */
  gboolean from_here = g_str_has_prefix (path, "./") || g_str_has_prefix (path, "../")
                       || strcmp (path, ".") == 0 || strcmp (path, "..") == 0;
  g_autofree char *work_copy = from_here ? g_strdup (path)
                                         : g_build_filename (pd_repo_get_path (repo), path, NULL);
  const char *inputs[] = { work_copy, NULL };

  return pd_cli_check_output_not_input (output, inputs, error);
}

/* "REV:PATH" names a blob unless a file of that name exists, as with
 * "git show": a file always wins, so no existing input changes meaning. */
static gboolean
is_revision_spec (const char *arg)
{
  return !g_file_test (arg, G_FILE_TEST_EXISTS) && pd_repo_split_spec (arg, NULL, NULL);
}

/* A file, or standard input for "-" as in diff (a file called "-" is
 * "./-"). */
static PdDocument *
load_file (const char *arg, GPtrArray *diagnostics, GError **error)
{
  /* Standard input can be read once: a second "-" would be empty. */
  static gboolean stdin_read;
  if (strcmp (arg, "-") == 0 && stdin_read)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FAILED,
                           "standard input ('-') can be given only once");
      return NULL;
    }
  if (strcmp (arg, "-") == 0)
    {
      stdin_read = TRUE;
      return pd_document_load_fd (STDIN_FILENO, PD_CLI_STDIN_NAME, diagnostics, error);
    }
  /* git show reads ":PATH" from the index; progdiff reads commits and
   * trees only, and says so rather than "no such file". */
  if (arg[0] == ':' && arg[1] != '\0' && !g_file_test (arg, G_FILE_TEST_EXISTS))
    {
      g_autofree char *shown = pd_escape_visible (arg, -1);
      g_set_error (error, PD_ERROR, PD_ERROR_NOT_FOUND,
                   "%s: no such file, and versions in git's index (:PATH) cannot be read; "
                   "name a commit, e.g. HEAD%s", shown, shown);
      return NULL;
    }
  return pd_document_load_file (arg, diagnostics, error);
}

/* Set once opening the repository failed: the reason was printed, and
 * the next REV:PATH argument would only print it again. */
static gboolean repo_unusable;

/* Returns NULL with @error unset when the failure was already reported. */
static PdDocument *
load (const char *arg, const char *repo_dir, PdRepo **repo, GPtrArray *diagnostics,
      GError **error)
{
  if (!is_revision_spec (arg))
    return load_file (arg, diagnostics, error);
  if (*repo == NULL && repo_unusable)
    return NULL;

  g_autofree char *rev = NULL, *path = NULL;
  pd_repo_split_spec (arg, &rev, &path);
  /* libgit2 can hang on a damaged repository (shared notes L2). */
  pd_cli_watchdog_start ();
  if (*repo == NULL && (*repo = pd_repo_open (repo_dir, error)) == NULL)
    {
      pd_cli_watchdog_stop ();
      repo_unusable = TRUE;
      /* Say which argument needed a repository: a mistyped file name
       * with a colon in it lands here. */
      g_autofree char *shown = pd_escape_visible (arg, -1);
      g_prefix_error (error, "%s: no such file, and not readable from git: ", shown);
      return NULL;
    }
  PdDocument *document = pd_repo_load_document (*repo, rev, path, diagnostics, error);
  pd_cli_watchdog_stop ();
  return document;
}

/* diff --quiet: the exit status is the whole answer, but a document
 * that cannot be read must still say why. */
static gboolean warnings_hidden;

void
pd_cli_hide_warnings (void)
{
  warnings_hidden = TRUE;
}

/* One document's load: what came of it, printed later. */
typedef struct
{
  const char *arg;
  PdDocument *document;
  GPtrArray *diagnostics;
  GError *error;
} Load;

static void
load_init (Load *l, const char *arg)
{
  l->arg = arg;
  l->document = NULL;
  l->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  l->error = NULL;
}

/* Prints what went wrong with @l and returns its document (transfer full). */
static PdDocument *
load_finish (Load *l)
{
  for (guint i = 0; i < l->diagnostics->len; i++)
    {
      const PdDiagnostic *diagnostic = l->diagnostics->pdata[i];
      if (warnings_hidden && diagnostic->severity == PD_SEVERITY_WARNING)
        continue;
      const char *name = strcmp (l->arg, "-") == 0 ? PD_CLI_STDIN_NAME : l->arg;
      g_autofree char *line = pd_diagnostic_format (diagnostic, name);
      fprintf (stderr, "%s\n", line);
    }
  /* The diagnostics above already said why an invalid document failed. */
  if (l->document == NULL && l->error != NULL
      && !(g_error_matches (l->error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT)
           && l->diagnostics->len > 0))
    pd_cli_print_gerror (l->error);
  g_clear_error (&l->error);
  g_clear_pointer (&l->diagnostics, g_ptr_array_unref);
  return g_steal_pointer (&l->document);
}

PdDocument *
pd_cli_load_document (const char *arg, const char *repo_dir, PdRepo **repo)
{
  Load l;

  load_init (&l, arg);
  l.document = load (arg, repo_dir, repo, l.diagnostics, &l.error);
  return load_finish (&l);
}

static gpointer
load_file_thread (gpointer data)
{
  Load *l = data;

  l->document = load_file (l->arg, l->diagnostics, &l->error);
  return NULL;
}

gboolean
pd_cli_load_pair (const char *old_arg, const char *new_arg, const char *repo_dir, PdRepo **repo,
                  PdDocument **old_out, PdDocument **new_out)
{
  Load old_load, new_load;

  if (strcmp (old_arg, "-") == 0 && strcmp (new_arg, "-") == 0)
    {
      pd_cli_error ("standard input ('-') can be given only once");
      return FALSE;
    }
  load_init (&old_load, old_arg);
  load_init (&new_load, new_arg);
  /* Two files are read at once, the old one on a second thread: reading
   * is about a fifth of a large diff. A repository is read from one
   * thread only (libgit2 wants one git_repository per thread). */
  GThread *thread = NULL;
  if (!is_revision_spec (old_arg) && !is_revision_spec (new_arg))
    thread = g_thread_try_new ("progdiff-load", load_file_thread, &old_load, NULL);
  if (thread == NULL)
    old_load.document = load (old_arg, repo_dir, repo, old_load.diagnostics, &old_load.error);
  new_load.document = load (new_arg, repo_dir, repo, new_load.diagnostics, &new_load.error);
  if (thread != NULL)
    g_thread_join (thread);

  /* Messages in argument order, whichever thread finished first. */
  *old_out = load_finish (&old_load);
  *new_out = load_finish (&new_load);
  return *old_out != NULL && *new_out != NULL;
}

gboolean
pd_cli_want_color (const char *mode, gboolean *out)
{
  const char *no_color = g_getenv ("NO_COLOR");
  const char *term = g_getenv ("TERM");

  if (mode == NULL || g_str_equal (mode, "auto"))
    *out = isatty (STDOUT_FILENO) && (no_color == NULL || *no_color == '\0')
           && g_strcmp0 (term, "dumb") != 0;
  else if (g_str_equal (mode, "always"))
    *out = TRUE;
  else if (g_str_equal (mode, "never"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

void
pd_cli_strip_dashdash (int *argc, char **argv)
{
  for (int i = 1; i < *argc; i++)
    if (strcmp (argv[i], "--") == 0)
      {
        memmove (&argv[i], &argv[i + 1], sizeof (char *) * (*argc - i));
        (*argc)--;
        return;
      }
}
