/* fuzz_document.c: bytes -> the reader -> every getter.
 *
 * The reader must turn any input into a document or an error with
 * diagnostics, never crash, and keep its promises: every string a
 * document hands out is valid UTF-8, every message is safe to print,
 * required keys are present, lookups agree with the arrays.
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

static void
check_string (const char *what, const char *s)
{
  PD_FUZZ_CHECK (s != NULL, "%s is NULL", what);
  PD_FUZZ_CHECK (g_utf8_validate (s, -1, NULL), "%s is not valid UTF-8", what);
}

static void
check_optional (const char *what, const char *s)
{
  if (s != NULL)
    check_string (what, s);
}

static void
check_field (const PdField *field)
{
  PD_FUZZ_CHECK (field != NULL, "NULL field");
  check_string ("field key", field->key);
  check_string ("field value", field->value);
  PD_FUZZ_CHECK (field->line > 0, "field '%s' on line 0", field->key);
  if (field->items != NULL)
    {
      /* The documented layout: the value is the first item ("" for an
       * empty list) and the items follow each other, NUL-ended. */
      PD_FUZZ_CHECK (field->items[0] != NULL ? field->value == field->items[0]
                                             : field->value[0] == '\0',
                     "the value of '%s' is not its first item", field->key);
      for (guint i = 0; field->items[i] != NULL; i++)
        {
          check_string ("list item", field->items[i]);
          PD_FUZZ_CHECK (i == 0 || field->items[i] == field->items[i - 1]
                                                       + strlen (field->items[i - 1]) + 1,
                         "item %u of '%s' does not follow the one before", i, field->key);
        }
    }
}

/* `Title[LANG]` -> LANG, or NULL for a plain key. */
static char *
locale_of (const char *key)
{
  const char *open = strchr (key, '[');
  gsize len = strlen (key);

  if (open == NULL || len < 2 || key[len - 1] != ']')
    return NULL;
  return g_strndup (open + 1, key + len - 1 - (open + 1));
}

static void
check_area (const PdDocument *document, guint index)
{
  const PdArea *area = pd_document_get_area (document, index);

  PD_FUZZ_CHECK (area != NULL, "area %u is NULL", index);
  PD_FUZZ_CHECK (pd_area_get_index (area) == index, "area %u has index %u", index,
                 pd_area_get_index (area));
  PD_FUZZ_CHECK (pd_area_get_line (area) > 0, "area %u on line 0", index);

  const char *id = pd_area_get_id (area);
  check_string ("area ID", id);
  PD_FUZZ_CHECK (pd_document_find_area (document, id) == area, "find_area ('%s') disagrees",
                 id);
  check_string ("area title", pd_area_get_title (area));
  check_optional ("area category", pd_area_get_category (area));
  check_optional ("area summary", pd_area_get_summary (area));
  check_optional ("area source", pd_area_get_source (area));

  const char *const *lists[] = { pd_area_get_objectives (area), pd_area_get_aliases (area) };
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      PD_FUZZ_CHECK (lists[l] != NULL, "list %u of area '%s' is NULL", l, id);
      for (guint i = 0; lists[l][i] != NULL; i++)
        check_string ("area list item", lists[l][i]);
    }

  check_string ("area title (no lang)", pd_area_get_title_for_lang (area, NULL));
  check_string ("area title (lang zz)", pd_area_get_title_for_lang (area, "zz"));
  for (guint i = 0; i < pd_area_get_n_fields (area); i++)
    {
      const PdField *field = pd_area_get_field (area, i);
      check_field (field);
      PD_FUZZ_CHECK (pd_area_lookup_field (area, field->key) == field,
                     "lookup of area key '%s' disagrees", field->key);
      g_autofree char *lang = locale_of (field->key);
      if (lang != NULL && g_str_has_prefix (field->key, "Title["))
        PD_FUZZ_CHECK (pd_area_get_title_for_lang (area, lang) == field->value,
                       "Title[%s] of area '%s' not found by lang", lang, id);
    }
  PD_FUZZ_CHECK (pd_area_lookup_field (area, "No=Key") == NULL, "phantom area key");
}

static void
check_document (PdDocument *document, const char *name)
{
  PD_FUZZ_CHECK (strcmp (pd_document_get_name (document), name) == 0, "name changed");
  check_string ("Id", pd_document_get_id (document));
  check_string ("Title", pd_document_get_title (document));
  check_string ("Version", pd_document_get_version (document));
  check_optional ("ShortTitle", pd_document_get_short_title (document));
  check_optional ("Date", pd_document_get_date (document));
  check_optional ("Period", pd_document_get_period (document));
  check_optional ("Supersedes", pd_document_get_supersedes (document));
  check_optional ("Source", pd_document_get_source (document));
  check_optional ("Description", pd_document_get_description (document));
  check_string ("Title (no lang)", pd_document_get_title_for_lang (document, NULL));
  check_string ("Title (lang zz)", pd_document_get_title_for_lang (document, "zz"));

  for (guint i = 0; i < pd_document_get_n_fields (document); i++)
    {
      const PdField *field = pd_document_get_field (document, i);
      check_field (field);
      PD_FUZZ_CHECK (pd_document_lookup_field (document, field->key) == field,
                     "lookup of key '%s' disagrees", field->key);
      g_autofree char *lang = locale_of (field->key);
      if (lang != NULL && g_str_has_prefix (field->key, "Title["))
        PD_FUZZ_CHECK (pd_document_get_title_for_lang (document, lang) == field->value,
                       "Title[%s] not found by lang", lang);
    }
  /* No key holds "=", so this one cannot be in any document. */
  PD_FUZZ_CHECK (pd_document_lookup_field (document, "No=Key") == NULL, "phantom key");

  guint n_areas = pd_document_get_n_areas (document);
  PD_FUZZ_CHECK (n_areas > 0, "a valid document without areas");
  for (guint i = 0; i < n_areas; i++)
    check_area (document, i);
  PD_FUZZ_CHECK (pd_document_find_area (document, "") == NULL, "area with an empty ID");

  /* References are counted. */
  pd_document_unref (pd_document_ref (document));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char name[] = "fuzz.programme";
  g_autoptr(GPtrArray) diagnostics =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document =
    pd_document_load_data (name, (const char *) data, size, diagnostics, &error);
  guint n_errors = 0;
  guint last_line = 0;

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const PdDiagnostic *d = g_ptr_array_index (diagnostics, i);
      PD_FUZZ_CHECK (d->message != NULL, "diagnostic without a message");
      pd_fuzz_check_visible ("diagnostic", d->message, strlen (d->message), "");
      g_autofree char *line = pd_diagnostic_format (d, name);
      pd_fuzz_check_visible ("formatted diagnostic", line, strlen (line), "");
      PD_FUZZ_CHECK (g_str_has_prefix (line, name), "diagnostic does not name the file: %s",
                     line);
      if (d->severity == PD_SEVERITY_ERROR)
        n_errors++;
      /* In line order; "too many errors" (line 0) may only come last. */
      if (d->line != 0)
        {
          PD_FUZZ_CHECK (d->line >= last_line, "diagnostics out of order: %u after %u",
                         d->line, last_line);
          last_line = d->line;
        }
      else
        PD_FUZZ_CHECK (i == diagnostics->len - 1 || d->line == 0 || last_line == 0,
                       "file-level diagnostic in the middle: %s", d->message);
    }

  if (document == NULL)
    {
      PD_FUZZ_CHECK (error != NULL, "no document and no error");
      PD_FUZZ_CHECK (error->domain == PD_ERROR
                     && (error->code == PD_ERROR_INVALID_DOCUMENT
                         || error->code == PD_ERROR_TOO_LARGE),
                     "unexpected error: %s", error->message);
      PD_FUZZ_CHECK (n_errors > 0, "failed without an error diagnostic: %s", error->message);
      pd_fuzz_check_visible ("error", error->message, strlen (error->message), "");
      PD_FUZZ_CHECK (g_str_has_prefix (error->message, name), "error does not name the file: %s",
                     error->message);
      return 0;
    }
  PD_FUZZ_CHECK (error == NULL, "a document and an error: %s", error->message);
  PD_FUZZ_CHECK (n_errors == 0, "a document despite %u errors", n_errors);
  check_document (document, name);

  return 0;
}
