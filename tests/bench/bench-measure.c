/* bench-measure.c: run one command, print its wall time and peak RSS.
 *
 *   bench-measure [-m] [-o FILE] [-e FILE] [-C DIR] -- COMMAND [ARG…]
 *
 * Runs COMMAND in DIR with standard input from /dev/null, standard output
 * to FILE (-o, default /dev/null) and standard error to FILE (-e, default
 * kept), then prints one line:
 *
 *   SECONDS PEAK_RSS_KIB EXIT_STATUS
 *
 * The time is CLOCK_MONOTONIC from just before fork() to wait4()'s
 * return; the peak RSS is wait4()'s ru_maxrss for the child (Linux: KiB).
 * This is what `date +%s%N` around `/usr/bin/time -f %M` measures, without
 * the shell's and time(1)'s own start-up in the number. EXIT_STATUS is the
 * command's, or 128 + the signal that ended it.
 *
 * With -m, two more numbers follow: the peaks of RssAnon and RssFile in
 * /proc/PID/status (KiB), read every 5 ms while the command runs. They
 * tell memory the command allocated from files it mapped (a git pack
 * index, say), which ru_maxrss adds up; a spike shorter than 5 ms can
 * be missed, and the reads cost a little CPU, so -m is for memory runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void
usage (void)
{
  fprintf (stderr, "usage: bench-measure [-m] [-o FILE] [-e FILE] [-C DIR] -- COMMAND [ARG...]\n");
  exit (2);
}

/* Raises *anon and *file to @pid's RssAnon and RssFile, when it has them
 * (a process that has exited has not). */
static void
sample_memory (pid_t pid, long *anon, long *file)
{
  char path[64], line[256];
  long kib;

  snprintf (path, sizeof path, "/proc/%ld/status", (long) pid);
  FILE *status = fopen (path, "r");
  if (status == NULL)
    return;
  while (fgets (line, sizeof line, status) != NULL)
    {
      if (sscanf (line, "RssAnon: %ld", &kib) == 1 && kib > *anon)
        *anon = kib;
      else if (sscanf (line, "RssFile: %ld", &kib) == 1 && kib > *file)
        *file = kib;
    }
  fclose (status);
}

/* wait4() for @pid; with @sample, polls it every 5 ms meanwhile. */
static int
wait_child (pid_t pid, int *status, struct rusage *usage_info, int sample, long *anon, long *file)
{
  const struct timespec pause = { 0, 5 * 1000 * 1000 };

  for (;;)
    {
      pid_t done = wait4 (pid, status, sample ? WNOHANG : 0, usage_info);
      if (done == pid)
        return 0;
      if (done < 0 && errno != EINTR)
        return -1;
      if (done == 0)
        {
          sample_memory (pid, anon, file);
          nanosleep (&pause, NULL);
        }
    }
}

int
main (int argc, char **argv)
{
  const char *output = "/dev/null";
  const char *errors = NULL;
  const char *dir = NULL;
  int sample = 0;
  int i = 1;

  for (; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      if (strcmp (argv[i], "-m") == 0)
        sample = 1;
      else if (strcmp (argv[i], "-o") == 0 && i + 1 < argc)
        output = argv[++i];
      else if (strcmp (argv[i], "-e") == 0 && i + 1 < argc)
        errors = argv[++i];
      else if (strcmp (argv[i], "-C") == 0 && i + 1 < argc)
        dir = argv[++i];
      else
        usage ();
    }
  if (i >= argc)
    usage ();

  struct timespec start, end;
  clock_gettime (CLOCK_MONOTONIC, &start);
  pid_t pid = fork ();
  if (pid < 0)
    {
      perror ("bench-measure: fork");
      return 2;
    }
  if (pid == 0)
    {
      int in = open ("/dev/null", O_RDONLY);
      int out = open (output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || out < 0 || dup2 (in, 0) < 0 || dup2 (out, 1) < 0)
        {
          perror ("bench-measure: redirect");
          _exit (127);
        }
      close (in);
      close (out);
      if (errors != NULL)
        {
          int err = open (errors, O_WRONLY | O_CREAT | O_APPEND, 0644);
          if (err < 0 || dup2 (err, 2) < 0)
            {
              perror ("bench-measure: redirect");
              _exit (127);
            }
          close (err);
        }
      if (dir != NULL && chdir (dir) != 0)
        {
          perror ("bench-measure: chdir");
          _exit (127);
        }
      execvp (argv[i], argv + i);
      fprintf (stderr, "bench-measure: %s: %s\n", argv[i], strerror (errno));
      _exit (127);
    }

  int status = 0;
  struct rusage usage_info;
  long anon = 0, file = 0;
  if (wait_child (pid, &status, &usage_info, sample, &anon, &file) < 0)
    {
      perror ("bench-measure: wait4");
      return 2;
    }
  clock_gettime (CLOCK_MONOTONIC, &end);

  double seconds = (double) (end.tv_sec - start.tv_sec)
                   + (double) (end.tv_nsec - start.tv_nsec) / 1e9;
  int code = WIFEXITED (status) ? WEXITSTATUS (status)
             : WIFSIGNALED (status) ? 128 + WTERMSIG (status) : 255;
  if (sample)
    printf ("%.6f %ld %d %ld %ld\n", seconds, (long) usage_info.ru_maxrss, code, anon, file);
  else
    printf ("%.6f %ld %d\n", seconds, (long) usage_info.ru_maxrss, code);
  return 0;
}
