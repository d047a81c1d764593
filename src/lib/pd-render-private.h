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

G_END_DECLS

#endif /* PD_RENDER_PRIVATE_H */
