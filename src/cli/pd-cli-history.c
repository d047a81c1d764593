/* pd-cli-history.c: what log, blame and timeline share: reading
 * "[REV] [--] PATH", dates, and progress on a terminal. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-cli.h"

gboolean
pd_cli_history_operands (const char *command, int argc, char **argv, const char **rev,
                         const char **path)
{
  /* After GOption and "--", argv[1..] are the operands: the last is the
   * path, an earlier one the revision. */
  int n = argc - 1;
  if (n == 1 || n == 2)
    {
      *rev = n == 2 ? argv[1] : NULL;
      *path = argv[n];
      return TRUE;
    }
  pd_cli_usage_error (command, n < 1 ? "missing operand: need PATH" : "too many operands");
  return FALSE;
}

gboolean
pd_cli_parse_date (const char *text, gboolean end_of_day, gint64 *out)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, utc);

  if (dt == NULL)
    {
      int y = 0, m = 0, d = 0;
      char extra = 0;
      if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || !g_date_valid_dmy (d, m, y))
        return FALSE;
      dt = g_date_time_new_utc (y, m, d, end_of_day ? 23 : 0, end_of_day ? 59 : 0,
                                end_of_day ? 59 : 0);
    }
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

void
pd_cli_walk_begin (PdCliProgress *progress, PdLogOptions *log)
{
  pd_cli_progress_init (progress);
  log->progress = pd_cli_progress;
  log->progress_data = progress;
  pd_cli_watchdog_start ();
}

void
pd_cli_walk_end (PdCliProgress *progress)
{
  pd_cli_watchdog_stop ();
  pd_cli_progress_done (progress);
}

void
pd_cli_progress_init (PdCliProgress *progress)
{
  progress->start = g_get_monotonic_time ();
  progress->tty = isatty (STDERR_FILENO);
  progress->shown = FALSE;
}

void
pd_cli_progress (guint commits, guint versions, gpointer user_data)
{
  PdCliProgress *progress = user_data;

  pd_cli_watchdog_kick ();
  /* Only on a terminal, and only when the wait is noticeable. */
  if (!progress->tty || g_get_monotonic_time () - progress->start < G_USEC_PER_SEC)
    return;
  fprintf (stderr, "\rprogdiff: %u commits walked, %u versions found", commits, versions);
  progress->shown = TRUE;
}

void
pd_cli_progress_done (PdCliProgress *progress)
{
  if (progress->shown)
    fputs ("\r\033[K", stderr);
  progress->shown = FALSE;
}
