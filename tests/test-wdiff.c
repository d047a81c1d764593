/* test-wdiff.c: placeholder until the module lands. */
#include "config.h"

#include "pd-test-util.h"

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  return g_test_run ();
}
