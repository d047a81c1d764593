/* pd-test-util.h: helpers shared by the test programs. */
#ifndef PD_TEST_UTIL_H
#define PD_TEST_UTIL_H

#include <glib.h>
#include <progdiff/progdiff.h>

G_BEGIN_DECLS

/* Path of a file under fixtures/ in the source tree; free with g_free(). */
char *pd_test_fixture_path (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* Loads a fixture document, failing the test on any error. */
PdDocument *pd_test_load_fixture (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* Loads a document from a string, failing the test on any error. */
PdDocument *pd_test_load_string (const char *text);

/* What a spawned command printed and its exit status. */
typedef struct
{
  char *out;
  char *err;
  int status;
} PdTestRun;

void pd_test_run_clear (PdTestRun *run);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PdTestRun, pd_test_run_clear)

/* Whether the programs under test run under valgrind (make
 * check-valgrind sets PD_VALGRIND for tests/valgrind-progdiff): heavy
 * cases are skipped there, with the reason in the log. */
gboolean pd_test_under_valgrind (void);

/* Whether this build uses AddressSanitizer (./configure
 * --enable-sanitizers), which reserves terabytes of address space, so
 * that RLIMIT_AS cannot be tested. */
gboolean pd_test_under_asan (void);

/* Deletes @path and everything below it (symbolic links not followed). */
void pd_test_remove_tree (const char *path);

G_END_DECLS

#endif /* PD_TEST_UTIL_H */
