/* pd-render-private.h: the renderer table behind pd-report.c (internal). */
#ifndef PD_RENDER_PRIVATE_H
#define PD_RENDER_PRIVATE_H

#include <progdiff/progdiff.h>

G_BEGIN_DECLS

/* Each renderer appends a whole report to @out, or fails leaving @out
 * possibly longer; pd_report_render_comparison() truncates it back. */
gboolean pd_render__text     (const PdComparison *comparison,
                              const PdReportOptions *options,
                              GString *out,
                              GError **error);
gboolean pd_render__markdown (const PdComparison *comparison,
                              const PdReportOptions *options,
                              GString *out,
                              GError **error);
gboolean pd_render__json     (const PdComparison *comparison,
                              const PdReportOptions *options,
                              GString *out,
                              GError **error);

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

/* The closing counts line: "9 → 16 areas: 7 added, …, 2 moved". */
void pd_render__append_counts (GString        *out,
                               const PdCounts *counts);

/* JSON building blocks (pd-render-json.c); every string is made valid
 * UTF-8, NULL becomes null. */
#ifdef __JSON_GLIB_H__
void pd_render__json_string (JsonBuilder *b, const char *member, const char *value);
void pd_render__json_int (JsonBuilder *b, const char *member, gint64 value);
void pd_render__json_counts (JsonBuilder *b, const PdCounts *counts);
void pd_render__json_area (JsonBuilder *b, const PdAreaChange *change);
/* Generates the builder's document into @out, strictly escaped. */
void pd_render__json_finish (JsonBuilder *b, GString *out);
#endif
void pd_render__json_append_strict (GString *out, const char *json);

/* Markdown with headings starting at @level ("#" × level). */
gboolean pd_render__markdown_at (const PdComparison    *comparison,
                                 const PdReportOptions *options,
                                 guint                  level,
                                 GString               *out);

/* "2023-07-12" in the time zone @offset minutes east of UTC; with
 * @full, "2023-07-12T10:00:00+02:00". Out-of-range times print as
 * "@SECONDS". */
char *pd_render__format_time (gint64 time, int offset, gboolean full);

G_END_DECLS

#endif /* PD_RENDER_PRIVATE_H */
