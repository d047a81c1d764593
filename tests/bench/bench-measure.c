/* bench-measure.c: run one command, print its wall time and peak RSS.
 *
 *   bench-measure [-o FILE] [-e FILE] [-C DIR] -- COMMAND [ARG…]
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
  fprintf (stderr, "usage: bench-measure [-o FILE] [-e FILE] [-C DIR] -- COMMAND [ARG...]\n");
  exit (2);
}

int
main (int argc, char **argv)
{
  const char *output = "/dev/null";
  const char *errors = NULL;
  const char *dir = NULL;
  int i = 1;

  for (; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      if (strcmp (argv[i], "-o") == 0 && i + 1 < argc)
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
  while (wait4 (pid, &status, 0, &usage_info) < 0)
    if (errno != EINTR)
      {
        perror ("bench-measure: wait4");
        return 2;
      }
  clock_gettime (CLOCK_MONOTONIC, &end);

  double seconds = (double) (end.tv_sec - start.tv_sec)
                   + (double) (end.tv_nsec - start.tv_nsec) / 1e9;
  int code = WIFEXITED (status) ? WEXITSTATUS (status)
             : WIFSIGNALED (status) ? 128 + WTERMSIG (status) : 255;
  printf ("%.6f %ld %d\n", seconds, (long) usage_info.ru_maxrss, code);
  return 0;
}
