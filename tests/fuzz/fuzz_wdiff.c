/* fuzz_wdiff.c: two texts -> the word diff, checked by round trip.
 *
 * The first byte picks the cost limit (so the give-up path is fuzzed
 * too); the rest is split into two texts at its first NUL (or in the
 * middle) and made valid UTF-8, which pd_wdiff_texts() requires. The
 * script must rebuild both texts exactly (EQUAL+DELETE is the old one,
 * EQUAL+INSERT the new one) and keep its documented shape.
 */
#include "config.h"

#include <string.h>

#include <progdiff/progdiff.h>

#include "fuzz.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  pd_fuzz_init_glib ();
  return 0;
}

static char *
make_text (const uint8_t *data, size_t size)
{
  /* g_utf8_make_valid() also turns NUL into U+FFFD. */
  return g_utf8_make_valid ((const char *) data, (gssize) size);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint costs[] = { 0, 1, 2, 3, 5, 8, 16, 64 };
  const uint8_t *a, *b;
  size_t a_size, b_size;

  if (size == 0)
    return 0;
  PdWdiffOptions options = PD_WDIFF_OPTIONS_INIT;
  options.max_cost = costs[data[0] % G_N_ELEMENTS (costs)];
  pd_fuzz_split (data + 1, size - 1, &a, &a_size, &b, &b_size);

  g_autofree char *old_text = make_text (a, a_size);
  g_autofree char *new_text = make_text (b, b_size);
  g_autoptr(PdWdiff) diff = pd_wdiff_texts (old_text, new_text, &options);
  PD_FUZZ_CHECK (diff != NULL, "no diff");

  g_autoptr(GString) old_again = g_string_new (NULL);
  g_autoptr(GString) new_again = g_string_new (NULL);
  gboolean changed = FALSE;
  guint n_ops = pd_wdiff_get_n_ops (diff);

  for (guint i = 0; i < n_ops; i++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (diff, i);
      PD_FUZZ_CHECK (op != NULL && op->text != NULL, "op %u is empty", i);
      /* Ops point into the texts, in order: no copy. */
      GString *side = op->kind == PD_WDIFF_OP_INSERT ? new_again : old_again;
      const char *base = op->kind == PD_WDIFF_OP_INSERT ? new_text : old_text;
      PD_FUZZ_CHECK (op->text == base + side->len, "op %u is not where its text is", i);
      PD_FUZZ_CHECK (op->length > 0, "op %u has no text", i);
      PD_FUZZ_CHECK (g_utf8_validate (op->text, op->length, NULL),
                     "op %u cuts a character", i);
      if (i > 0)
        {
          const PdWdiffOp *prev = pd_wdiff_get_op (diff, i - 1);
          PD_FUZZ_CHECK (prev->kind != op->kind, "ops %u and %u have the same kind", i - 1, i);
          PD_FUZZ_CHECK (!(prev->kind == PD_WDIFF_OP_INSERT && op->kind == PD_WDIFF_OP_DELETE),
                         "INSERT before DELETE at op %u", i);
        }
      switch (op->kind)
        {
        case PD_WDIFF_OP_EQUAL:
          g_string_append_len (old_again, op->text, op->length);
          g_string_append_len (new_again, op->text, op->length);
          break;
        case PD_WDIFF_OP_DELETE:
          g_string_append_len (old_again, op->text, op->length);
          changed = TRUE;
          break;
        case PD_WDIFF_OP_INSERT:
          g_string_append_len (new_again, op->text, op->length);
          changed = TRUE;
          break;
        default:
          PD_FUZZ_CHECK (FALSE, "op %u has kind %d", i, (int) op->kind);
        }
    }
  PD_FUZZ_CHECK (strcmp (old_again->str, old_text) == 0, "EQUAL+DELETE does not rebuild old");
  PD_FUZZ_CHECK (strcmp (new_again->str, new_text) == 0, "EQUAL+INSERT does not rebuild new");
  PD_FUZZ_CHECK (changed == pd_wdiff_has_changes (diff), "has_changes is wrong");
  PD_FUZZ_CHECK (changed == (strcmp (old_text, new_text) != 0),
                 "changes reported for equal texts, or none for different ones");
  return 0;
}
