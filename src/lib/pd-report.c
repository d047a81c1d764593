/* pd-report.c: the renderer table and what the renderers share.
 *
 * Every renderer reads the same PdComparison; none computes anything the
 * comparison already holds, and none can fail: everything that can go
 * wrong with the input has been found by the time there is a comparison.
 */
#include "config.h"

#include "pd-render-private.h"

typedef void (*RenderFunc) (const PdComparison *, const PdReportOptions *, PdRenderSink *);

/* A piece this large keeps write calls few and the buffer in cache. */
#define SINK_PIECE (64 * 1024)

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

/* The renderer for *@options, which becomes @defaults when NULL. */
static RenderFunc
find_renderer (const PdReportOptions **options, PdReportOptions *defaults, GError **error)
{
  if (*options == NULL)
    *options = defaults;
  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    if (renderers[i].format == (*options)->format)
      return renderers[i].render;
  g_set_error (error, PD_ERROR, PD_ERROR_UNSUPPORTED, "unknown report format %d",
               (int) (*options)->format);
  return NULL;
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
  RenderFunc render = find_renderer (&options, &defaults, error);
  if (render == NULL)
    return FALSE;

  PdRenderSink sink = { out, NULL, NULL, NULL };
  render (comparison, options, &sink);
  return TRUE;
}

gboolean
pd_report_write_comparison (const PdComparison    *comparison,
                            const PdReportOptions *options,
                            PdReportWriteFunc      write,
                            gpointer               user_data,
                            GError               **error)
{
  g_return_val_if_fail (comparison != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  PdReportOptions defaults = PD_REPORT_OPTIONS_INIT;
  RenderFunc render = find_renderer (&options, &defaults, error);
  if (render == NULL)
    return FALSE;

  g_autoptr(GString) out = g_string_sized_new (2 * SINK_PIECE);
  PdRenderSink sink = { out, write, user_data, NULL };
  render (comparison, options, &sink);
  pd_render__sink_drain (&sink, TRUE);
  if (sink.error != NULL)
    {
      g_propagate_error (error, sink.error);
      return FALSE;
    }
  return TRUE;
}

void
pd_render__sink_drain (PdRenderSink *sink, gboolean all)
{
  if (sink == NULL || sink->write == NULL || sink->out->len == 0
      || (!all && sink->out->len < SINK_PIECE))
    return;
  if (sink->error == NULL
      && !sink->write (sink->out->str, sink->out->len, sink->user_data, &sink->error)
      && sink->error == NULL)
    g_set_error_literal (&sink->error, PD_ERROR, PD_ERROR_FAILED, "the report could not be written");
  g_string_truncate (sink->out, 0);
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
