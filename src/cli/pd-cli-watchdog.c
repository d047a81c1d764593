/* pd-cli-watchdog.c: end the process when a repository read stalls.
 *
 * libgit2 1.5.1 loops for ever inflating a truncated loose object
 * (shared notes L2), and a library cannot be interrupted safely from
 * outside, so the command guards its repository reads with SIGALRM: the
 * handler does only what is async-signal-safe, a write(2) of a fixed
 * message and _exit(2). Nothing is half-written when it fires, because
 * reports are rendered whole before they are written (and --output goes
 * through a temporary file).
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pd-cli.h"

/* Seconds without a kick before the read is given up. Reading a
 * document of the largest size allowed takes well under a second; a
 * history walk kicks at every commit. */
#define STALL_SECONDS 10

static const char stall_message[]
    = "progdiff: error: reading the repository made no progress for "
      G_STRINGIFY (STALL_SECONDS) " seconds; it may be corrupt (a truncated object?)\n";

static struct sigaction saved_action;
static gboolean started;

static void
on_alarm (int signum)
{
  /* A failed write changes nothing: the exit status still says trouble. */
  ssize_t written = write (STDERR_FILENO, stall_message, sizeof stall_message - 1);

  (void) written;
  _exit (PD_CLI_EXIT_TROUBLE);
}

void
pd_cli_watchdog_start (void)
{
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
  alarm (STALL_SECONDS);
}

void
pd_cli_watchdog_kick (void)
{
  if (started)
    alarm (STALL_SECONDS);
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
