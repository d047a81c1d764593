/* pd-report.c: the renderer table and what the renderers share.
 *
 * Every renderer reads the same PdComparison; none computes anything the
 * comparison already holds. A failed render leaves the caller's string as
 * it was, so no half report can reach the output.
 */
#include "config.h"

#include "pd-render-private.h"

typedef gboolean (*RenderFunc) (const PdComparison *, const PdReportOptions *,
                                GString *, GError **);

static const struct
{
  const char *name;
  PdReportFormat format;
  RenderFunc render;
} renderers[] = {
  { "text", PD_REPORT_FORMAT_TEXT, pd_render__text },
  { "markdown", PD_REPORT_FORMAT_MARKDOWN, pd_render__markdown },
  { "md", PD_REPORT_FORMAT_MARKDOWN, pd_render__markdown },
  { "json", PD_REPORT_FORMAT_JSON, pd_render__json },
  { "html", PD_REPORT_FORMAT_HTML, pd_render__html },
};

gboolean
pd_report_format_from_string (const char     *name,
                              PdReportFormat *out)
{
  g_return_val_if_fail (name != NULL && out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    if (g_strcmp0 (name, renderers[i].name) == 0)
      {
        *out = renderers[i].format;
        return TRUE;
      }
  return FALSE;
}

gboolean
pd_report_render_comparison (const PdComparison    *comparison,
                             const PdReportOptions *options,
                             GString               *out,
                             GError               **error)
{
  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  PdReportOptions defaults = PD_REPORT_OPTIONS_INIT;
  if (options == NULL)
    options = &defaults;

  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    if (renderers[i].format == options->format)
      {
        gsize start = out->len;
        if (renderers[i].render (comparison, options, out, error))
          return TRUE;
        g_string_truncate (out, start);
        return FALSE;
      }
  g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED, "unknown report format %d",
               (int) options->format);
  return FALSE;
}

const char *
pd_render__document_label (const PdDocument *document,
                           const char       *lang)
{
  if (lang != NULL)
    {
      const char *localized = pd_document_get_title_for_lang (document, lang);
      if (localized != pd_document_get_title (document))
        return localized;
    }
  const char *short_title = pd_document_get_short_title (document);
  return short_title != NULL ? short_title : pd_document_get_title (document);
}

const char *
pd_render__area_title (const PdArea *area,
                       const char   *lang)
{
  return lang != NULL ? pd_area_get_title_for_lang (area, lang) : pd_area_get_title (area);
}

void
pd_render__append_score (GString *out,
                         guint    score)
{
  guint milli = (MIN (score, PD_SCORE_SCALE) + 5) / 10;

  g_string_append_printf (out, "%u.%03u", milli / 1000, milli % 1000);
}

void
pd_render__append_counts (GString        *out,
                          const PdCounts *c)
{
  g_string_append_printf (out,
                          "%u \u2192 %u areas: %u added, %u removed, %u unchanged, "
                          "%u modified, %u renamed, %u moved",
                          c->old_areas, c->new_areas, c->added, c->removed, c->unchanged,
                          c->modified, c->renamed, c->moved);
}
