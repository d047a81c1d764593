/* fuzz.h: what every fuzz target implements, and checks they share.
 *
 * The targets follow libFuzzer's interface, so the same source links
 * against libFuzzer (`make fuzz`, clang) or against standalone.c, which
 * replays a corpus as a TAP test inside `make check` with any compiler.
 * A broken invariant prints what broke and aborts, which libFuzzer
 * records as a crash with its input and the TAP driver as an error.
 */
#ifndef PD_FUZZ_H
#define PD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Prints the failed check and aborts. */
#define PD_FUZZ_CHECK(cond, ...)                                          \
  G_STMT_START                                                            \
  {                                                                       \
    if (G_UNLIKELY (!(cond)))                                             \
      pd_fuzz_fail (__FILE__, __LINE__, #cond, __VA_ARGS__);              \
  }                                                                       \
  G_STMT_END

G_GNUC_NORETURN G_GNUC_PRINTF (4, 5)
void pd_fuzz_fail (const char *file, int line, const char *cond, const char *format, ...);

/* Makes GLib warnings and criticals (failed g_return_if_fail) fatal, so
 * that a precondition the library breaks counts as a finding. */
void pd_fuzz_init_glib (void);

/* Splits @data at its first NUL, or in the middle when it has none. The
 * parts point into @data and do not include the NUL. */
void pd_fuzz_split (const uint8_t  *data,
                    size_t          size,
                    const uint8_t **first,
                    size_t         *first_size,
                    const uint8_t **second,
                    size_t         *second_size);

/* Checks that @text (@length bytes) is valid UTF-8 and shows nothing a
 * terminal would act on: no C0 control but those in @allowed, no DEL,
 * no C1 control, no bidirectional or zero-width format character. */
void pd_fuzz_check_visible (const char *what,
                            const char *text,
                            gsize       length,
                            const char *allowed);

G_END_DECLS

#endif /* PD_FUZZ_H */
