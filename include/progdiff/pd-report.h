/* pd-report.h: render a comparison as text, Markdown or JSON.
 *
 * Renderers append to a caller-owned GString. Every string from the
 * input is escaped for the target: control characters never reach a
 * terminal raw, Markdown specials are escaped, JSON is always strict.
 */
#ifndef PD_REPORT_H
#define PD_REPORT_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>

G_BEGIN_DECLS

typedef enum
{
  PD_REPORT_FORMAT_TEXT,
  PD_REPORT_FORMAT_MARKDOWN,
  PD_REPORT_FORMAT_JSON,
} PdReportFormat;

/**
 * pd_report_format_from_string:
 * @name: "text", "markdown" (or "md") or "json"
 * @out: (out): where the format goes; unchanged on failure
 *
 * Returns: %TRUE when @name names a format
 */
gboolean pd_report_format_from_string (const char     *name,
                                       PdReportFormat *out);

typedef enum
{
  PD_REPORT_FLAGS_NONE = 0,
  PD_REPORT_FLAGS_COLOR = 1 << 0,
  PD_REPORT_FLAGS_STAT = 1 << 1,
} PdReportFlags;

/**
 * PdReportOptions:
 * @version: %PD_REPORT_OPTIONS_VERSION
 * @format: the output format
 * @flags: %PD_REPORT_FLAGS_COLOR adds ANSI colours (text only);
 *   %PD_REPORT_FLAGS_STAT prints the counts only
 * @lang: (nullable): show `Title[lang]` where a document has it
 */
typedef struct
{
  guint version;
  PdReportFormat format;
  PdReportFlags flags;
  const char *lang;
} PdReportOptions;

#define PD_REPORT_OPTIONS_VERSION 1
#define PD_REPORT_OPTIONS_INIT { PD_REPORT_OPTIONS_VERSION, PD_REPORT_FORMAT_TEXT, PD_REPORT_FLAGS_NONE, NULL }

/** The `schema_version` of every JSON report (docs/json.md). */
#define PD_REPORT_JSON_SCHEMA_VERSION 1

/**
 * pd_report_render_comparison:
 * @comparison: what to render
 * @options: (nullable): %NULL for the defaults (text)
 * @out: the string to append to
 * @error: return location for a #GError, or %NULL
 *
 * Appends the report to @out. On failure @out is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean pd_report_render_comparison (const PdComparison    *comparison,
                                      const PdReportOptions *options,
                                      GString               *out,
                                      GError               **error);

G_END_DECLS

#endif /* PD_REPORT_H */
