/* pd-report.h: render a comparison as text, Markdown, JSON or HTML.
 *
 * Renderers append to a caller-owned GString. Every string from the
 * input is escaped for the target: control characters never reach a
 * terminal raw, Markdown specials are escaped, JSON is always strict,
 * and an HTML page runs no script and loads nothing.
 */
#ifndef PD_REPORT_H
#define PD_REPORT_H

#if !defined (PD_INSIDE_PROGDIFF_H) && !defined (PD_COMPILATION)
#error "Only <progdiff/progdiff.h> can be included directly."
#endif

#include <glib.h>
#include <progdiff/pd-types.h>
#include <progdiff/pd-history.h>
#include <progdiff/pd-timeline.h>

G_BEGIN_DECLS

typedef enum
{
  PD_REPORT_FORMAT_TEXT,
  PD_REPORT_FORMAT_MARKDOWN,
  PD_REPORT_FORMAT_JSON,
  PD_REPORT_FORMAT_HTML,
} PdReportFormat;

/**
 * pd_report_format_from_string:
 * @name: "text", "markdown" (or "md"), "json" or "html"
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
  PD_REPORT_FLAGS_PATCH = 1 << 2,
  PD_REPORT_FLAGS_REVERSE = 1 << 3,
} PdReportFlags;

/**
 * PdReportOptions:
 * @version: %PD_REPORT_OPTIONS_VERSION
 * @format: the output format; %PD_REPORT_FORMAT_HTML is one
 *   self-contained page (diff, log and timeline only)
 * @flags: %PD_REPORT_FLAGS_COLOR adds ANSI colours (text only);
 *   %PD_REPORT_FLAGS_STAT prints the counts only; in a log,
 *   %PD_REPORT_FLAGS_PATCH adds each commit's area diff and
 *   %PD_REPORT_FLAGS_REVERSE lists the oldest commit first
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

/**
 * PdReportWriteFunc:
 * @data: the next piece of the report (not NUL-terminated)
 * @length: its length in bytes, more than 0
 * @user_data: what the caller passed along
 * @error: return location for a #GError
 *
 * Takes a piece of a report, for example by writing it to a file.
 *
 * Returns: %TRUE to go on; %FALSE, with @error set, to stop the report
 */
typedef gboolean (*PdReportWriteFunc) (const char *data,
                                       gsize       length,
                                       gpointer    user_data,
                                       GError    **error);

/**
 * pd_report_write_comparison:
 * @comparison: what to render
 * @options: (nullable): %NULL for the defaults (text)
 * @write: (scope call): receives the report in order, in pieces of about
 *   64 KiB, as it is rendered
 * @user_data: passed to @write
 * @error: return location for a #GError, or %NULL
 *
 * Renders the same report as pd_report_render_comparison() without ever
 * holding all of it: a report can be larger than the two documents.
 * The first failure of @write ends the report (@write is not called
 * again) and is returned; what @write took before it stays written.
 *
 * Errors: those of pd_report_render_comparison(), and @write's.
 *
 * Returns: %TRUE when the whole report was written
 */
gboolean pd_report_write_comparison (const PdComparison    *comparison,
                                     const PdReportOptions *options,
                                     PdReportWriteFunc      write,
                                     gpointer               user_data,
                                     GError               **error);

typedef struct PdLogReport PdLogReport;

/**
 * pd_log_report_new:
 * @options: (nullable): format and flags
 * @path: the document's path, for the report's heading
 *
 * A log report collects one entry per commit and is written whole by
 * pd_log_report_finish() or pd_log_report_write(), once the walk is
 * over: a walk that fails part-way leaves nothing written. Past 256 KiB
 * the entries wait in a temporary file in g_get_tmp_dir() (`$TMPDIR`)
 * that no name leads to, so that a long history's report does not grow
 * the memory the walk needs. When no file can be made there, or the file
 * stops taking bytes (a full disk, a file size limit), they stay in
 * memory. Past a file size limit (`ulimit -f`) the kernel sends SIGXFSZ,
 * which ends a process that does not ignore it; progdiff ignores it.
 *
 * Returns: (transfer full): free with pd_log_report_free()
 */
PdLogReport *pd_log_report_new (const PdReportOptions *options,
                                const char            *path) G_GNUC_WARN_UNUSED_RESULT;
void         pd_log_report_free (PdLogReport *report);

/**
 * pd_log_report_add:
 * @report: the report
 * @entry: an entry from pd_history_log(); the report copies what it needs
 * @error: return location for a #GError, or %NULL
 *
 * Errors: %G_FILE_ERROR when the temporary file stopped taking bytes
 * and what it took cannot be read back; the report is then good only
 * for pd_log_report_free().
 *
 * Returns: %TRUE when the entry was added
 */
gboolean     pd_log_report_add (PdLogReport      *report,
                                const PdLogEntry *entry,
                                GError          **error);

/**
 * pd_log_report_finish:
 * @report: the report, with every entry added
 * @out: the string the whole report is appended to
 * @error: return location for a #GError, or %NULL
 *
 * Errors: %G_FILE_ERROR when the temporary file cannot be read; @out
 * then ends with part of the report.
 *
 * Returns: %TRUE on success
 */
gboolean     pd_log_report_finish (PdLogReport *report,
                                   GString     *out,
                                   GError     **error);

/**
 * pd_log_report_write:
 * @report: the report, with every entry added
 * @write: (scope call): receives the report in order, in pieces of about
 *   64 KiB
 * @user_data: passed to @write
 * @error: return location for a #GError, or %NULL
 *
 * Writes the same report as pd_log_report_finish() without a second copy
 * of it: with patches (%PD_REPORT_FLAGS_PATCH) it can be larger than all
 * the versions it compares. The first failure of @write ends the report
 * (@write is not called again) and is returned; what @write took before
 * it stays written. The report can be written again, unless its
 * temporary file could not be read.
 *
 * Errors: those of @write; %G_FILE_ERROR when the temporary file cannot
 * be read (what @write took before that stays written).
 *
 * Returns: %TRUE when the whole report was written
 */
gboolean     pd_log_report_write (PdLogReport       *report,
                                  PdReportWriteFunc  write,
                                  gpointer           user_data,
                                  GError           **error);

/**
 * pd_report_render_blame:
 * @blame: the result of pd_history_blame()
 * @options: (nullable): format (text, markdown, json)
 * @path: the document's path
 * @rev: the blamed revision as the user wrote it
 * @out: the string to append to
 *
 * Errors: %PD_ERROR_UNSUPPORTED for %PD_REPORT_FORMAT_HTML.
 *
 * Returns: %TRUE on success; on failure @out is as it was
 */
gboolean pd_report_render_blame (const PdBlame         *blame,
                                 const PdReportOptions *options,
                                 const char            *path,
                                 const char            *rev,
                                 GString               *out,
                                 GError               **error);

/**
 * pd_report_render_timeline:
 * @timeline: a timeline
 * @options: (nullable): format (text, markdown, json, html)
 * @out: the string to append to
 *
 * Returns: %TRUE on success; on failure @out is as it was
 */
gboolean pd_report_render_timeline (const PdTimeline      *timeline,
                                    const PdReportOptions *options,
                                    GString               *out,
                                    GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdLogReport, pd_log_report_free)

G_END_DECLS

#endif /* PD_REPORT_H */
