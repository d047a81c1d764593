/* test-document.c: the strict reader of programme documents. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-document-private.h"
#include "pd-test-util.h"

/* ---- helpers ----------------------------------------------------------- */

/* Loads @text as "test.programme", keeping every diagnostic. */
static PdDocument *
load_text (const char  *text,
           GPtrArray  **diagnostics_out,
           GError     **error)
{
  *diagnostics_out = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  return pd_document_load_data ("test.programme", text, strlen (text),
                                *diagnostics_out, error);
}

static const PdDiagnostic *
diagnostic (GPtrArray *diagnostics,
            guint      index)
{
  g_assert_cmpuint (index, <, diagnostics->len);
  return g_ptr_array_index (diagnostics, index);
}

/* Nothing that could act on a terminal: valid UTF-8 without C0, DEL or C1. */
static void
assert_no_control (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        g_error ("control character U+%04X in \"%s\"", c, text);
    }
}

/* Asserts that @text fails with the one error @expected (a formatted
 * diagnostic, "test.programme:LINE:COL: error: ..."). */
static void
assert_text_fails (const char *text,
                   const char *expected)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = load_text (text, &diagnostics, &error);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_null (document);
  g_assert_cmpstr (error->message, ==, expected);
  assert_no_control (error->message);
}

/* A valid header for texts that test something in an area. */
#define HEADER "[Programme]\nId=t\nTitle=T\nVersion=1\n"

/* ---- valid documents --------------------------------------------------- */

static void
test_document_valid_fixtures (void)
{
  g_autofree char *dir_path = pd_test_fixture_path ("valid", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  guint n_files = 0;

  g_assert_no_error (error);
  for (const char *name = g_dir_read_name (dir); name != NULL; name = g_dir_read_name (dir))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GPtrArray) diagnostics =
        g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
      g_autoptr(PdDocument) document = pd_document_load_file (path, diagnostics, &error);

      g_test_message ("%s", name);
      g_assert_no_error (error);
      g_assert_nonnull (document);
      g_assert_cmpstr (pd_document_get_name (document), ==, path);
      g_assert_cmpuint (pd_document_get_n_areas (document), >, 0);
      for (guint i = 0; i < diagnostics->len; i++)
        g_assert_cmpint (diagnostic (diagnostics, i)->severity, ==, PD_SEVERITY_WARNING);
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 5);
}

static void
test_document_valid_minimal (void)
{
  g_autoptr(PdDocument) document = pd_test_load_fixture ("valid", "minimal.programme", NULL);

  g_assert_cmpstr (pd_document_get_id (document), ==, "minimal");
  g_assert_cmpstr (pd_document_get_title (document), ==, "Minimal programme");
  g_assert_cmpstr (pd_document_get_version (document), ==, "1");
  g_assert_null (pd_document_get_short_title (document));
  g_assert_null (pd_document_get_date (document));
  g_assert_null (pd_document_get_period (document));
  g_assert_null (pd_document_get_supersedes (document));
  g_assert_null (pd_document_get_source (document));
  g_assert_null (pd_document_get_description (document));
  g_assert_cmpuint (pd_document_get_n_fields (document), ==, 3);
  g_assert_cmpuint (pd_document_get_n_areas (document), ==, 1);

  const PdArea *area = pd_document_get_area (document, 0);

  g_assert_cmpstr (pd_area_get_id (area), ==, "one");
  g_assert_cmpstr (pd_area_get_title (area), ==, "The only area");
  g_assert_cmpuint (pd_area_get_line (area), ==, 7);
  g_assert_null (pd_area_get_summary (area));
  g_assert_null (pd_area_get_category (area));
  g_assert_null (pd_area_get_source (area));
  g_assert_nonnull (pd_area_get_objectives (area));
  g_assert_null (pd_area_get_objectives (area)[0]);
  g_assert_nonnull (pd_area_get_aliases (area));
  g_assert_null (pd_area_get_aliases (area)[0]);
}

static const char full_text[] =
  "# every key\n"                                        /* 1 */
  "[Programme]\n"                                        /* 2 */
  "Id=eu-cyber.2\n"                                      /* 3 */
  "Title=Cyber programme\n"                              /* 4 */
  "Title[ja]=サイバー\n"                                 /* 5 */
  "ShortTitle=Cyber\n"                                   /* 6 */
  "Version=2020 rev. 2\n"                                /* 7 */
  "Date=2020-02\n"                                       /* 8 */
  "Period=2021–2027\n"                                   /* 9 */
  "Parties=EU;Japan\n"                                   /* 10 */
  "Supersedes=eu-cyber@2016\n"                           /* 11 */
  "Source=https://example.org/cyber\n"                   /* 12 */
  "Description=Two\\nparagraphs\n"                       /* 13 */
  "X-Reviewer=someone\n"                                 /* 14 */
  "\n"                                                   /* 15 */
  "[Area threats]\n"                                     /* 16 */
  "Title=Threats\n"                                      /* 17 */
  "Category=Security\n"                                  /* 18 */
  "Summary=Know the threats.\n"                          /* 19 */
  "Objectives=Share data;Train staff\n"                  /* 20 */
  "Aliases=risks\n"                                      /* 21 */
  "Source=Art. 3\n"                                      /* 22 */
  "[Area 2.b_x-y]\n"                                     /* 23 */
  "Title=Second\n";                                      /* 24 */

static void
test_document_valid_getters (void)
{
  g_autoptr(PdDocument) document = pd_test_load_string (full_text);

  g_assert_cmpstr (pd_document_get_name (document), ==, "test.programme");
  g_assert_cmpstr (pd_document_get_id (document), ==, "eu-cyber.2");
  g_assert_cmpstr (pd_document_get_title (document), ==, "Cyber programme");
  g_assert_cmpstr (pd_document_get_short_title (document), ==, "Cyber");
  g_assert_cmpstr (pd_document_get_version (document), ==, "2020 rev. 2");
  g_assert_cmpstr (pd_document_get_date (document), ==, "2020-02");
  g_assert_cmpstr (pd_document_get_period (document), ==, "2021–2027");
  g_assert_cmpstr (pd_document_get_supersedes (document), ==, "eu-cyber@2016");
  g_assert_cmpstr (pd_document_get_source (document), ==, "https://example.org/cyber");
  g_assert_cmpstr (pd_document_get_description (document), ==, "Two\nparagraphs");

  /* Fields in file order, with their lines; the extension key is kept. */
  g_assert_cmpuint (pd_document_get_n_fields (document), ==, 12);

  const PdField *field = pd_document_get_field (document, 0);

  g_assert_cmpstr (field->key, ==, "Id");
  g_assert_null (field->items);
  g_assert_cmpuint (field->line, ==, 3);
  field = pd_document_get_field (document, 11);
  g_assert_cmpstr (field->key, ==, "X-Reviewer");
  g_assert_cmpstr (field->value, ==, "someone");
  g_assert_cmpuint (field->line, ==, 14);

  field = pd_document_lookup_field (document, "Parties");
  g_assert_nonnull (field);
  g_assert_cmpstrv (field->items, ((const char *const[]) { "EU", "Japan", NULL }));
  /* A list's value is its first item; the items follow each other in
   * place, each ended by a NUL (no copies). */
  g_assert_true (field->value == field->items[0]);
  g_assert_true (field->items[1] == field->items[0] + strlen (field->items[0]) + 1);
  g_assert_cmpstr (pd_document_lookup_field (document, "Title[ja]")->value, ==, "サイバー");
  g_assert_null (pd_document_lookup_field (document, "Title[de]"));
  g_assert_null (pd_document_lookup_field (document, "Category"));

  /* Areas in order, found by ID. */
  g_assert_cmpuint (pd_document_get_n_areas (document), ==, 2);

  const PdArea *area = pd_document_find_area (document, "threats");

  g_assert_true (area == pd_document_get_area (document, 0));
  g_assert_cmpuint (pd_area_get_index (area), ==, 0);
  g_assert_cmpuint (pd_area_get_line (area), ==, 16);
  g_assert_cmpstr (pd_area_get_id (area), ==, "threats");
  g_assert_cmpstr (pd_area_get_title (area), ==, "Threats");
  g_assert_cmpstr (pd_area_get_category (area), ==, "Security");
  g_assert_cmpstr (pd_area_get_summary (area), ==, "Know the threats.");
  g_assert_cmpstr (pd_area_get_source (area), ==, "Art. 3");
  g_assert_cmpstrv (pd_area_get_objectives (area),
                    ((const char *const[]) { "Share data", "Train staff", NULL }));
  g_assert_cmpstrv (pd_area_get_aliases (area), ((const char *const[]) { "risks", NULL }));
  g_assert_cmpuint (pd_area_get_n_fields (area), ==, 6);
  g_assert_cmpstr (pd_area_get_field (area, 3)->key, ==, "Objectives");
  g_assert_cmpuint (pd_area_get_field (area, 3)->line, ==, 20);
  g_assert_cmpstr (pd_area_lookup_field (area, "Objectives")->value, ==, "Share data");
  g_assert_null (pd_area_lookup_field (area, "Title[ja]"));

  area = pd_document_find_area (document, "2.b_x-y");
  g_assert_true (area == pd_document_get_area (document, 1));
  g_assert_cmpuint (pd_area_get_index (area), ==, 1);
  g_assert_cmpuint (pd_area_get_n_fields (area), ==, 1);
  g_assert_null (pd_document_find_area (document, "THREATS"));
  g_assert_null (pd_document_find_area (document, "nothing"));
}

static void
test_document_valid_ref (void)
{
  PdDocument *document = pd_test_load_string (HEADER "[Area a]\nTitle=A\n");

  g_assert_true (pd_document_ref (document) == document);
  pd_document_unref (document);
  g_assert_cmpstr (pd_document_get_id (document), ==, "t");
  pd_document_unref (document);
}

/* ---- values ------------------------------------------------------------ */

static void
test_document_values_escapes (void)
{
  g_autoptr(PdDocument) document = pd_test_load_fixture ("valid", "escapes-and-lists.programme", NULL);

  g_assert_cmpstr (pd_document_get_title (document), ==, "Escapes and lists");
  g_assert_cmpstr (pd_document_get_description (document), ==,
                   "First paragraph.\nSecond paragraph, a\ttab and a backslash \\.");

  const PdArea *area = pd_document_find_area (document, "scalars");

  /* Blanks around '=' and the value go; escaped blanks stay. */
  g_assert_cmpstr (pd_area_get_title (area), ==, "Blanks around the value are dropped");
  g_assert_cmpstr (pd_area_get_summary (area), ==, "Trailing space written as an escape ");
  g_assert_cmpstr (pd_area_get_category (area), ==, "A;B is one scalar value");
}

static void
test_document_values_lists (void)
{
  g_autoptr(PdDocument) document = pd_test_load_fixture ("valid", "escapes-and-lists.programme", NULL);

  /* Blanks around items are dropped, `\;` is a literal ';', and the
   * trailing ';' ends the list. */
  const PdField *parties = pd_document_lookup_field (document, "Parties");

  g_assert_cmpstrv (parties->items, ((const char *const[]) { "Alpha", "Beta; Gamma", "Delta", NULL }));
  g_assert_cmpstr (parties->value, ==, "Alpha");
  for (guint i = 1; parties->items[i] != NULL; i++)
    g_assert_true (parties->items[i] == parties->items[i - 1] + strlen (parties->items[i - 1]) + 1);

  const PdArea *area = pd_document_find_area (document, "lists");

  g_assert_cmpstrv (pd_area_get_objectives (area),
                    ((const char *const[]) { " leading blank kept", "Semicolon ; inside",
                                             "Last item", NULL }));
  /* An empty value is an empty list, not a list of one empty item. */
  g_assert_null (pd_area_get_aliases (area)[0]);
  g_assert_cmpstr (pd_area_lookup_field (area, "Aliases")->value, ==, "");
  g_assert_nonnull (pd_area_lookup_field (area, "Aliases")->items);
}

static void
test_document_values_list_errors (void)
{
  assert_text_fails (HEADER "[Area a]\nTitle=A\nAliases=a;;b\n",
                     "test.programme:7:11: error: empty list item");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nAliases=a; \t;b\n",
                     "test.programme:7:13: error: empty list item");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nAliases=;\n",
                     "test.programme:7:9: error: empty list item");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nAliases=a;;\n",
                     "test.programme:7:11: error: empty list item");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nAliases=a\\q\n",
                     "test.programme:7:10: error: invalid escape '\\q'");

  /* One trailing ';' (and blanks after it) is fine. */
  g_autoptr(PdDocument) document = pd_test_load_string (HEADER "[Area a]\nTitle=A\nAliases= a ; b ;  \n");

  g_assert_cmpstrv (pd_area_get_aliases (pd_document_get_area (document, 0)),
                    ((const char *const[]) { "a", "b", NULL }));
}

static void
test_document_values_escape_errors (void)
{
  /* A bad escape after a long value that had none: what is kept of the
   * bad one is its own beginning (values without escapes are read in
   * place, not through the scratch string the bad one fills). */
  assert_text_fails (HEADER "[Area a]\nTitle=A much longer title than the next value\n"
                            "Summary=ab\\q\n",
                     "test.programme:7:11: error: invalid escape '\\q'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\\rB\n",
                     "test.programme:6:8: error: invalid escape '\\r'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\\;B\n",
                     "test.programme:6:8: error: invalid escape '\\;' in a value that is not a list");
  /* The escape quoted is the whole character after the backslash. */
  assert_text_fails (HEADER "[Area a]\nTitle=A\\éB\n",
                     "test.programme:6:8: error: invalid escape '\\é'");
  /* A trailing blank after a backslash is dropped first: write \s. */
  assert_text_fails (HEADER "[Area a]\nTitle=A\\ \n",
                     "test.programme:6:8: error: lone backslash at end of value");
}

static void
test_document_values_unknown_keys (void)
{
  /* Unknown and X- keys may be lists written by a newer version: `\;`
   * is kept as written rather than rejected. */
  g_autoptr(PdDocument) document = pd_test_load_string (HEADER "X-List=a\\;b;c\\sd\n[Area a]\nTitle=A\n");

  g_assert_cmpstr (pd_document_lookup_field (document, "X-List")->value, ==, "a\\;b;c d");
  g_assert_null (pd_document_lookup_field (document, "X-List")->items);
}

static void
test_document_values_checks (void)
{
  static const char *const good_dates[] = { "2024", "2024-02", "2024-02-29", "0001-01-01", "9999-12-31" };
  static const char *const bad_dates[] = { "", "24", "2023-02-29", "2024-13", "2024-00", "0000",
                                           "2024-1-01", "2024/01/01", "2024-01-01T00", "２０２４" };

  for (gsize i = 0; i < G_N_ELEMENTS (good_dates); i++)
    {
      g_autofree char *text = g_strdup_printf (HEADER "Date=%s\n[Area a]\nTitle=A\n", good_dates[i]);
      g_autoptr(PdDocument) document = pd_test_load_string (text);
      g_assert_cmpstr (pd_document_get_date (document), ==, good_dates[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    {
      g_autofree char *text = g_strdup_printf (HEADER "Date=%s\n[Area a]\nTitle=A\n", bad_dates[i]);
      g_autofree char *expected = g_strdup_printf (
        "test.programme:5:6: error: bad date '%s': expected a real date as YYYY-MM-DD, YYYY-MM or YYYY",
        bad_dates[i]);
      assert_text_fails (text, expected);
    }

  assert_text_fails (HEADER "Supersedes=x@\n[Area a]\nTitle=A\n",
                     "test.programme:5:12: error: bad Supersedes value 'x@': expected 'ID@VERSION'");
  assert_text_fails (HEADER "Supersedes=X@1\n[Area a]\nTitle=A\n",
                     "test.programme:5:12: error: bad Supersedes value 'X@1': expected 'ID@VERSION'");
  assert_text_fails ("[Programme]\nId=t\nTitle=T\nVersion=\n[Area a]\nTitle=A\n",
                     "test.programme:4:9: error: key 'Version' must not be empty");
  assert_text_fails (HEADER "Title[ja]=\n[Area a]\nTitle=A\n",
                     "test.programme:5:11: error: key 'Title[ja]' must not be empty");
  assert_text_fails ("[Programme]\nId=\nTitle=T\nVersion=1\n[Area a]\nTitle=A\n",
                     "test.programme:2:4: error: bad programme ID '': an ID is a lower-case letter "
                     "or digit followed by lower-case letters, digits, '.', '_' or '-'");
  assert_text_fails ("[Programme]\nId=a\\sb\nTitle=T\nVersion=1\n[Area a]\nTitle=A\n",
                     "test.programme:2:4: error: bad programme ID 'a b': an ID is a lower-case letter "
                     "or digit followed by lower-case letters, digits, '.', '_' or '-'");

  g_autoptr(PdDocument) document = pd_test_load_string (HEADER "Supersedes=old.id@2016 rev@2\n[Area a]\nTitle=A\n");

  g_assert_cmpstr (pd_document_get_supersedes (document), ==, "old.id@2016 rev@2");
}

/* ---- locales ----------------------------------------------------------- */

static void
test_document_locales_separate_keys (void)
{
  g_autoptr(PdDocument) document = pd_test_load_fixture ("valid", "localized.programme", NULL);

  g_assert_cmpstr (pd_document_get_title (document), ==, "Cooperation programme");
  g_assert_cmpstr (pd_document_get_title_for_lang (document, "ja"), ==, "協力プログラム");
  g_assert_cmpstr (pd_document_get_title_for_lang (document, "pt_BR"), ==, "Programa de cooperação");
  g_assert_cmpstr (pd_document_get_title_for_lang (document, "pt"), ==, "Cooperation programme");
  g_assert_cmpstr (pd_document_get_title_for_lang (document, NULL), ==, "Cooperation programme");
  g_assert_cmpstr (pd_document_lookup_field (document, "ShortTitle[zh-Hant]")->value, ==, "合作");
  g_assert_cmpstr (pd_document_lookup_field (document, "Description[sr@latin]")->value, ==, "Opis programa");
  g_assert_null (pd_document_get_description (document));

  const PdArea *area = pd_document_find_area (document, "energy");

  /* Case matters: Title[ja] and Title[JA] are two keys. */
  g_assert_cmpstr (pd_area_get_title_for_lang (area, "ja"), ==, "エネルギー");
  g_assert_cmpstr (pd_area_get_title_for_lang (area, "JA"), ==, "ENERGY");
  g_assert_cmpstr (pd_area_get_title_for_lang (area, "de"), ==, "Energy");
  g_assert_cmpstr (pd_area_get_title_for_lang (area, NULL), ==, "Energy");
  g_assert_cmpstr (pd_area_get_summary (area), ==, "Clean energy.\nA second paragraph.");
  g_assert_cmpstr (pd_area_lookup_field (area, "Summary[fr]")->value, ==, "Énergie propre.");
  g_assert_cmpuint (pd_area_get_n_fields (area), ==, 5);
  g_assert_cmpstr (pd_area_get_field (area, 2)->key, ==, "Title[JA]");
}

static void
test_document_locales_errors (void)
{
  assert_text_fails (HEADER "[Area a]\nTitle=A\nTitle[x]=B\n",
                     "test.programme:7:7: error: invalid locale 'x': expected a tag such as "
                     "'ja', 'pt_BR' or 'sr@latin'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nTitle[sr@latin@x]=B\n",
                     "test.programme:7:7: error: invalid locale 'sr@latin@x': expected a tag such as "
                     "'ja', 'pt_BR' or 'sr@latin'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nTitle[ja_]=B\n",
                     "test.programme:7:7: error: invalid locale 'ja_': expected a tag such as "
                     "'ja', 'pt_BR' or 'sr@latin'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nCategory[ja]=B\n",
                     "test.programme:7:9: error: key 'Category' does not take a locale");
  assert_text_fails (HEADER "[Area a]\nTitle=A\nTitle[ja]=B\nTitle[ja]=C\n",
                     "test.programme:8:1: error: duplicate key 'Title[ja]', first at line 7");
}

/* ---- bytes and lines --------------------------------------------------- */

static void
test_document_lines_bom_crlf (void)
{
  g_autoptr(PdDocument) document = pd_test_load_fixture ("valid", "bom-crlf.programme", NULL);

  g_assert_cmpstr (pd_document_get_id (document), ==, "bom-crlf");
  g_assert_cmpstr (pd_document_get_title (document), ==, "Saved on Windows");
  g_assert_cmpuint (pd_area_get_line (pd_document_get_area (document, 1)), ==, 11);
  g_assert_cmpstrv (pd_area_get_objectives (pd_document_get_area (document, 0)),
                    ((const char *const[]) { "One", "Two", NULL }));

  /* The BOM is not a column. */
  assert_text_fails ("\xEF\xBB\xBF[Programme] x\n", "test.programme:1:13: error: syntax error: "
                                                    "unexpected 'x' after group header");
  /* Only the CR of a CRLF is a line end; LF alone is fine too. */
  assert_text_fails (HEADER "[Area a]\nTitle=A\r\r\n",
                     "test.programme:6:8: error: unexpected control character '\\r'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\r",
                     "test.programme:6:8: error: unexpected control character '\\r'");
  g_autoptr(PdDocument) no_final_newline = pd_test_load_string (HEADER "[Area a]\r\nTitle=A");
  g_assert_cmpstr (pd_area_get_title (pd_document_get_area (no_final_newline, 0)), ==, "A");
  /* A BOM anywhere but at the start is named, invisible as it is: a
   * second one, or one from a pasted file. */
  assert_text_fails (HEADER "\xEF\xBB\xBF[Area a]\nTitle=A\n",
                     "test.programme:5:1: error: unexpected byte order mark (U+FEFF): only the "
                     "start of the file may have one");
  assert_text_fails ("\xEF\xBB\xBF\xEF\xBB\xBF" HEADER "[Area a]\nTitle=A\n",
                     "test.programme:1:1: error: unexpected byte order mark (U+FEFF): only the "
                     "start of the file may have one");
}

static void
test_document_lines_columns (void)
{
  /* Columns count characters, not bytes, tabs as one. */
  assert_text_fails (HEADER "[Area a]\n\tTitle=日本語\\q\n",
                     "test.programme:6:11: error: invalid escape '\\q'");
  assert_text_fails (HEADER "[Area a]\nTitle=日本\xE8\xAA\n",
                     "test.programme:6:9: error: invalid UTF-8 byte '\\xE8'");
  assert_text_fails (HEADER "[Area a]\nTitle=\xC2\x9B" "31m\n",
                     "test.programme:6:7: error: unexpected control character '\\u009B'");
  assert_text_fails (HEADER "[Area a]\nTitle=A\x7F\n",
                     "test.programme:6:8: error: unexpected control character '\\x7F'");
  assert_text_fails (HEADER "[Area a]\nTitle=\xED\xA0\x80\n",
                     "test.programme:6:7: error: invalid UTF-8 byte '\\xED'");
}

/* A random value for the reader's two paths: words, blanks, escapes,
 * UTF-8, a tab, list separators and stray blanks around them. */
static void
append_random_value (GRand *rand, GString *out, gboolean is_list)
{
  static const char *const pieces[] = {
    "alpha", "beta", "Japan's", "non-proliferation", "1,000", "\\s", "\\n", "\\t",
    "\\\\", "é", "日本", "\t", " ", "  ", "—", "x",
  };
  guint n = g_rand_int_range (rand, 1, 40);

  for (guint i = 0; i < n; i++)
    {
      if (is_list && g_rand_int_range (rand, 0, 6) == 0)
        g_string_append (out, g_rand_boolean (rand) ? ";" : " ; ");
      if (is_list && g_rand_int_range (rand, 0, 12) == 0)
        g_string_append (out, "\\;");
      g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
    }
  if (is_list && g_rand_boolean (rand))
    g_string_append_c (out, ';');
}

static void
assert_same_fields (const PdField *a, guint n_a, const PdField *b, guint n_b)
{
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint f = 0; f < n_a; f++)
    {
      g_assert_cmpstr (a[f].key, ==, b[f].key);
      g_assert_cmpstr (a[f].value, ==, b[f].value);
      g_assert_cmpuint (a[f].line, ==, b[f].line);
      g_assert_true ((a[f].items == NULL) == (b[f].items == NULL));
      if (a[f].items == NULL)
        continue;
      g_assert_cmpstrv (a[f].items, b[f].items);
      /* The layout the header promises: the value is the first item, and
       * the items follow each other, each ended by a NUL. */
      if (a[f].items[0] == NULL)
        continue;
      g_assert_true (a[f].value == a[f].items[0]);
      for (guint i = 1; a[f].items[i] != NULL; i++)
        g_assert_true (a[f].items[i] == a[f].items[i - 1] + strlen (a[f].items[i - 1]) + 1);
    }
}

static void
test_document_lines_plain_and_crlf (void)
{
  g_test_summary ("Random documents read the same with LF and with CRLF line ends: "
                  "lines of printable ASCII are read on a fast path that neither checks "
                  "bytes nor unescapes, a CR sends every line down the general one.");

  g_autoptr(GRand) rand = g_rand_new_with_seed (20261128);
  guint failed = 0;

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) lf = g_string_new (HEADER);
      guint n_areas = g_rand_int_range (rand, 1, 6);

      for (guint a = 0; a < n_areas; a++)
        {
          g_string_append_printf (lf, "[Area a%u]\nTitle=", a);
          append_random_value (rand, lf, FALSE);
          g_string_append (lf, "\nSummary=  ");
          append_random_value (rand, lf, FALSE);
          g_string_append (lf, "\nObjectives=");
          append_random_value (rand, lf, TRUE);
          g_string_append (lf, "  \nX-Note=");
          append_random_value (rand, lf, TRUE);
          g_string_append (lf, "\n");
        }
      g_auto(GStrv) lines = g_strsplit (lf->str, "\n", -1);
      g_autofree char *crlf = g_strjoinv ("\r\n", lines);

      g_autoptr(GPtrArray) diagnostics_lf = NULL, diagnostics_crlf = NULL;
      g_autoptr(GError) error_lf = NULL, error_crlf = NULL;
      g_autoptr(PdDocument) doc_lf = load_text (lf->str, &diagnostics_lf, &error_lf);
      g_autoptr(PdDocument) doc_crlf = load_text (crlf, &diagnostics_crlf, &error_crlf);

      /* Empty list items make some documents invalid: in both, alike. */
      g_assert_true ((doc_lf == NULL) == (doc_crlf == NULL));
      if (doc_lf == NULL)
        {
          g_assert_cmpstr (error_lf->message, ==, error_crlf->message);
          failed++;
          continue;
        }
      g_assert_cmpuint (pd_document_get_n_areas (doc_lf), ==, n_areas);
      /* The two paths are what is compared: the LF version has lines
       * of plain ASCII (the headers at least), the CRLF one none. */
      g_assert_cmpuint (pd_document__get_n_plain_lines (doc_lf), >, 0);
      g_assert_cmpuint (pd_document__get_n_plain_lines (doc_crlf), ==, 0);
      assert_same_fields (pd_document_get_field (doc_lf, 0), pd_document_get_n_fields (doc_lf),
                          pd_document_get_field (doc_crlf, 0),
                          pd_document_get_n_fields (doc_crlf));
      for (guint a = 0; a < n_areas; a++)
        {
          const PdArea *x = pd_document_get_area (doc_lf, a);
          const PdArea *y = pd_document_get_area (doc_crlf, a);
          assert_same_fields (pd_area_get_field (x, 0), pd_area_get_n_fields (x),
                              pd_area_get_field (y, 0), pd_area_get_n_fields (y));
        }
    }
  /* Both kinds of document must have come up. */
  g_assert_cmpuint (failed, >, 10);
  g_assert_cmpuint (failed, <, 290);
}

static void
test_document_lines_unusual_byte_offsets (void)
{
  g_test_summary ("A tab, an escape, UTF-8, a control byte or an invalid byte at any "
                  "offset of a long line is seen, whichever sixteen-byte block of the "
                  "line scan it falls in.");

  /* At least one letter first: blanks at the start of a value are not
   * part of it. Bytes 9 to 49 of the line: three block boundaries. */
  for (guint k = 1; k <= 41; k++)
    {
      g_autofree char *pad = g_strnfill (k, 'a');
      g_autofree char *tail = g_strnfill (20, 'b');
      /* "Summary=" is 8 columns: the byte after the pad is column k + 9. */
      g_autofree char *with_tab = g_strdup_printf (HEADER "[Area a]\nTitle=A\nSummary=%s\t%s\n",
                                                   pad, tail);
      g_autofree char *with_escape = g_strdup_printf (HEADER "[Area a]\nTitle=A\nSummary=%s\\s%s\n",
                                                      pad, tail);
      g_autofree char *with_utf8 = g_strdup_printf (HEADER "[Area a]\nTitle=A\nSummary=%s\xc3\xa9%s\n",
                                                    pad, tail);
      g_autofree char *expected_tab = g_strdup_printf ("%s\t%s", pad, tail);
      g_autofree char *expected_space = g_strdup_printf ("%s %s", pad, tail);
      g_autofree char *expected_utf8 = g_strdup_printf ("%s\xc3\xa9%s", pad, tail);
      const char *texts[] = { with_tab, with_escape, with_utf8 };
      const char *expected[] = { expected_tab, expected_space, expected_utf8 };

      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          g_autoptr(GPtrArray) diagnostics = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(PdDocument) document = load_text (texts[t], &diagnostics, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (pd_area_get_summary (pd_document_get_area (document, 0)), ==,
                           expected[t]);
        }

      static const struct
      {
        const char *bytes;
        const char *message;
      } bad[] = {
        { "\x01", "unexpected control character '\\x01'" },
        { "\x7f", "unexpected control character '\\x7F'" },
        { "\xff", "invalid UTF-8 byte '\\xFF'" },
      };
      for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
        {
          g_autofree char *text = g_strdup_printf (HEADER "[Area a]\nTitle=A\nSummary=%s%s%s\n",
                                                   pad, bad[b].bytes, tail);
          g_autofree char *message = g_strdup_printf ("test.programme:7:%u: error: %s", k + 9,
                                                      bad[b].message);
          assert_text_fails (text, message);
        }
    }
}

static void
test_document_lines_nul (void)
{
  static const char text[] = HEADER "[Area a]\nTitle=ab\0cd\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_data ("nul.programme", text, sizeof text - 1,
                                                          NULL, &error);
  g_assert_null (document);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_cmpstr (error->message, ==, "nul.programme:6:9: error: unexpected NUL byte");
  g_clear_error (&error);

  /* @data need not be NUL-terminated: only @length bytes are read. */
  g_autoptr(PdDocument) cut = pd_document_load_data ("cut.programme", HEADER "[Area a]\nTitle=AB",
                                                     strlen (HEADER "[Area a]\nTitle=A"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_area_get_title (pd_document_get_area (cut, 0)), ==, "A");
}

static void
test_document_lines_hostile (void)
{
  g_test_summary ("Input bytes quoted in messages can never act on a terminal.");

  static const char *const texts[] = {
    /* An OSC 8 hyperlink and a colour in a key name. */
    HEADER "[Area a]\nTi\x1b]8;;http://evil/\x07tle\x1b[31m=x\n",
    /* Bidi override and zero-width space in a key name and group name. */
    HEADER "[Area a]\nTi\xE2\x80\xAEtle\xE2\x80\x8B=x\n",
    HEADER "[Ar\xE2\x80\xAE" "ea a]\nTitle=x\n",
    /* In values that fail a check. */
    "[Programme]\nId=\\t\xE2\x80\xAE\nTitle=T\nVersion=1\nDate=\\n2024\n[Area a]\nTitle=A\n",
    /* Invalid bytes, a lone CR and C1 controls in a header. */
    HEADER "[Area \xFF\xFE]\n",
    HEADER "[Area a\rb]\n",
    HEADER "[Area \xC2\x9B" "31m]\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PdDocument) document = load_text (texts[i], &diagnostics, &error);
      g_assert_null (document);

      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
      assert_no_control (error->message);
      for (guint j = 0; j < diagnostics->len; j++)
        assert_no_control (diagnostic (diagnostics, j)->message);
    }

  /* Shown, not obeyed: a bidi override in a key name becomes a marker. */
  assert_text_fails (HEADER "[Area a]\nTi\xE2\x80\xAEtle\xE2\x80\x8B=x\n",
                     "test.programme:6:3: error: syntax error: invalid key name 'Ti<U+202E>tle<U+200B>'");

  /* The name is escaped too: it may be a file name with any byte in it. */
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_data ("evil\x1b[2J.programme", "", 0, NULL, &error);
  g_assert_null (document);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_cmpstr (error->message, ==, "evil\\e[2J.programme:1: error: the document is empty");
}

/* ---- bad documents ----------------------------------------------------- */

typedef struct
{
  const char *file;
  guint line;
  guint column;
  const char *message;   /* a part of the first error's message */
} BadCase;

static const BadCase bad_cases[] = {
  { "area-id-separator.programme", 7, 6, "bad area ID: put one space between 'Area' and the ID" },
  { "bad-area-id.programme", 7, 7, "bad area ID 'a b'" },
  { "bad-date.programme", 6, 6, "bad date '2023-02-30'" },
  { "bad-programme-id.programme", 3, 4, "bad programme ID 'Bad_Programme'" },
  { "bad-supersedes.programme", 6, 12, "bad Supersedes value 'bad': expected 'ID@VERSION'" },
  { "conflict-marker.programme", 8, 1, "merge conflict marker" },
  { "control-character.programme", 8, 7, "unexpected control character '\\e'" },
  { "duplicate-group.programme", 10, 1, "duplicate group '[Area a]', first at line 7" },
  { "duplicate-key.programme", 9, 1, "duplicate key 'Title', first at line 8" },
  { "empty.programme", 1, 0, "the document is empty" },
  { "empty-list-item.programme", 9, 18, "empty list item" },
  { "empty-locale.programme", 9, 6, "empty locale in 'Title[]'" },
  { "empty-title.programme", 8, 7, "key 'Title' must not be empty" },
  { "invalid-escape.programme", 8, 9, "invalid escape '\\q'" },
  { "invalid-key-name.programme", 9, 7, "invalid key name 'Short Title'" },
  { "invalid-locale.programme", 9, 7, "invalid locale 'japanese'" },
  { "invalid-utf8.programme", 8, 10, "invalid UTF-8 byte '\\xE9'" },
  { "key-before-group.programme", 2, 1, "key 'Id' before the first group header" },
  { "locale-on-plain-key.programme", 4, 3, "key 'Id' does not take a locale" },
  { "lone-carriage-return.programme", 8, 15, "unexpected control character '\\r'" },
  { "missing-area-id.programme", 7, 2, "bad area ID: '[Area]' has no ID" },
  { "missing-id.programme", 2, 0, "missing required key 'Id' in [Programme]" },
  { "missing-key-name.programme", 9, 1, "missing key name before '='" },
  { "missing-programme.programme", 1, 0, "missing [Programme] group" },
  { "missing-title.programme", 7, 0, "missing required key 'Title' in [Area a]" },
  { "missing-version.programme", 2, 0, "missing required key 'Version' in [Programme]" },
  { "no-areas.programme", 1, 0, "no [Area ID] group" },
  { "nul-byte.programme", 8, 9, "unexpected NUL byte" },
  { "scalar-semicolon-escape.programme", 8, 8, "invalid escape '\\;' in a value that is not a list" },
  { "second-programme.programme", 10, 1, "duplicate group '[Programme]', first at line 2" },
  { "semicolon-comment.programme", 7, 1, "comments start with '#'" },
  { "syntax-error.programme", 9, 1, "syntax error: expected 'KEY=VALUE'" },
  { "text-after-group.programme", 7, 10, "unexpected '# a comment is not allowed here' after group header" },
  { "text-after-locale.programme", 9, 11, "expected '=' after the locale in 'Title[ja] x'" },
  { "too-many-errors.programme", 9, 1, "syntax error: expected 'KEY=VALUE'" },
  { "trailing-backslash.programme", 9, 31, "lone backslash at end of value" },
  { "unclosed-group.programme", 7, 1, "missing ']' in group header" },
  { "unclosed-locale.programme", 9, 6, "missing ']' after locale" },
  { "unknown-group.programme", 7, 1, "unknown group kind '[Areas]'" },
};

static void
test_document_bad_fixture (gconstpointer data)
{
  const BadCase *c = data;
  g_autofree char *path = pd_test_fixture_path ("bad", c->file, NULL);
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_file (path, diagnostics, &error);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_null (document);

  g_autofree char *prefix = c->column > 0
    ? g_strdup_printf ("%s:%u:%u: error: ", path, c->line, c->column)
    : g_strdup_printf ("%s:%u: error: ", path, c->line);

  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_nonnull (strstr (error->message + strlen (prefix), c->message));
  assert_no_control (error->message);

  /* The GError is the first diagnostic, which is an error. */
  const PdDiagnostic *first = diagnostic (diagnostics, 0);

  g_assert_cmpint (first->severity, ==, PD_SEVERITY_ERROR);
  g_assert_cmpuint (first->line, ==, c->line);
  g_assert_cmpuint (first->column, ==, c->column);
}

static void
test_document_bad_all_listed (void)
{
  g_test_summary ("Every file in fixtures/bad has a row in bad_cases[].");

  g_autofree char *dir_path = pd_test_fixture_path ("bad", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  guint n_files = 0;

  g_assert_no_error (error);
  for (const char *name = g_dir_read_name (dir); name != NULL; name = g_dir_read_name (dir))
    {
      gboolean listed = FALSE;

      for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
        listed = listed || strcmp (bad_cases[i].file, name) == 0;
      g_test_message ("%s", name);
      g_assert_true (listed);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, G_N_ELEMENTS (bad_cases));
}

/* ---- diagnostics ------------------------------------------------------- */

static void
test_document_diagnostics_several_errors (void)
{
  static const char text[] =
    "[Programme]\n"          /* 1 */
    "Id=multi\n"             /* 2 */
    "Title=Multi\n"          /* 3 */
    "Version=1\n"            /* 4 */
    "Date=2023-13-01\n"      /* 5: bad date */
    "Id=again\n"             /* 6: duplicate key */
    "[Area x]\n"             /* 7: no Title, reported when the group ends */
    "Summary=\\q\n"          /* 8: invalid escape */
    "[Area x]\n"             /* 9: duplicate group */
    "Title=T\n"              /* 10 */
    "Bogus\n";               /* 11: syntax error */
  static const struct { guint line, column; const char *message; } expected[] = {
    { 5, 6, "bad date '2023-13-01'" },
    { 6, 1, "duplicate key 'Id', first at line 2" },
    { 7, 0, "missing required key 'Title' in [Area x]" },
    { 8, 9, "invalid escape '\\q'" },
    { 9, 1, "duplicate group '[Area x]', first at line 7" },
    { 11, 1, "syntax error: expected 'KEY=VALUE'" },
  };
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = load_text (text, &diagnostics, &error);
  g_assert_null (document);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_cmpstr (error->message, ==, "test.programme:5:6: error: bad date '2023-13-01': "
                                       "expected a real date as YYYY-MM-DD, YYYY-MM or YYYY");
  g_assert_cmpuint (diagnostics->len, ==, G_N_ELEMENTS (expected));
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const PdDiagnostic *d = diagnostic (diagnostics, i);

      g_assert_cmpint (d->severity, ==, PD_SEVERITY_ERROR);
      g_assert_cmpuint (d->line, ==, expected[i].line);
      g_assert_cmpuint (d->column, ==, expected[i].column);
      g_assert_true (g_str_has_prefix (d->message, expected[i].message));
    }
}

static void
test_document_diagnostics_warnings (void)
{
  static const char text[] =
    HEADER
    "Editor=me\n"            /* 5 */
    "X-Editor=me\n"          /* 6: extension, silent */
    "[Area a]\n"             /* 7 */
    "Title=A\n"              /* 8 */
    "Budget[fr]=1\n";        /* 9 */
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = load_text (text, &diagnostics, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpuint (diagnostics->len, ==, 2);

  g_autofree char *first = pd_diagnostic_format (diagnostic (diagnostics, 0), "test.programme");
  g_autofree char *second = pd_diagnostic_format (diagnostic (diagnostics, 1), "test.programme");

  g_assert_cmpstr (first, ==, "test.programme:5: warning: unknown key 'Editor' in [Programme]");
  g_assert_cmpstr (second, ==, "test.programme:9: warning: unknown key 'Budget[fr]' in [Area a]");

  /* The unknown keys are kept, so that they still compare. */
  g_assert_cmpstr (pd_document_lookup_field (document, "Editor")->value, ==, "me");
  g_assert_cmpstr (pd_area_lookup_field (pd_document_get_area (document, 0), "Budget[fr]")->value, ==, "1");

  /* Without an array the load succeeds the same way. */
  g_autoptr(PdDocument) again = pd_document_load_data ("t", text, strlen (text), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
}

static void
test_document_diagnostics_warning_fixture (void)
{
  g_autofree char *path = pd_test_fixture_path ("valid", "unknown-key-warning.programme", NULL);
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_file (path, diagnostics, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (diagnostics->len, ==, 1);

  const PdDiagnostic *d = diagnostic (diagnostics, 0);

  g_assert_cmpint (d->severity, ==, PD_SEVERITY_WARNING);
  g_assert_cmpuint (d->line, ==, 10);
  g_assert_cmpstr (d->message, ==, "unknown key 'Budget' in [Area a]");
  g_assert_cmpstr (pd_document_lookup_field (document, "X-Editor")->value, ==,
                   "extension keys are kept silently");
}

static void
test_document_diagnostics_too_many (void)
{
  g_autofree char *path = pd_test_fixture_path ("bad", "too-many-errors.programme", NULL);
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_file (path, diagnostics, &error);
  g_assert_null (document);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_cmpuint (diagnostics->len, ==, PD_DOCUMENT__MAX_ERRORS + 1);
  g_assert_cmpuint (diagnostic (diagnostics, PD_DOCUMENT__MAX_ERRORS - 1)->line, ==, 58);

  const PdDiagnostic *last = diagnostic (diagnostics, PD_DOCUMENT__MAX_ERRORS);
  g_autofree char *text = pd_diagnostic_format (last, "x.programme");

  g_assert_cmpstr (text, ==, "x.programme: error: too many errors, giving up");
}

static void
test_document_diagnostics_appends (void)
{
  /* A caller may gather the diagnostics of several files in one array. */
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) first = pd_document_load_data ("a", HEADER "Foo=1\n[Area a]\nTitle=A\n",
                                                       strlen (HEADER "Foo=1\n[Area a]\nTitle=A\n"),
                                                       diagnostics, &error);
  g_assert_nonnull (first);
  g_assert_no_error (error);
  g_autoptr(PdDocument) second = pd_document_load_data ("b", "", 0, diagnostics, &error);
  g_assert_null (second);

  g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  g_assert_cmpint (diagnostic (diagnostics, 0)->severity, ==, PD_SEVERITY_WARNING);
  g_assert_cmpint (diagnostic (diagnostics, 1)->severity, ==, PD_SEVERITY_ERROR);
}

static void
test_document_diagnostics_format (void)
{
  PdDiagnostic d = { PD_SEVERITY_ERROR, 7, 3, (char *) "invalid escape '\\q'" };
  g_autofree char *full = pd_diagnostic_format (&d, "bad.programme");

  g_assert_cmpstr (full, ==, "bad.programme:7:3: error: invalid escape '\\q'");

  d.column = 0;
  d.severity = PD_SEVERITY_WARNING;
  g_autofree char *no_column = pd_diagnostic_format (&d, "HEAD~1:doc.programme");
  g_assert_cmpstr (no_column, ==, "HEAD~1:doc.programme:7: warning: invalid escape '\\q'");

  d.line = 0;
  d.column = 5;  /* ignored without a line */
  g_autofree char *no_line = pd_diagnostic_format (&d, "x");
  g_assert_cmpstr (no_line, ==, "x: warning: invalid escape '\\q'");

  pd_diagnostic_free (NULL);
}

static void
test_document_diagnostics_cascades (void)
{
  g_test_summary ("A line the reader cannot read does not also cause 'missing' errors.");

  /* The bad line may have been the Title: no "missing required key". */
  assert_text_fails (HEADER "[Area a]\nTitle=Caf\xE9\n",
                     "test.programme:6:10: error: invalid UTF-8 byte '\\xE9'");
  assert_text_fails (HEADER "[Area a]\nTitle A\n",
                     "test.programme:6:1: error: syntax error: expected 'KEY=VALUE', a group header "
                     "or a comment");
  /* A bad value still counts as present. */
  assert_text_fails (HEADER "[Area a]\nTitle=\\x\n",
                     "test.programme:6:7: error: invalid escape '\\x'");
  /* A rejected header may have been the missing group; its keys are
   * not reported again. */
  assert_text_fails ("[Programme\nId=t\nTitle=T\nVersion=1\n[Area a]\nTitle=A\n",
                     "test.programme:1:1: error: syntax error: missing ']' in group header");
  assert_text_fails (HEADER "[Area a\xFF]\nTitle=A\nTitle=A\n",
                     "test.programme:5:8: error: invalid UTF-8 byte '\\xFF'");
}

static void
test_document_diagnostics_groups (void)
{
  static const char *const bad_ids[] = { "[Area ]", "[Area  x]", "[Area a b]", "[Area -x]", "[Area .x]",
                                         "[Area x/y]", "[Area é]" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autofree char *text = g_strdup_printf (HEADER "%s\nTitle=A\n", bad_ids[i]);
      g_autoptr(GPtrArray) diagnostics = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(PdDocument) document = load_text (text, &diagnostics, &error);
      g_assert_null (document);

      g_test_message ("%s", bad_ids[i]);
      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
      g_assert_nonnull (strstr (error->message, "test.programme:5:"));
      g_assert_nonnull (strstr (error->message, "error: bad area ID"));
      g_assert_cmpuint (diagnostics->len, ==, 1);
    }

  /* Blanks after 'Area' other than one space: the message says so. */
  assert_text_fails (HEADER "[Area  a]\nTitle=A\n", "test.programme:5:6: error: bad area ID: "
                                                    "put one space between 'Area' and the ID");
  assert_text_fails (HEADER "[Area \ta]\nTitle=A\n", "test.programme:5:6: error: bad area ID: "
                                                     "put one space between 'Area' and the ID");
  assert_text_fails (HEADER "[area a]\n", "test.programme:5:1: error: unknown group kind '[area a]': "
                                          "expected [Programme] or [Area ID]");
  assert_text_fails (HEADER "[]\n", "test.programme:5:1: error: unknown group kind '[]': "
                                    "expected [Programme] or [Area ID]");
  assert_text_fails (HEADER "  [Area a] \t\n", "test.programme:5: error: missing required key "
                                               "'Title' in [Area a]");
}

/* ---- files ------------------------------------------------------------- */

static void
test_document_file_missing (void)
{
  g_autofree char *path = pd_test_fixture_path ("valid", "does-not-exist.programme", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_file (path, NULL, &error);

  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (document);

  g_autofree char *prefix = g_strconcat (path, ": ", NULL);

  g_assert_true (g_str_has_prefix (error->message, prefix));
}

/* The bytes of a file as the loader reads them, or its error. */
static void
test_document_file_bytes (void)
{
  g_autofree char *path = pd_test_fixture_path ("valid", "bom-crlf.programme", NULL);
  g_autofree char *dir = pd_test_fixture_path ("valid", NULL);
  g_autofree char *missing = pd_test_fixture_path ("valid", "does-not-exist.programme", NULL);
  g_autofree char *expected = NULL;
  gsize expected_length = 0;
  g_autoptr(GError) error = NULL, dir_error = NULL, missing_error = NULL;

  g_assert_true (g_file_get_contents (path, &expected, &expected_length, NULL));
  g_autoptr(GBytes) bytes = pd_document_read_file_bytes (path, &error);
  g_assert_no_error (error);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_assert_cmpmem (data, length, expected, expected_length);

  g_assert_null (pd_document_read_file_bytes (dir, &dir_error));
  g_assert_error (dir_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_null (pd_document_read_file_bytes (missing, &missing_error));
  g_assert_error (missing_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_true (g_str_has_prefix (missing_error->message, missing));
}

static void
test_document_file_directory (void)
{
  g_autofree char *path = pd_test_fixture_path ("valid", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_file (path, NULL, &error);
  g_assert_null (document);

  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_assert_true (g_str_has_prefix (error->message, path));
}

static void
test_document_file_too_large (void)
{
  g_test_summary ("A file over the limit fails before it is read.");

  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "huge.programme", NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);

  /* A sparse file: it takes no disk space, only its size counts. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) PD_DOCUMENT_MAX_SIZE + 1), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);

  g_autoptr(PdDocument) document = pd_document_load_file (path, NULL, &error);
  g_assert_null (document);

  g_autofree char *expected = g_strdup_printf ("%s: the document is larger than 256 MiB", path);

  g_assert_error (error, PD_ERROR, PD_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_document_file_endless (void)
{
  g_test_summary ("A file with no size (here endless) is read up to the cap only.");

  char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  /* The real cap would read 256 MiB; the private entry point takes a
   * small one. */
  g_assert_false (pd_document__read_file ("/dev/zero", 100000, &data, &length, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "/dev/zero: the document is larger than 100000 bytes");
  g_assert_null (data);
  g_clear_error (&error);

  /* The same cap, exactly met, is fine; the buffer ends in NUL. */
  g_autofree char *path = pd_test_fixture_path ("valid", "minimal.programme", NULL);
  g_autofree char *contents = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_true (pd_document__read_file (path, size, &data, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (data, length, contents, size);
  g_assert_cmpint (data[length], ==, '\0');
  g_free (data);
  g_assert_false (pd_document__read_file (path, size - 1, &data, &length, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_TOO_LARGE);
}

static void
test_document_data_too_large (void)
{
  g_autoptr(GError) error = NULL;

  /* The length is checked before @data is touched, so a short buffer
   * with a huge length is safe here. */
  g_autoptr(PdDocument) document = pd_document_load_data ("big", "", PD_DOCUMENT_MAX_SIZE + 1, NULL, &error);
  g_assert_null (document);

  g_assert_error (error, PD_ERROR, PD_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "big: the document is larger than 256 MiB");
}

static gpointer
write_fifo (gpointer data)
{
  static const char text[] = HEADER "[Area a]\nTitle=From a pipe\n";
  const char *path = data;
  int fd = open (path, O_WRONLY);  /* blocks until the reader opens its end */

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, text, sizeof text - 1), ==, sizeof text - 1);
  g_assert_cmpint (close (fd), ==, 0);
  return NULL;
}

static void
test_document_file_fifo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("progdiff-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *path = g_build_filename (dir, "pipe.programme", NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);

  GThread *writer = g_thread_new ("writer", write_fifo, path);
  g_autoptr(PdDocument) document = pd_document_load_file (path, NULL, &error);

  g_thread_join (writer);
  g_assert_no_error (error);
  g_assert_cmpstr (pd_area_get_title (pd_document_get_area (document, 0)), ==, "From a pipe");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_document_other_unicode (void)
{
  g_test_summary ("A UTF-16 or UTF-32 byte order mark gets one error naming the encoding, "
                  "whatever the input comes from (file, git blob, driver)");

  static const struct
  {
    const char *bytes;
    gsize length;
    const char *expected;
  } cases[] = {
    { "\xFF\xFE[\0P\0", 6, "1:1: error: the document is UTF-16LE (it starts with the byte order mark FF FE)" },
    { "\xFE\xFF\0[\0P", 6, "1:1: error: the document is UTF-16BE (it starts with the byte order mark FE FF)" },
    { "\xFF\xFE\0\0[\0\0\0", 8, "1:1: error: the document is UTF-32LE (it starts with the byte order mark FF FE 00 00)" },
    { "\0\0\xFE\xFF\0\0\0[", 8, "1:1: error: the document is UTF-32BE (it starts with the byte order mark 00 00 FE FF)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) diagnostics
          = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(PdDocument) doc = pd_document_load_data ("u", cases[i].bytes, cases[i].length,
                                                         diagnostics, &error);
      g_assert_null (doc);
      g_assert_error (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
      g_assert_cmpuint (diagnostics->len, ==, 1);
      g_autofree char *line = pd_diagnostic_format (diagnostics->pdata[0], "u");
      g_assert_true (g_str_has_prefix (line, "u:"));
      g_assert_true (g_str_has_prefix (line + 2, cases[i].expected));
    }
}

/* From a file descriptor, e.g. standard input: read to its end, named as
 * told, and an empty one is an error naming it. */
static void
test_document_load_fd (void)
{
  g_autofree char *path = pd_test_fixture_path ("nato-japan", "ipcp-2020.programme", NULL);
  g_autoptr(PdDocument) from_file = pd_document_load_file (path, NULL, NULL);
  g_autoptr(GError) empty_error = NULL;
  int fd = open (path, O_RDONLY);

  g_assert_cmpint (fd, >=, 0);
  g_autoptr(PdDocument) from_fd = pd_document_load_fd (fd, "(standard input)", NULL, NULL);
  close (fd);
  g_assert_nonnull (from_fd);
  g_assert_cmpstr (pd_document_get_name (from_fd), ==, "(standard input)");
  g_assert_cmpuint (pd_document_get_n_areas (from_fd), ==, pd_document_get_n_areas (from_file));

  int null_fd = open ("/dev/null", O_RDONLY);
  g_assert_null (pd_document_load_fd (null_fd, "(standard input)", NULL, &empty_error));
  close (null_fd);
  g_assert_error (empty_error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT);
  g_assert_true (g_str_has_prefix (empty_error->message, "(standard input):"));
}

static void
test_document_locale (void)
{
  const char *valid[] = { "ja", "pt_BR", "zh-Hant", "sr@latin", "ast", NULL };
  const char *invalid[] = { "", "j", "japanese", "!!", "ja_", "sr@", "@latin", "ja JP", NULL };

  for (const char *const *l = valid; *l != NULL; l++)
    g_assert_true (pd_locale_is_valid (*l));
  for (const char *const *l = invalid; *l != NULL; l++)
    g_assert_false (pd_locale_is_valid (*l));
}

int
main (int argc, char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: nothing here reads HOME or XDG
   * directories, and GLib 2.74's g_set_user_dirs() leaks on purpose,
   * which would fail the valgrind run (glib.supp does not match it on
   * Debian's stripped libglib). */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/valid/fixtures", test_document_valid_fixtures);
  g_test_add_func ("/document/valid/minimal", test_document_valid_minimal);
  g_test_add_func ("/document/valid/getters", test_document_valid_getters);
  g_test_add_func ("/document/valid/ref", test_document_valid_ref);
  g_test_add_func ("/document/load-fd", test_document_load_fd);
  g_test_add_func ("/document/locale", test_document_locale);
  g_test_add_func ("/document/values/escapes", test_document_values_escapes);
  g_test_add_func ("/document/values/lists", test_document_values_lists);
  g_test_add_func ("/document/values/list-errors", test_document_values_list_errors);
  g_test_add_func ("/document/values/escape-errors", test_document_values_escape_errors);
  g_test_add_func ("/document/values/unknown-keys", test_document_values_unknown_keys);
  g_test_add_func ("/document/values/checks", test_document_values_checks);
  g_test_add_func ("/document/locales/separate-keys", test_document_locales_separate_keys);
  g_test_add_func ("/document/locales/errors", test_document_locales_errors);
  g_test_add_func ("/document/lines/bom-crlf", test_document_lines_bom_crlf);
  g_test_add_func ("/document/lines/columns", test_document_lines_columns);
  g_test_add_func ("/document/lines/nul", test_document_lines_nul);
  g_test_add_func ("/document/lines/plain-and-crlf", test_document_lines_plain_and_crlf);
  g_test_add_func ("/document/lines/unusual-byte-offsets", test_document_lines_unusual_byte_offsets);
  g_test_add_func ("/document/lines/hostile", test_document_lines_hostile);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strndup (bad_cases[i].file, strcspn (bad_cases[i].file, "."));
      g_autofree char *test_path = g_strconcat ("/document/bad/", name, NULL);
      g_test_add_data_func (test_path, &bad_cases[i], test_document_bad_fixture);
    }
  g_test_add_func ("/document/bad/all-listed", test_document_bad_all_listed);
  g_test_add_func ("/document/diagnostics/several-errors", test_document_diagnostics_several_errors);
  g_test_add_func ("/document/diagnostics/warnings", test_document_diagnostics_warnings);
  g_test_add_func ("/document/diagnostics/warning-fixture", test_document_diagnostics_warning_fixture);
  g_test_add_func ("/document/diagnostics/too-many", test_document_diagnostics_too_many);
  g_test_add_func ("/document/diagnostics/appends", test_document_diagnostics_appends);
  g_test_add_func ("/document/diagnostics/format", test_document_diagnostics_format);
  g_test_add_func ("/document/diagnostics/cascades", test_document_diagnostics_cascades);
  g_test_add_func ("/document/diagnostics/groups", test_document_diagnostics_groups);
  g_test_add_func ("/document/file/missing", test_document_file_missing);
  g_test_add_func ("/document/file/directory", test_document_file_directory);
  g_test_add_func ("/document/file/bytes", test_document_file_bytes);
  g_test_add_func ("/document/file/too-large", test_document_file_too_large);
  g_test_add_func ("/document/file/endless", test_document_file_endless);
  g_test_add_func ("/document/file/data-too-large", test_document_data_too_large);
  g_test_add_func ("/document/file/fifo", test_document_file_fifo);
  g_test_add_func ("/document/encoding/other-unicode", test_document_other_unicode);

  return g_test_run ();
}
