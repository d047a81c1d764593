/* pd-cli.h: what the progdiff command's files share. */
#ifndef PD_CLI_H
#define PD_CLI_H

#include <progdiff/progdiff.h>

G_BEGIN_DECLS

/* Exit statuses, as GNU diff: documented in README.md and progdiff.1. */
typedef enum
{
  PD_CLI_EXIT_SAME = 0,
  PD_CLI_EXIT_DIFFERENT = 1,
  PD_CLI_EXIT_TROUBLE = 2,
} PdCliExit;

typedef int (*PdCliHandler) (int argc, char **argv);

typedef struct
{
  const char *name;
  PdCliHandler handler;
  const char *summary;
} PdCliCommand;

int pd_cli_diff (int argc, char **argv);
int pd_cli_check (int argc, char **argv);
int pd_cli_log (int argc, char **argv);
int pd_cli_blame (int argc, char **argv);
int pd_cli_timeline (int argc, char **argv);

/* pd-cli-driver.c */
int pd_cli_git_driver (int argc, char **argv);
int pd_cli_git_setup (int argc, char **argv);

/* pd-cli-output.c */

/* Installs the exit hook that turns a failed write to standard output
 * into exit status 2 with a message (GOption's --help exits by itself),
 * and a log writer that turns GLib's abort on a failed allocation into
 * "progdiff: error: out of memory: …" and exit status 2. */
void pd_cli_output_init (void);

/* The exit status after running out of memory (2 unless changed: the
 * git driver run by git must exit 0). */
void pd_cli_output_set_out_of_memory_status (int status);

/* Prints "progdiff: error: MESSAGE" with the message made visible. */
void pd_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Prints a GError from the library, as pd_cli_error(). */
void pd_cli_print_gerror (const GError *error);

/* Prints a usage error and a hint to see --help; returns exit status 2. */
int pd_cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Keeps @object (a document, a comparison) until the process exits
 * instead of freeing it: after a large diff that is hundreds of
 * thousands of blocks, 5-7% of the run, which exit returns at once (as
 * git's UNLEAK and GNU diff do). Kept objects stay reachable, so
 * valgrind and LeakSanitizer do not count them as leaks; the library's
 * own tests free everything. */
void pd_cli_keep_until_exit (gpointer object);

/* Where a report goes: standard output (@path NULL or "-"), a device or
 * pipe written in place, or a regular file written to a temporary file
 * beside it and renamed over it by pd_cli_output_close(), so a reader
 * never sees half a report. Errors name the destination. */
typedef struct PdCliOutput PdCliOutput;

PdCliOutput *pd_cli_output_open (const char *path, GError **error);
/* A PdReportWriteFunc; @output is the PdCliOutput. */
gboolean     pd_cli_output_write (const char *data, gsize length, gpointer output,
                                  GError **error);
/* Completes the output (flush, rename) and frees @out. */
gboolean     pd_cli_output_close (PdCliOutput *out, GError **error);
/* Drops an unfinished output: its temporary file is removed. */
void         pd_cli_output_free (PdCliOutput *out);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCliOutput, pd_cli_output_free)

/* Writes @text whole to where pd_cli_output_open() would. */
gboolean pd_cli_write (const char *path, const GString *text, GError **error);

/* What standard input ("-" as an input) is called in messages. */
#define PD_CLI_STDIN_NAME "(standard input)"

/* Fails when @output names the same file as one of @inputs. */
gboolean pd_cli_check_output_not_input (const char *output, const char *const *inputs,
                                        GError **error);

/* Fails when @output names the work tree's copy of @path, the document
 * whose history a report tells: replacing it would lose what is not
 * committed. */
gboolean pd_cli_check_output_not_document (const char *output, const PdRepo *repo,
                                           const char *path, GError **error);

/* Reads a document from a file, or from a repository when @arg is
 * REV:PATH and no such file exists (the repository found from @repo_dir,
 * or the current directory, opened once into *@repo). Prints warnings
 * and errors to stderr in FILE:LINE:COL form; NULL when unusable. */
PdDocument *pd_cli_load_document (const char *arg, const char *repo_dir, PdRepo **repo);

/* From now on, loads print errors only, not warnings (diff --quiet). */
void pd_cli_hide_warnings (void);

/* Both documents of a diff, as pd_cli_load_document() would load them
 * one after the other (messages in that order too), but two files are
 * read at once. FALSE unless both are usable; either may be set anyway. */
gboolean pd_cli_load_pair (const char *old_arg, const char *new_arg, const char *repo_dir,
                           PdRepo **repo, PdDocument **old_out, PdDocument **new_out);

/* Decides colour for --color=@mode (NULL: auto, meaning standard output
 * is a terminal, NO_COLOR is unset or empty and TERM is not dumb). */
gboolean pd_cli_want_color (const char *mode, gboolean *out);

/* Removes a "--" that GOption left in argv. */
void pd_cli_strip_dashdash (int *argc, char **argv);

/* FALSE, after a usage error for @command, when --lang's @lang (if
 * given) is not a locale as documents write them. */
gboolean pd_cli_check_lang (const char *command, const char *lang);

/* Adds @entries to @context and parses the arguments as git users type
 * them ("-n1", "--color" for --color=always), then drops the first "--".
 * On a bad option, prints a usage error for @command and returns FALSE.
 * Once per process: @argv then points to arguments kept until exit. */
gboolean pd_cli_parse_options (GOptionContext     *context,
                               const GOptionEntry *entries,
                               const char         *command,
                               int                *argc,
                               char             ***argv);

/* pd-cli-history.c */

/* Reads "[REV] PATH" from the operands GOption left (after "--" was
 * removed); prints a usage error and returns FALSE. */
gboolean pd_cli_history_operands (const char *command, int argc, char **argv,
                                  const char **rev, const char **path);

/* Reads YYYY-MM-DD (the start or the end of that day, UTC) or a full
 * ISO 8601 date and time. */
gboolean pd_cli_parse_date (const char *text, gboolean end_of_day, gint64 *out);

typedef struct
{
  gint64 start;
  gboolean tty;
  gboolean shown;
} PdCliProgress;

/* Progress for a walk: kicks the watchdog; on a terminal, after a
 * second, shows counts on stderr. A PdProgressFunc. */
void pd_cli_progress_init (PdCliProgress *progress);
void pd_cli_progress (guint commits, guint versions, gpointer user_data);
void pd_cli_progress_done (PdCliProgress *progress);

/* Around a history walk: progress on a terminal through @log, and the
 * watchdog against libgit2 hangs. */
void pd_cli_walk_begin (PdCliProgress *progress, PdLogOptions *log);
void pd_cli_walk_end (PdCliProgress *progress);

/* pd-cli-watchdog.c: libgit2 1.5 can loop for ever on a truncated loose
 * object (shared notes L2). While started, the watchdog ends the process
 * with status 2 and a message when no kick came for 10 seconds, or for
 * PROGDIFF_WATCHDOG_SECONDS (0: never). */
void pd_cli_watchdog_start (void);
void pd_cli_watchdog_kick (void);
void pd_cli_watchdog_stop (void);

G_END_DECLS

#endif /* PD_CLI_H */
