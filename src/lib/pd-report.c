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
  return pd_render__sink_finish (&sink, error);
}

/* ---- areas on two threads ----
 *
 * The report is the last part of a diff with no second thread: for a
 * large comparison its areas are rendered in blocks, claimed by either
 * thread, and written in order by this one. A thread renders no more
 * than WINDOW blocks past the last one written, so the memory held is
 * bounded whatever the report's size. */
#define AREA_BLOCK 16
#define PARALLEL_MIN_AREAS 2048
#define WINDOW 6

static guint parallel_min_areas = PARALLEL_MIN_AREAS;

void
pd_render__set_parallel_min_areas (guint n)
{
  parallel_min_areas = n;
}

typedef struct
{
  const PdComparison *comparison;
  PdRenderAreaFunc func;
  gconstpointer state;
  guint n_blocks;
  gint next;              /* the next block to claim (atomic) */
  GMutex lock;
  GCond changed;
  GString **blocks;       /* rendered and not yet written, under lock */
  guint written;          /* blocks written so far, under lock */
  gint cancelled;         /* the report could not be written (atomic) */
} AreaJob;

static GString *
render_block (AreaJob *job, guint block)
{
  guint n = pd_comparison_get_n_changes (job->comparison);
  guint end = MIN ((block + 1) * AREA_BLOCK, n);
  GString *out = g_string_sized_new (16 * 1024);

  for (guint k = block * AREA_BLOCK; k < end; k++)
    job->func (job->state, out, pd_comparison_get_change (job->comparison, k), k);
  return out;
}

/* Claims and renders the next block; FALSE when none is left. */
static gboolean
render_next (AreaJob *job, gboolean wait_for_window)
{
  guint block = (guint) g_atomic_int_add (&job->next, 1);

  if (block >= job->n_blocks || g_atomic_int_get (&job->cancelled))
    return FALSE;
  if (wait_for_window)
    {
      g_mutex_lock (&job->lock);
      while (block >= job->written + WINDOW && !g_atomic_int_get (&job->cancelled))
        g_cond_wait (&job->changed, &job->lock);
      g_mutex_unlock (&job->lock);
      if (g_atomic_int_get (&job->cancelled))
        return FALSE;
    }
  GString *out = render_block (job, block);
  g_mutex_lock (&job->lock);
  job->blocks[block] = out;
  g_cond_broadcast (&job->changed);
  g_mutex_unlock (&job->lock);
  return TRUE;
}

static gpointer
render_blocks (gpointer data)
{
  while (render_next (data, TRUE))
    ;
  return NULL;
}

void
pd_render__areas (PdRenderSink       *sink,
                  const PdComparison *comparison,
                  PdRenderAreaFunc    func,
                  gconstpointer       state)
{
  guint n = pd_comparison_get_n_changes (comparison);

  if (n < parallel_min_areas || g_get_num_processors () < 2)
    {
      for (guint k = 0; k < n; k++)
        {
          pd_render__sink_drain (sink, FALSE);
          if (sink->error != NULL)
            return;   /* nothing more would be written */
          func (state, sink->out, pd_comparison_get_change (comparison, k), k);
        }
      return;
    }

  AreaJob job = { .comparison = comparison, .func = func, .state = state,
                  .n_blocks = (n + AREA_BLOCK - 1) / AREA_BLOCK };
  g_mutex_init (&job.lock);
  g_cond_init (&job.changed);
  job.blocks = g_new0 (GString *, job.n_blocks);
  GThread *helper = g_thread_try_new ("progdiff-render", render_blocks, &job, NULL);

  while (job.written < job.n_blocks)
    {
      g_mutex_lock (&job.lock);
      GString *ready = g_steal_pointer (&job.blocks[job.written]);
      g_mutex_unlock (&job.lock);
      if (ready == NULL)
        {
          /* Render a block while the next one to write is not ready;
           * when none is left to claim (or this one is far enough
           * ahead), wait for it. */
          if ((guint) g_atomic_int_get (&job.next) < job.written + WINDOW
              && render_next (&job, FALSE))
            continue;
          g_mutex_lock (&job.lock);
          while (job.blocks[job.written] == NULL)
            g_cond_wait (&job.changed, &job.lock);
          g_mutex_unlock (&job.lock);
          continue;
        }
      g_string_append_len (sink->out, ready->str, ready->len);
      g_string_free (ready, TRUE);
      pd_render__sink_drain (sink, FALSE);
      g_mutex_lock (&job.lock);
      job.written++;
      if (sink->error != NULL)
        g_atomic_int_set (&job.cancelled, 1);   /* nothing more would be written */
      g_cond_broadcast (&job.changed);
      g_mutex_unlock (&job.lock);
      if (g_atomic_int_get (&job.cancelled))
        break;
    }
  if (helper != NULL)
    g_thread_join (helper);
  for (guint k = 0; k < job.n_blocks; k++)
    if (job.blocks[k] != NULL)
      g_string_free (job.blocks[k], TRUE);
  g_free (job.blocks);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.changed);
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

gboolean
pd_render__sink_finish (PdRenderSink *sink, GError **error)
{
  pd_render__sink_drain (sink, TRUE);
  if (sink->error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&sink->error));
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

const char *
pd_render__areas_noun (guint n)
{
  return n == 1 ? "area" : "areas";
}

void
pd_render__append_counts (GString        *out,
                          const PdCounts *c)
{
  g_string_append_printf (out,
                          "%u \u2192 %u %s: %u added, %u removed, %u unchanged, "
                          "%u modified, %u renamed, %u moved",
                          c->old_areas, c->new_areas, pd_render__areas_noun (c->new_areas),
                          c->added, c->removed, c->unchanged,
                          c->modified, c->renamed, c->moved);
}
