/* pd-cli-watchdog.c: end the process when a repository read stalls.
 *
 * libgit2 1.5.1 loops for ever inflating a truncated loose object
 * (shared notes L2), and a library cannot be interrupted safely from
 * outside, so the command guards its repository reads with SIGALRM: the
 * handler does only what is async-signal-safe, a write(2) of a fixed
 * message and _exit(2). Nothing is half-written when it fires: it only
 * runs while documents are read, and a report is written after that
 * (and --output goes through a temporary file).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-cli.h"

/* Seconds without a kick before the read is given up, unless
 * PROGDIFF_WATCHDOG_SECONDS says otherwise (0 turns the watchdog off, for
 * slow runs such as valgrind's). Reading a document of the largest size
 * allowed takes well under a second; a history walk kicks at every
 * commit. */
#define STALL_SECONDS 10
#define STALL_SECONDS_MAX 86400
#define STALL_VARIABLE "PROGDIFF_WATCHDOG_SECONDS"

static guint stall_seconds;
static gboolean configured;
/* Formatted before the alarm is set: the handler only writes it. */
static char stall_message[200];
static gsize stall_message_length;

/* Reads PROGDIFF_WATCHDOG_SECONDS once. A value that is not a number of
 * seconds is reported and the default kept: a typo must not disarm the
 * guard against a hang. */
static void
configure (void)
{
  const char *value = g_getenv (STALL_VARIABLE);
  guint64 seconds = STALL_SECONDS;

  if (configured)
    return;
  configured = TRUE;
  if (value != NULL && *value != '\0'
      && !g_ascii_string_to_unsigned (value, 10, 0, STALL_SECONDS_MAX, &seconds, NULL))
    {
      g_autofree char *visible = pd_escape_visible (value, -1);
      fprintf (stderr, "progdiff: warning: ignoring %s='%s': expected a number of seconds "
                       "from 0 (no watchdog) to %d; using %d\n",
               STALL_VARIABLE, visible, STALL_SECONDS_MAX, STALL_SECONDS);
      seconds = STALL_SECONDS;
    }
  stall_seconds = (guint) seconds;
  g_snprintf (stall_message, sizeof stall_message,
              "progdiff: error: reading the repository made no progress for %u second%s; "
              "it may be corrupt (a truncated object?)\n",
              stall_seconds, stall_seconds == 1 ? "" : "s");
  stall_message_length = strlen (stall_message);
}

static struct sigaction saved_action;
static gboolean started;

static void
on_alarm (int signum)
{
  /* A failed write changes nothing: the exit status still says trouble. */
  ssize_t written = write (STDERR_FILENO, stall_message, stall_message_length);

  (void) written;
  _exit (PD_CLI_EXIT_TROUBLE);
}

void
pd_cli_watchdog_start (void)
{
  configure ();
  if (stall_seconds == 0)
    return;
  if (!started)
    {
      struct sigaction action;
      sigset_t alarm_only;

      memset (&action, 0, sizeof action);
      action.sa_handler = on_alarm;
      sigemptyset (&action.sa_mask);
      action.sa_flags = SA_RESTART;
      sigaction (SIGALRM, &action, &saved_action);
      /* The signal mask survives exec: a parent that blocked SIGALRM
       * would otherwise disarm the watchdog without a word. */
      sigemptyset (&alarm_only);
      sigaddset (&alarm_only, SIGALRM);
      sigprocmask (SIG_UNBLOCK, &alarm_only, NULL);
      started = TRUE;
    }
  alarm (stall_seconds);
}

void
pd_cli_watchdog_kick (void)
{
  if (started)
    alarm (stall_seconds);
}

void
pd_cli_watchdog_stop (void)
{
  if (!started)
    return;
  alarm (0);
  sigaction (SIGALRM, &saved_action, NULL);
  started = FALSE;
}
