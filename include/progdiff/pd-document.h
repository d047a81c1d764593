/* pd-document.h: programme documents, their areas and their fields.
 *
 * A document is read in one strict pass (see docs/format.md). It is
 * immutable once loaded and reference-counted, because areas, matches
 * and comparisons point into it.
 */
#ifndef PD_DOCUMENT_H
#define PD_DOCUMENT_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>

G_BEGIN_DECLS

/**
 * PD_DOCUMENT_MAX_SIZE:
 *
 * The largest input accepted, in bytes. Larger inputs fail with
 * %PD_ERROR_TOO_LARGE before anything is allocated for them.
 */
#define PD_DOCUMENT_MAX_SIZE ((gsize) 256 * 1024 * 1024)

typedef enum
{
  PD_SEVERITY_ERROR,
  PD_SEVERITY_WARNING,
} PdSeverity;

/**
 * PdDiagnostic:
 * @severity: error or warning
 * @line: 1-based line number, or 0 for the file as a whole
 * @column: 1-based column in characters, or 0 when none applies
 * @message: valid UTF-8 with no control characters; input bytes it
 *   quotes are already escaped
 *
 * One problem found while reading a document.
 */
typedef struct
{
  PdSeverity severity;
  guint line;
  guint column;
  char *message;
} PdDiagnostic;

void pd_diagnostic_free (PdDiagnostic *diagnostic);

/**
 * pd_diagnostic_format:
 * @diagnostic: a diagnostic
 * @name: the file name (or `REV:PATH`) to put in front
 *
 * Formats @diagnostic GNU style: `NAME:LINE:COL: error: MESSAGE`, leaving
 * out `COL` when it is 0 and `LINE` when that is 0 too.
 *
 * Returns: (transfer full): the line without a newline; free with g_free()
 */
char *pd_diagnostic_format (const PdDiagnostic *diagnostic,
                            const char         *name) G_GNUC_WARN_UNUSED_RESULT;

/**
 * PdField:
 * @key: the key as written, with its locale if any: "Summary", "Title[ja]"
 * @value: the unescaped value, valid UTF-8; for a list, its first item
 *   ("" for an empty list): read a list through @items
 * @items: (nullable) (array zero-terminated=1): the items of a list field
 *   (`Objectives`, `Aliases`, `Parties`), %NULL for a scalar field. The
 *   items lie one after the other where the document keeps its text,
 *   each ended by a NUL, so a list costs no copy.
 * @line: the line the key stands on
 *
 * One key of a group. Owned by the document.
 */
typedef struct
{
  const char *key;
  const char *value;
  const char *const *items;
  guint line;
} PdField;

/**
 * pd_document_load_file:
 * @path: (type filename): the file to read
 * @diagnostics: (nullable) (element-type PdDiagnostic): an array created
 *   with `g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free)`
 *   to which every error and warning is appended, in line order
 * @error: return location for a #GError, or %NULL
 *
 * Reads and validates a programme document. The file is read whole
 * (at most %PD_DOCUMENT_MAX_SIZE bytes); it need not be a regular file.
 *
 * Errors: %G_FILE_ERROR when the file cannot be read, %PD_ERROR_TOO_LARGE,
 * or %PD_ERROR_INVALID_DOCUMENT, whose message is the first error formatted
 * with pd_diagnostic_format(). Each message names @path.
 *
 * Returns: (transfer full) (nullable): the document, to be released with
 *   pd_document_unref(), or %NULL with @error set
 */
PdDocument *pd_document_load_file (const char  *path,
                                   GPtrArray   *diagnostics,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * pd_document_load_data:
 * @name: what to call the input in messages (a file name, or `REV:PATH`)
 * @data: (array length=length): the bytes; need not be NUL-terminated
 * @length: the number of bytes in @data
 * @diagnostics: (nullable): as for pd_document_load_file()
 * @error: return location for a #GError, or %NULL
 *
 * Like pd_document_load_file(), from memory. @data is not kept.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
PdDocument *pd_document_load_data (const char  *name,
                                   const char  *data,
                                   gsize        length,
                                   GPtrArray   *diagnostics,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * pd_document_load_fd:
 * @fd: an open file descriptor to read to its end, e.g. 0 for standard input
 * @name: what to call the input in messages, e.g. "(standard input)"
 * @diagnostics: (nullable): as for pd_document_load_file()
 * @error: return location for a #GError, or %NULL
 *
 * Like pd_document_load_file(), from @fd, which is neither closed nor
 * rewound. At most %PD_DOCUMENT_MAX_SIZE + 1 bytes are read.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
PdDocument *pd_document_load_fd (int          fd,
                                 const char  *name,
                                 GPtrArray   *diagnostics,
                                 GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * pd_document_read_file_bytes:
 * @path: (type filename): the file to read
 * @error: return location for a #GError, or %NULL
 *
 * Reads a file's bytes as pd_document_load_file() reads them: whole, at
 * most %PD_DOCUMENT_MAX_SIZE, from any kind of file but a directory (a
 * regular file is refused by its size before it is read, a pipe or a
 * device once the cap is passed). For a caller that needs the bytes
 * themselves, such as a plain diff of text that is not a document.
 *
 * Errors: %G_FILE_ERROR when the file cannot be read, or
 * %PD_ERROR_TOO_LARGE. Each message names @path.
 *
 * Returns: (transfer full) (nullable): the bytes, to be released with
 *   g_bytes_unref(), or %NULL with @error set
 */
GBytes *pd_document_read_file_bytes (const char  *path,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * pd_locale_is_valid:
 * @locale: a locale, e.g. from a `--lang` option
 *
 * Whether @locale is written as documents write the locale of a key
 * (`Title[ja]`): `ja`, `pt_BR`, `zh-Hant`, `sr@latin`.
 */
gboolean pd_locale_is_valid (const char *locale);

PdDocument *pd_document_ref   (PdDocument *document);
void        pd_document_unref (PdDocument *document);

/** pd_document_get_name: Returns: (transfer none): the name given at load */
const char *pd_document_get_name (const PdDocument *document);

/**
 * pd_document_get_id:
 *
 * The getters for `[Programme]` keys return the unescaped value, or %NULL
 * when the key is absent; the strings belong to @document. Required keys
 * (`Id`, `Title`, `Version`) are never %NULL.
 */
const char *pd_document_get_id          (const PdDocument *document);
const char *pd_document_get_title       (const PdDocument *document);
const char *pd_document_get_short_title (const PdDocument *document);
const char *pd_document_get_version     (const PdDocument *document);
const char *pd_document_get_date        (const PdDocument *document);
const char *pd_document_get_period      (const PdDocument *document);
const char *pd_document_get_supersedes  (const PdDocument *document);
const char *pd_document_get_source      (const PdDocument *document);
const char *pd_document_get_description (const PdDocument *document);

/**
 * pd_document_get_title_for_lang:
 * @lang: (nullable): a locale tag as written in the file, e.g. "ja"
 *
 * Returns: (transfer none): `Title[lang]` when the file has it, else `Title`
 */
const char *pd_document_get_title_for_lang (const PdDocument *document,
                                            const char       *lang);

/** Fields of the `[Programme]` group, in file order; owned by @document. */
guint          pd_document_get_n_fields (const PdDocument *document);
const PdField *pd_document_get_field    (const PdDocument *document,
                                         guint             index);
const PdField *pd_document_lookup_field (const PdDocument *document,
                                         const char       *key);

/** Areas in file order; owned by @document. */
guint         pd_document_get_n_areas (const PdDocument *document);
const PdArea *pd_document_get_area    (const PdDocument *document,
                                       guint             index);
/** Returns: (nullable): the area with that ID, or %NULL */
const PdArea *pd_document_find_area   (const PdDocument *document,
                                       const char       *id);

/** Area getters; strings belong to the document, %NULL when absent. */
const char        *pd_area_get_id       (const PdArea *area);
const char        *pd_area_get_title    (const PdArea *area);
const char        *pd_area_get_category (const PdArea *area);
const char        *pd_area_get_summary  (const PdArea *area);
const char        *pd_area_get_source   (const PdArea *area);
/** Returns: (array zero-terminated=1): never %NULL; empty when absent */
const char *const *pd_area_get_objectives (const PdArea *area);
const char *const *pd_area_get_aliases    (const PdArea *area);
/** Returns: `Title[lang]` when present, else `Title` */
const char        *pd_area_get_title_for_lang (const PdArea *area,
                                               const char   *lang);
/** Returns: the 0-based position of @area in its document */
guint              pd_area_get_index (const PdArea *area);
/** Returns: the line of the area's `[Area ID]` header */
guint              pd_area_get_line  (const PdArea *area);

guint          pd_area_get_n_fields (const PdArea *area);
const PdField *pd_area_get_field    (const PdArea *area,
                                     guint         index);
const PdField *pd_area_lookup_field (const PdArea *area,
                                     const char   *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdDocument, pd_document_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdDiagnostic, pd_diagnostic_free)

G_END_DECLS

#endif /* PD_DOCUMENT_H */
