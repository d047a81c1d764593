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

G_END_DECLS

#endif /* PD_RENDER_PRIVATE_H */
