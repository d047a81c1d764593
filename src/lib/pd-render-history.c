/* pd-render-history.c: reports on a document's history — log, blame and
 * timeline — in text, Markdown and JSON, and log and timeline in HTML
 * (whose pages pd-render-html.c draws).
 *
 * They reuse the comparison renderers for area diffs and the JSON
 * building blocks, so a log entry's areas read exactly like `diff`.
 */
#include "config.h"

#include <string.h>


#include "pd-escape-private.h"
#include "pd-render-private.h"
#include "pd-spool-private.h"

char *
pd_render__format_time (gint64 time, int offset, gboolean full)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (offset * 60);
  g_autoptr(GDateTime) local = utc != NULL && zone != NULL ? g_date_time_to_timezone (utc, zone)
                                                           : NULL;

  /* Commit times are not validated by libgit2 (L12, G7). */
  if (local == NULL)
    return g_strdup_printf ("@%" G_GINT64_FORMAT, time);
  return g_date_time_format (local, full ? "%Y-%m-%dT%H:%M:%S%:z" : "%Y-%m-%d");
}

/* ---- log ---- */

/* What a report holds in memory before the rest waits in a temporary
 * file (pd-spool.c): a long history's report would otherwise grow the
 * walk's memory with every commit. 256 KiB is a few thousand entries
 * without patches, and one write of it costs less than a millisecond. */
#define LOG_MEMORY_LIMIT (256u << 10)

static gsize log_memory_limit = LOG_MEMORY_LIMIT;

gsize
pd_render__set_log_memory_limit (gsize bytes)
{
  gsize before = log_memory_limit;

  log_memory_limit = bytes;
  return before;
}

struct PdLogReport
{
  PdReportOptions options;
  char *path;
  PdSpool *chunks;         /* each entry's part of the report */
  PdSpool *patches;        /* markdown with PATCH: each entry's patch */
  GHashTable *html_ids;    /* html: the ids used in the page */
};

PdLogReport *
pd_log_report_new (const PdReportOptions *options,
                   const char            *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  PdLogReport *r = g_new0 (PdLogReport, 1);
  PdReportOptions defaults = PD_REPORT_OPTIONS_INIT;
  r->options = options != NULL ? *options : defaults;
  r->options.lang = g_strdup (r->options.lang);
  r->path = g_strdup (path);
  /* Markdown with patches keeps its table and its patches apart: the
   * limit is for both. */
  gsize limit = (r->options.format == PD_REPORT_FORMAT_MARKDOWN
                 && (r->options.flags & PD_REPORT_FLAGS_PATCH))
                    ? log_memory_limit / 2
                    : log_memory_limit;
  r->chunks = pd_spool__new (limit, NULL);
  r->patches = pd_spool__new (limit, NULL);
  r->html_ids = pd_render__html_ids_new ();
  return r;
}

void
pd_log_report_free (PdLogReport *report)
{
  if (report == NULL)
    return;
  g_free ((char *) report->options.lang);
  g_free (report->path);
  pd_spool__free (report->chunks);
  pd_spool__free (report->patches);
  g_hash_table_unref (report->html_ids);
  g_free (report);
}

/* "+7 −0 ~2 ↻2", the counts of one commit. */
static void
append_short_counts (GString *out, const PdLogEntry *entry)
{
  if (entry->comparison == NULL)
    {
      if (entry->problem != NULL)
        g_string_append (out, entry->boundary ? "not a valid document; shallow clone starts here"
                                              : "not a valid document");
      else if (entry->new_document != NULL && entry->old_document == NULL && entry->boundary)
        g_string_append_printf (out, "shallow clone starts here, %u %s",
                                pd_document_get_n_areas (entry->new_document),
                                pd_render__areas_noun (pd_document_get_n_areas (entry->new_document)));
      else if (entry->new_document != NULL)
        g_string_append_printf (out, "new document, +%u",
                                pd_document_get_n_areas (entry->new_document));
      else
        g_string_append (out, "document deleted");
      return;
    }
  const PdCounts *c = pd_comparison_get_counts (entry->comparison);
  g_string_append_printf (out, "+%u \u2212%u ~%u \u21bb%u", c->added, c->removed, c->modified,
                          c->renamed);
  if (c->moved > 0)
    g_string_append_printf (out, " \u2195%u", c->moved);
}

/* With -p, a document the commit added or deleted: its areas, each
 * added or removed, as the git driver shows a new or deleted file. */
static void
append_whole_document (GString *out, const PdLogReport *r, const PdLogEntry *entry)
{
  gboolean added = entry->old_document == NULL;
  PdDocument *doc = added ? entry->new_document : entry->old_document;
  gboolean color = (r->options.flags & PD_REPORT_FLAGS_COLOR) != 0;

  if (doc == NULL)
    return;
  guint n = pd_document_get_n_areas (doc);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < n; i++)
    {
      const PdArea *area = pd_document_get_area (doc, i);
      if (color)
        g_string_append (out, added ? "\033[32m" : "\033[31m");
      g_string_append (out, added ? "+ " : "- ");
      pd_escape__append_visible (out, pd_render__area_title (area, r->options.lang), -1, FALSE);
      g_string_append (out, " [");
      pd_escape__append_visible (out, pd_area_get_id (area), -1, FALSE);
      g_string_append (out, added ? "] added" : "] removed");
      if (color)
        g_string_append (out, "\033[m");
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "\n%u \u2192 %u %s: %u %s\n\n", added ? 0 : n, added ? n : 0,
                          pd_render__areas_noun (added ? n : 0), n, added ? "added" : "removed");
}

static char *
log_text_entry (PdLogReport *r, const PdLogEntry *entry)
{
  GString *out = g_string_new (NULL);
  gboolean color = (r->options.flags & PD_REPORT_FLAGS_COLOR) != 0;
  g_autofree char *date = pd_render__format_time (entry->commit->time, entry->commit->offset,
                                                  FALSE);

  g_string_append_printf (out, "%s%s%s %s %s  ", color ? "\033[33m" : "",
                          entry->commit->short_id, color ? "\033[m" : "", date,
                          entry->commit->author);
  g_string_append (out, entry->commit->subject);
  g_string_append (out, "  ");
  append_short_counts (out, entry);
  g_string_append_c (out, '\n');
  if (entry->problem != NULL)
    {
      g_string_append (out, "    ");
      pd_escape__append_visible (out, entry->problem, -1, FALSE);
      g_string_append_c (out, '\n');
    }
  if ((r->options.flags & PD_REPORT_FLAGS_PATCH) && entry->comparison != NULL)
    {
      PdReportOptions sub = r->options;
      sub.flags &= PD_REPORT_FLAGS_COLOR;
      g_string_append_c (out, '\n');
      PdRenderSink whole = { out, NULL, NULL, NULL };
      pd_render__text (entry->comparison, &sub, &whole);
      g_string_append_c (out, '\n');
    }
  else if ((r->options.flags & PD_REPORT_FLAGS_PATCH) && entry->problem == NULL
           && !entry->boundary)
    append_whole_document (out, r, entry);   /* at a boundary nothing was added */
  return g_string_free (out, FALSE);
}

static void
md_escape_cell (GString *out, const char *text)
{
  g_autofree char *visible = pd_escape__visible (text, -1);

  for (const char *p = visible; *p != '\0'; p++)
    {
      if (strchr ("\\`*_[]<>&|~#", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

static char *
log_markdown_entry (PdLogReport *r, const PdLogEntry *entry)
{
  GString *out = g_string_new (NULL);
  g_autofree char *date = pd_render__format_time (entry->commit->time, entry->commit->offset,
                                                  FALSE);

  g_string_append_printf (out, "| `%s` | %s | ", entry->commit->short_id, date);
  md_escape_cell (out, entry->commit->author);
  g_string_append (out, " | ");
  md_escape_cell (out, entry->commit->subject);
  g_string_append (out, " | ");
  append_short_counts (out, entry);
  g_string_append (out, " |\n");
  return g_string_free (out, FALSE);
}

static char *
log_markdown_patch (PdLogReport *r, const PdLogEntry *entry)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "\n## `%s` ", entry->commit->short_id);
  md_escape_cell (out, entry->commit->subject);
  g_string_append (out, "\n\n");
  if (entry->comparison == NULL)
    {
      /* The document appeared, went, or a side is not valid: say which,
       * and list the areas of a new one, as the text log does. */
      PdDocument *doc = entry->new_document;
      if (entry->problem != NULL)
        {
          g_string_append (out, "Not a valid document: ");
          md_escape_cell (out, entry->problem);
          g_string_append (out, entry->boundary ? "\n\nThe shallow clone starts here; the older "
                                                  "history is not in it.\n"
                                                : "\n");
        }
      else if (doc == NULL)
        g_string_append (out, "The document was deleted.\n");
      else if (entry->boundary)
        g_string_append_printf (out, "The shallow clone starts here, with %u %s; the older "
                                     "history is not in it.\n", pd_document_get_n_areas (doc),
                                pd_render__areas_noun (pd_document_get_n_areas (doc)));
      else
        {
          guint n = pd_document_get_n_areas (doc);
          g_string_append_printf (out, "New document with %u %s:\n\n", n,
                                  pd_render__areas_noun (n));
          for (guint i = 0; i < pd_document_get_n_areas (doc); i++)
            {
              const PdArea *area = pd_document_get_area (doc, i);
              g_string_append (out, "- ");
              md_escape_cell (out, pd_render__area_title (area, r->options.lang));
              g_string_append_printf (out, " (`%s`)\n", pd_area_get_id (area));
            }
        }
      return g_string_free (out, FALSE);
    }
  PdReportOptions sub = r->options;
  sub.flags = PD_REPORT_FLAGS_NONE;
  PdRenderSink whole = { out, NULL, NULL, NULL };
  pd_render__markdown_at (entry->comparison, &sub, 3, &whole);
  return g_string_free (out, FALSE);
}

static const char *
document_change (const PdLogEntry *entry)
{
  if (entry->problem != NULL)
    return "invalid";
  if (entry->old_document == NULL && entry->boundary)
    return "boundary";
  if (entry->old_document == NULL)
    return "added";
  if (entry->new_document == NULL)
    return "deleted";
  return "changed";
}

/* An entry of the "commits" array: written as it stands there, two
 * levels deep, so that the report joins the entries as they are. */
static char *
log_json_entry (PdLogReport *r, const PdLogEntry *entry)
{
  g_autofree char *date = pd_render__format_time (entry->commit->time, entry->commit->offset,
                                                  TRUE);
  GString *out = g_string_new (NULL);
  PdJson json;

  pd_json_init (&json, out, 2);
  pd_json_begin_object (&json);
  pd_json_member_string (&json, "id", entry->commit->id);
  pd_json_member_string (&json, "short_id", entry->commit->short_id);
  pd_json_member_string (&json, "date", date);
  pd_json_member_string (&json, "author", entry->commit->author);
  pd_json_member_string (&json, "subject", entry->commit->subject);
  pd_json_member_string (&json, "path", entry->path);
  pd_json_member_string (&json, "document", document_change (entry));
  pd_json_member_string (&json, "problem", entry->problem);
  pd_json_member_string (&json, "version", entry->new_document != NULL
                                             ? pd_document_get_version (entry->new_document)
                                             : NULL);
  if (entry->comparison != NULL)
    pd_render__json_counts (&json, pd_comparison_get_counts (entry->comparison));
  else
    {
      pd_json_member (&json, "summary");
      pd_json_null (&json);
    }
  if ((r->options.flags & PD_REPORT_FLAGS_PATCH) && entry->comparison != NULL)
    {
      pd_json_member (&json, "areas");
      pd_json_begin_array (&json);
      for (guint k = 0; k < pd_comparison_get_n_changes (entry->comparison); k++)
        pd_render__json_area (&json, pd_comparison_get_change (entry->comparison, k));
      pd_json_end_array (&json);
    }
  pd_json_end_object (&json);
  return g_string_free (out, FALSE);
}

/* Keeps @text (freed here) as the next piece of @spool. */
static gboolean
keep (PdSpool *spool, char *text, GError **error)
{
  g_autofree char *owned = text;

  return pd_spool__add (spool, owned, strlen (owned), error);
}

gboolean
pd_log_report_add (PdLogReport      *report,
                   const PdLogEntry *entry,
                   GError          **error)
{
  g_return_val_if_fail (report != NULL && entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (report->options.format)
    {
    case PD_REPORT_FORMAT_JSON:
      return keep (report->chunks, log_json_entry (report, entry), error);
    case PD_REPORT_FORMAT_MARKDOWN:
      return keep (report->chunks, log_markdown_entry (report, entry), error)
             && (!(report->options.flags & PD_REPORT_FLAGS_PATCH)
                 || keep (report->patches, log_markdown_patch (report, entry), error));
    case PD_REPORT_FORMAT_HTML:
      return keep (report->chunks,
                   pd_render__html_log_entry (entry, &report->options, report->html_ids), error);
    case PD_REPORT_FORMAT_TEXT:
    default:
      return keep (report->chunks, log_text_entry (report, entry), error);
    }
}

/* Index @k of @n in the order the report lists them. */
static guint
nth (const PdLogReport *r, guint k, guint n)
{
  return (r->options.flags & PD_REPORT_FLAGS_REVERSE) ? n - 1 - k : k;
}

/* Appends piece @k of @n of @spool to @sink's text, in the order the
 * report lists them; a piece that cannot be read ends the report. */
static void
append_piece (const PdLogReport *r, PdSpool *spool, guint k, GString *out, PdRenderSink *sink)
{
  guint n = pd_spool__get_n_pieces (spool);

  if (sink->error == NULL)
    pd_spool__append_piece (spool, nth (r, k, n), out, &sink->error);
}

/* Renders the whole report into @sink, handing it over between entries. */
static void
log_report_render (const PdLogReport *report, PdRenderSink *sink)
{
  GString *out = sink->out;
  guint n = pd_spool__get_n_pieces (report->chunks);

  if (report->options.format == PD_REPORT_FORMAT_JSON)
    {
      PdJson json;
      pd_json_init (&json, out, 0);
      pd_json_begin_object (&json);
      pd_json_member_int (&json, "schema_version", PD_REPORT_JSON_SCHEMA_VERSION);
      pd_json_member_string (&json, "path", report->path);
      pd_json_member (&json, "commits");
      pd_json_begin_array (&json);
      for (guint k = 0; k < n && sink->error == NULL; k++)
        {
          pd_json_begin_raw (&json);
          append_piece (report, report->chunks, k, out, sink);
          pd_render__sink_drain (sink, FALSE);
        }
      pd_json_end_array (&json);
      pd_json_end_object (&json);
      g_string_append_c (out, '\n');
      return;
    }
  if (report->options.format == PD_REPORT_FORMAT_HTML)
    pd_render__html_log_begin (out, report->path, n,
                               (report->options.flags & PD_REPORT_FLAGS_REVERSE) != 0);
  if (report->options.format == PD_REPORT_FORMAT_MARKDOWN)
    {
      g_string_append (out, "# History of ");
      md_escape_cell (out, report->path);
      g_string_append (out, "\n\n| commit | date | author | subject | areas |\n"
                            "|---|---|---|---|---|\n");
    }
  for (guint k = 0; k < n && sink->error == NULL; k++)
    {
      append_piece (report, report->chunks, k, out, sink);
      pd_render__sink_drain (sink, FALSE);
    }
  for (guint k = 0; k < pd_spool__get_n_pieces (report->patches) && sink->error == NULL; k++)
    {
      append_piece (report, report->patches, k, out, sink);
      pd_render__sink_drain (sink, FALSE);
    }
  if (report->options.format == PD_REPORT_FORMAT_HTML)
    pd_render__html_log_end (out);
}

gboolean
pd_log_report_finish (PdLogReport *report,
                      GString     *out,
                      GError     **error)
{
  g_return_val_if_fail (report != NULL && out != NULL, FALSE);

  PdRenderSink sink = { out, NULL, NULL, NULL };
  log_report_render (report, &sink);
  return pd_render__sink_finish (&sink, error);
}

gboolean
pd_log_report_write (PdLogReport       *report,
                     PdReportWriteFunc  write,
                     gpointer           user_data,
                     GError           **error)
{
  g_return_val_if_fail (report != NULL && write != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autoptr(GString) out = g_string_new (NULL);
  PdRenderSink sink = { out, write, user_data, NULL };
  log_report_render (report, &sink);
  return pd_render__sink_finish (&sink, error);
}

/* ---- blame ---- */

/* After the table, where the walk reached a shallow clone's boundary;
 * @quote marks the commit id as code in Markdown. */
static void
append_shallow_note (GString *out, const PdBlame *blame, const char *quote)
{
  const PdBlameStamp *boundary = pd_blame_get_shallow_boundary (blame);

  if (boundary != NULL)
    g_string_append_printf (out, "\nThe repository is a shallow clone whose history begins at "
                                 "%s%s%s: an area dated to where that history starts may be "
                                 "older, and its changes before it are not counted.\n",
                            quote, boundary->short_id, quote);
}

static void
blame_text (const PdBlame *blame, const PdReportOptions *o, const char *path, const char *rev,
            GString *out)
{
  PdDocument *doc = pd_blame_get_document (blame);
  guint width = 4;

  for (guint i = 0; i < pd_blame_get_n_rows (blame); i++)
    width = MAX (width, g_utf8_strlen (pd_area_get_id (pd_blame_get_row (blame, i)->area), -1));
  pd_escape__append_visible (out, path, -1, FALSE);
  g_string_append (out, " at ");
  pd_escape__append_visible (out, rev, -1, FALSE);
  g_string_append (out, ": ");
  pd_escape__append_visible (out, pd_render__document_label (doc, o->lang), -1, FALSE);
  g_string_append (out, ", version ");
  pd_escape__append_visible (out, pd_document_get_version (doc), -1, FALSE);
  guint n = pd_document_get_n_areas (doc);
  g_string_append_printf (out, ", %u %s\n\n%-*s  %-26s  %-26s  %s\n", n, pd_render__areas_noun (n),
                          width, "AREA", "INTRODUCED", "LAST CHANGED", "CHANGES  TITLE");
  for (guint i = 0; i < pd_blame_get_n_rows (blame); i++)
    {
      const PdBlameRow *row = pd_blame_get_row (blame, i);
      const PdBlameStamp *stamps[] = { &row->introduced, &row->last_changed };
      g_string_append_printf (out, "%-*s", width, pd_area_get_id (row->area));
      for (guint s = 0; s < G_N_ELEMENTS (stamps); s++)
        {
          g_autofree char *date = pd_render__format_time (stamps[s]->time, 0, FALSE);
          g_autoptr(GString) cell = g_string_new (NULL);
          g_string_append_printf (cell, "%s %s", stamps[s]->short_id, date);
          if (stamps[s]->version != NULL)
            {
              g_string_append (cell, " (");
              pd_escape__append_visible (cell, stamps[s]->version, -1, FALSE);
              g_string_append_c (cell, ')');
            }
          g_string_append_printf (out, "  %-*s", 26 + (int) (cell->len - g_utf8_strlen (cell->str, -1)),
                                  cell->str);
        }
      g_string_append_printf (out, "  %7u  ", row->changes);
      pd_escape__append_visible (out, pd_render__area_title (row->area, o->lang), -1, FALSE);
      g_string_append_c (out, '\n');
    }
  append_shallow_note (out, blame, "");
}

static void
blame_markdown (const PdBlame *blame, const PdReportOptions *o, const char *path,
                const char *rev, GString *out)
{
  g_string_append (out, "# Areas of ");
  md_escape_cell (out, path);
  g_string_append (out, " at ");
  md_escape_cell (out, rev);
  g_string_append (out, "\n\n| area | title | introduced | last changed | changes |\n"
                        "|---|---|---|---|---|\n");
  for (guint i = 0; i < pd_blame_get_n_rows (blame); i++)
    {
      const PdBlameRow *row = pd_blame_get_row (blame, i);
      const PdBlameStamp *stamps[] = { &row->introduced, &row->last_changed };
      g_string_append_printf (out, "| `%s` | ", pd_area_get_id (row->area));
      md_escape_cell (out, pd_render__area_title (row->area, o->lang));
      for (guint s = 0; s < G_N_ELEMENTS (stamps); s++)
        {
          g_autofree char *date = pd_render__format_time (stamps[s]->time, 0, FALSE);
          g_string_append_printf (out, " | `%s` %s", stamps[s]->short_id, date);
          if (stamps[s]->version != NULL)
            {
              g_string_append (out, " (");
              md_escape_cell (out, stamps[s]->version);
              g_string_append_c (out, ')');
            }
        }
      g_string_append_printf (out, " | %u |\n", row->changes);
    }
  append_shallow_note (out, blame, "`");
}

static void
json_stamp (PdJson *json, const char *member, const PdBlameStamp *s)
{
  g_autofree char *date = pd_render__format_time (s->time, 0, TRUE);

  pd_json_member (json, member);
  pd_json_begin_object (json);
  pd_json_member_string (json, "commit", s->commit);
  pd_json_member_string (json, "date", date);
  pd_json_member_string (json, "version", s->version);
  pd_json_end_object (json);
}

static void
blame_json (const PdBlame *blame, const char *path, const char *rev, GString *out)
{
  PdJson json_writer, *json = &json_writer;

  pd_json_init (json, out, 0);

  pd_json_begin_object (json);
  pd_json_member_int (json, "schema_version", PD_REPORT_JSON_SCHEMA_VERSION);
  pd_json_member_string (json, "path", path);
  pd_json_member_string (json, "revision", rev);
  pd_json_member_string (json, "version", pd_document_get_version (pd_blame_get_document (blame)));
  const PdBlameStamp *boundary = pd_blame_get_shallow_boundary (blame);
  if (boundary != NULL)
    json_stamp (json, "shallow_boundary", boundary);
  else
    {
      pd_json_member (json, "shallow_boundary");
      pd_json_null (json);
    }
  pd_json_member (json, "areas");
  pd_json_begin_array (json);
  for (guint i = 0; i < pd_blame_get_n_rows (blame); i++)
    {
      const PdBlameRow *row = pd_blame_get_row (blame, i);
      pd_json_begin_object (json);
      pd_json_member_string (json, "id", pd_area_get_id (row->area));
      pd_json_member_string (json, "title", pd_area_get_title (row->area));
      json_stamp (json, "introduced", &row->introduced);
      json_stamp (json, "last_changed", &row->last_changed);
      pd_json_member_int (json, "changes", row->changes);
      pd_json_end_object (json);
    }
  pd_json_end_array (json);
  pd_json_end_object (json);
  g_string_append_c (out, '\n');
}

gboolean
pd_report_render_blame (const PdBlame         *blame,
                        const PdReportOptions *options,
                        const char            *path,
                        const char            *rev,
                        GString               *out,
                        GError               **error)
{
  g_return_val_if_fail (blame != NULL && path != NULL && rev != NULL && out != NULL, FALSE);

  PdReportOptions defaults = PD_REPORT_OPTIONS_INIT;
  const PdReportOptions *o = options != NULL ? options : &defaults;
  switch (o->format)
    {
    case PD_REPORT_FORMAT_HTML:
      g_set_error_literal (error, PD_ERROR, PD_ERROR_UNSUPPORTED,
                           "blame has no HTML report (use text, markdown or json)");
      return FALSE;
    case PD_REPORT_FORMAT_JSON: blame_json (blame, path, rev, out); break;
    case PD_REPORT_FORMAT_MARKDOWN: blame_markdown (blame, o, path, rev, out); break;
    case PD_REPORT_FORMAT_TEXT:
    default: blame_text (blame, o, path, rev, out); break;
    }
  return TRUE;
}

/* ---- timeline ---- */

static const char cell_marks[] = { '.', '+', '=', '~', '>', '-' };

static void
timeline_text (const PdTimeline *t, GString *out)
{
  guint n = pd_timeline_get_n_versions (t);
  guint id_width = 4;
  g_autofree guint *col = g_new0 (guint, n + 1);

  for (guint r = 0; r < pd_timeline_get_n_rows (t); r++)
    id_width = MAX (id_width, g_utf8_strlen (pd_timeline_get_row (t, r)->id, -1));
  g_string_append (out, "Versions:\n");
  for (guint v = 0; v < n; v++)
    {
      const PdTimelineVersion *ver = pd_timeline_get_version (t, v);
      col[v] = MAX (1, g_utf8_strlen (ver->label, -1));
      g_string_append_printf (out, "  %-*s  ", 8, ver->label);
      if (ver->document == NULL)
        g_string_append (out, "deleted");
      else
        {
          g_string_append (out, "version ");
          pd_escape__append_visible (out, ver->version, -1, FALSE);
        }
      if (ver->date != NULL)
        g_string_append_printf (out, " of %s", ver->date);
      g_string_append (out, ", ");
      pd_escape__append_visible (out, ver->file != NULL ? ver->file : ver->commit, -1, FALSE);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "\n%-*s", id_width, "AREA");
  for (guint v = 0; v < n; v++)
    {
      g_string_append_c (out, ' ');
      pd_escape__append_visible (out, pd_timeline_get_version (t, v)->label, -1, FALSE);
    }
  g_string_append (out, "  TITLE\n");
  for (guint r = 0; r < pd_timeline_get_n_rows (t); r++)
    {
      const PdTimelineRow *row = pd_timeline_get_row (t, r);
      g_string_append_printf (out, "%-*s", id_width, row->id);
      for (guint v = 0; v < n; v++)
        g_string_append_printf (out, " %*c%*s", (col[v] + 1) / 2, cell_marks[row->cells[v]],
                                col[v] - (col[v] + 1) / 2, "");
      g_string_append (out, "  ");
      pd_escape__append_visible (out, row->title, -1, FALSE);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "\n+ added  = unchanged  ~ changed  > renamed  - removed  . absent\n");
}

static void
timeline_markdown (const PdTimeline *t, GString *out)
{
  guint n = pd_timeline_get_n_versions (t);

  g_string_append (out, "# Timeline\n\n| area |");
  for (guint v = 0; v < n; v++)
    {
      g_string_append_c (out, ' ');
      md_escape_cell (out, pd_timeline_get_version (t, v)->label);
      g_string_append (out, " |");
    }
  g_string_append (out, "\n|---|");
  for (guint v = 0; v < n; v++)
    g_string_append (out, "---|");
  g_string_append_c (out, '\n');
  for (guint r = 0; r < pd_timeline_get_n_rows (t); r++)
    {
      const PdTimelineRow *row = pd_timeline_get_row (t, r);
      g_string_append (out, "| ");
      md_escape_cell (out, row->title);
      g_string_append_printf (out, " (`%s`) |", row->id);
      for (guint v = 0; v < n; v++)
        g_string_append_printf (out, " %s |", row->cells[v] == PD_CELL_ABSENT
                                                ? ""
                                                : pd_cell_to_string (row->cells[v]));
      g_string_append_c (out, '\n');
    }
}

static void
timeline_json (const PdTimeline *t, GString *out)
{
  PdJson json_writer, *json = &json_writer;

  pd_json_init (json, out, 0);
  guint n = pd_timeline_get_n_versions (t);

  pd_json_begin_object (json);
  pd_json_member_int (json, "schema_version", PD_REPORT_JSON_SCHEMA_VERSION);
  pd_json_member (json, "versions");
  pd_json_begin_array (json);
  for (guint v = 0; v < n; v++)
    {
      const PdTimelineVersion *ver = pd_timeline_get_version (t, v);
      pd_json_begin_object (json);
      pd_json_member_string (json, "label", ver->label);
      if (ver->commit != NULL)
        pd_json_member_string (json, "commit", ver->commit);
      if (ver->file != NULL)
        pd_json_member_string (json, "file", ver->file);
      pd_json_member_string (json, "version", ver->version);
      pd_json_member_string (json, "date", ver->date);
      pd_json_member (json, "deleted");
      pd_json_bool (json, ver->document == NULL);
      pd_json_end_object (json);
    }
  pd_json_end_array (json);
  pd_json_member (json, "areas");
  pd_json_begin_array (json);
  for (guint r = 0; r < pd_timeline_get_n_rows (t); r++)
    {
      const PdTimelineRow *row = pd_timeline_get_row (t, r);
      pd_json_begin_object (json);
      pd_json_member_string (json, "id", row->id);
      pd_json_member_string (json, "title", row->title);
      pd_json_member (json, "cells");
      pd_json_begin_array (json);
      for (guint v = 0; v < n; v++)
        pd_json_string (json, pd_cell_to_string (row->cells[v]));
      pd_json_end_array (json);
      pd_json_end_object (json);
    }
  pd_json_end_array (json);
  pd_json_end_object (json);
  g_string_append_c (out, '\n');
}

gboolean
pd_report_render_timeline (const PdTimeline      *timeline,
                           const PdReportOptions *options,
                           GString               *out,
                           GError               **error)
{
  g_return_val_if_fail (timeline != NULL && out != NULL, FALSE);

  PdReportFormat format = options != NULL ? options->format : PD_REPORT_FORMAT_TEXT;
  switch (format)
    {
    case PD_REPORT_FORMAT_JSON: timeline_json (timeline, out); break;
    case PD_REPORT_FORMAT_MARKDOWN: timeline_markdown (timeline, out); break;
    case PD_REPORT_FORMAT_HTML: pd_render__html_timeline (timeline, options, out); break;
    case PD_REPORT_FORMAT_TEXT:
    default: timeline_text (timeline, out); break;
    }
  return TRUE;
}
