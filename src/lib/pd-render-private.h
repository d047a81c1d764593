/* pd-render-private.h: the renderer table behind pd-report.c (internal). */
#ifndef PD_RENDER_PRIVATE_H
#define PD_RENDER_PRIVATE_H

#include <progdiff/progdiff.h>

#include "pd-json-private.h"

G_BEGIN_DECLS

/* Where a renderer writes: @out, which with a @write function is handed
 * over in pieces between areas, so that a large report is never held
 * whole. After @write fails, the rest is dropped and @error kept. */
typedef struct
{
  GString *out;
  PdReportWriteFunc write;   /* NULL: @out keeps the whole report */
  gpointer user_data;
  GError *error;
} PdRenderSink;

/* Between two areas: hands @sink's text to its write function once there
 * is enough of it (or, with @all, whatever there is). */
void pd_render__sink_drain (PdRenderSink *sink, gboolean all);

/* At the end of a report: hands over what is left, and returns FALSE
 * with @error set from the first write that failed, if one did. */
gboolean pd_render__sink_finish (PdRenderSink *sink, GError **error);

/* Renders one area's part of a report into @out. It may run on two
 * threads at once: @state is shared and must be read-only. @index is
 * the change's place in the report. */
typedef void (*PdRenderAreaFunc) (gconstpointer       state,
                                  GString            *out,
                                  const PdAreaChange *change,
                                  guint               index);

/* Appends every change's part, in order, to @sink (draining it between
 * areas), and stops once @sink's write function has failed. A large
 * comparison is rendered in blocks on two threads, each block into its
 * own string, and the blocks are written in order. */
void pd_render__areas (PdRenderSink       *sink,
                       const PdComparison *comparison,
                       PdRenderAreaFunc    func,
                       gconstpointer       state);

/* For tests: from how many areas pd_render__areas() uses two threads
 * (2,048 by default; G_MAXUINT for never). */
void pd_render__set_parallel_min_areas (guint n);

/* For tests: how many bytes of a log report stay in memory before the
 * rest waits in a temporary file (256 KiB by default), for reports made
 * from then on. Returns the limit it replaces. */
gsize pd_render__set_log_memory_limit (gsize bytes);

/* Each renderer appends a whole report to @sink. */
void pd_render__text     (const PdComparison *comparison,
                          const PdReportOptions *options,
                          PdRenderSink *sink);
void pd_render__markdown (const PdComparison *comparison,
                          const PdReportOptions *options,
                          PdRenderSink *sink);
void pd_render__json     (const PdComparison *comparison,
                          const PdReportOptions *options,
                          PdRenderSink *sink);
void pd_render__html     (const PdComparison *comparison,
                          const PdReportOptions *options,
                          PdRenderSink *sink);

/* The name a report gives a document: `ShortTitle` (or `Title[lang]`,
 * or `Title`). Borrowed from the document. */
const char *pd_render__document_label (const PdDocument *document,
                                       const char       *lang);

/* The title a report shows for an area, honouring @lang. */
const char *pd_render__area_title (const PdArea *area,
                                   const char   *lang);

/* Appends a score in basis points as a decimal in [0,1]: "0.783". */
void pd_render__append_score (GString *out,
                              guint    score);

/* "area" for one, "areas" for any other number. */
const char *pd_render__areas_noun (guint n);

/* The closing counts line: "9 → 16 areas: 7 added, …, 2 moved". */
void pd_render__append_counts (GString        *out,
                               const PdCounts *counts);

/* JSON building blocks (pd-render-json.c), for pd-json.c's writer. */
void pd_render__json_counts (PdJson *json, const PdCounts *counts);
void pd_render__json_area (PdJson *json, const PdAreaChange *change);

/* Markdown with headings starting at @level ("#" × level). */
void pd_render__markdown_at (const PdComparison    *comparison,
                             const PdReportOptions *options,
                             guint                  level,
                             PdRenderSink          *sink);

/* HTML building blocks (pd-render-html.c). */

/* Appends input text escaped for HTML text or a double-quoted attribute:
 * made visible first (valid UTF-8, controls and bidi characters as
 * escapes), then &<>"' as entities. _text keeps line breaks (the style
 * sheet shows them); _attr turns them into "\n". */
void pd_render__html_text (GString *out, const char *text, gssize length);
void pd_render__html_attr (GString *out, const char *text);

/* A set of the ids used in one page; free with g_hash_table_unref(). */
GHashTable *pd_render__html_ids_new (void);
/* Returns an id made of @prefix (already [a-z0-9-]) and @text folded to
 * [a-z0-9-], made unique in @ids with "-2", "-3"…; owned by @ids. */
const char *pd_render__html_slug (GHashTable *ids, const char *prefix, const char *text);

/* The page around a report: doctype, head with the inline style sheet
 * and a Content-Security-Policy that allows nothing else; then the end. */
void pd_render__html_begin (GString *out, const char *title);
void pd_render__html_end (GString *out);

/* A log page: its header and list, one <li> per entry, its end. With
 * %PD_REPORT_FLAGS_PATCH an entry holds the commit's area diff; its ids
 * are made unique in @ids, which the log report keeps for the page. */
void  pd_render__html_log_begin (GString *out, const char *path, guint n_commits,
                                 gboolean reverse);
char *pd_render__html_log_entry (const PdLogEntry *entry, const PdReportOptions *options,
                                 GHashTable *ids);
void  pd_render__html_log_end (GString *out);

/* The timeline page: the matrix as coloured cells, a legend, the versions. */
void pd_render__html_timeline (const PdTimeline *timeline, const PdReportOptions *options,
                               GString *out);

/* "2023-07-12" in the time zone @offset minutes east of UTC; with
 * @full, "2023-07-12T10:00:00+02:00". Out-of-range times print as
 * "@SECONDS". */
char *pd_render__format_time (gint64 time, int offset, gboolean full);

G_END_DECLS

#endif /* PD_RENDER_PRIVATE_H */
