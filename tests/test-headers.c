/* test-headers.c: the umbrella header stands alone and links. */
#include <progdiff/progdiff.h>

static void
test_headers_version (void)
{
  g_assert_cmpstr (pd_version_string (), ==, "0.1.0");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/headers/version", test_headers_version);
  return g_test_run ();
}
