/* pd-render-text.c: the terminal report.
 *
 * One block per area in report order, a marker in the first column
 * (+ added, - removed, ~ modified, > renamed, = unchanged), changed fields
 * below it with an inline word diff: [-old-]{+new+} plain, red and green
 * with colour. Every input string goes through the visible-escape filter,
 * so nothing from a document can drive the terminal.
 */
#include "config.h"

#include <string.h>

#include "pd-escape-private.h"
#include "pd-render-private.h"

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define BOLD "\033[1m"
#define RESET "\033[m"

typedef struct
{
  GString *out;
  gboolean color;
  const char *lang;
} Text;

static void
put_color (Text *t, const char *code)
{
  if (t->color)
    g_string_append (t->out, code);
}

/* Appends escaped input; a line break in it continues at @indent. */
static void
put_text (Text *t, const char *text, gsize length, guint indent)
{
  /* Line by line, so that each line break is followed by the indent as
   * it is written rather than by moving the rest of the report. */
  const char *p = text;
  const char *end = text + (length == (gsize) -1 ? strlen (text) : length);

  for (;;)
    {
      const char *newline = memchr (p, '\n', end - p);
      pd_escape__append_visible (t->out, p, (newline != NULL ? newline : end) - p, FALSE);
      if (newline == NULL)
        return;
      g_string_append_c (t->out, '\n');
      g_string_append_len (t->out, "                                ", MIN (indent, 32));
      p = newline + 1;
    }
}

static void
put_wdiff (Text *t, const PdWdiff *diff, guint indent)
{
  for (guint k = 0; k < pd_wdiff_get_n_ops (diff); k++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (diff, k);
      switch (op->kind)
        {
        case PD_WDIFF_OP_EQUAL:
          put_text (t, op->text, op->length, indent);
          break;
        case PD_WDIFF_OP_DELETE:
          put_color (t, RED);
          g_string_append (t->out, t->color ? "" : "[-");
          put_text (t, op->text, op->length, indent);
          g_string_append (t->out, t->color ? RESET : "-]");
          break;
        case PD_WDIFF_OP_INSERT:
          put_color (t, GREEN);
          g_string_append (t->out, t->color ? "" : "{+");
          put_text (t, op->text, op->length, indent);
          g_string_append (t->out, t->color ? RESET : "+}");
          break;
        default:
          break;
        }
    }
}

static void
put_field_diff (Text *t, const PdFieldDiff *field)
{
  g_string_append (t->out, "    ");
  put_text (t, field->key, -1, 4);
  g_string_append_c (t->out, ':');
  if (field->items == NULL)
    {
      g_string_append_c (t->out, ' ');
      put_wdiff (t, field->diff, 6);
      g_string_append_c (t->out, '\n');
      return;
    }
  g_string_append_c (t->out, '\n');
  for (guint k = 0; k < field->items->len; k++)
    {
      const PdItemDiff *item = field->items->pdata[k];
      static const char marks[] = { ' ', '+', '-', '~' };
      if (item->change == PD_ITEM_CHANGE_EQUAL)
        continue;
      g_string_append_printf (t->out, "      %c ", marks[item->change]);
      put_wdiff (t, item->diff, 8);
      g_string_append_c (t->out, '\n');
    }
}

/* An added or removed area: its fields as they are. */
static void
put_whole_area (Text *t, const PdArea *area)
{
  for (guint k = 0; k < pd_area_get_n_fields (area); k++)
    {
      const PdField *field = pd_area_get_field (area, k);
      if (g_str_equal (field->key, "Title"))
        continue;
      g_string_append (t->out, "    ");
      put_text (t, field->key, -1, 4);
      g_string_append_c (t->out, ':');
      if (field->items == NULL)
        {
          g_string_append_c (t->out, ' ');
          put_text (t, field->value, -1, 6);
        }
      for (const char *const *it = field->items; it != NULL && *it != NULL; it++)
        {
          g_string_append (t->out, "\n      * ");
          put_text (t, *it, -1, 8);
        }
      g_string_append_c (t->out, '\n');
    }
}

static void
put_area_heading (Text *t, const PdAreaChange *change)
{
  static const char markers[] = { '=', '~', '>', '+', '-' };
  static const char *const colors[] = { "", YELLOW, CYAN, GREEN, RED };
  const PdArea *area = change->new_area != NULL ? change->new_area : change->old_area;

  put_color (t, colors[change->status]);
  g_string_append_c (t->out, markers[change->status]);
  g_string_append_c (t->out, ' ');
  put_text (t, pd_render__area_title (area, t->lang), -1, 2);
  g_string_append (t->out, " [");
  put_text (t, pd_area_get_id (area), -1, 2);
  g_string_append (t->out, "] ");
  g_string_append (t->out, pd_area_status_to_string (change->status));
  /* Areas paired by ID have the same one: no need to compare. */
  if (change->status == PD_AREA_STATUS_RENAMED
      || (change->old_area != NULL && change->new_area != NULL
          && change->match != PD_MATCH_KIND_ID
          && !g_str_equal (pd_area_get_id (change->old_area), pd_area_get_id (change->new_area))))
    {
      g_string_append (t->out, " from \"");
      put_text (t, pd_render__area_title (change->old_area, t->lang), -1, 2);
      g_string_append (t->out, "\" [");
      put_text (t, pd_area_get_id (change->old_area), -1, 2);
      g_string_append (t->out, "]");
    }
  if (change->match != PD_MATCH_KIND_NONE && change->match != PD_MATCH_KIND_ID)
    {
      g_string_append_printf (t->out, ", paired by %s", pd_match_kind_to_string (change->match));
      if (change->match == PD_MATCH_KIND_SIMILARITY)
        {
          g_string_append_c (t->out, ' ');
          pd_render__append_score (t->out, change->score);
        }
    }
  if (change->moved)
    g_string_append (t->out, ", moved");
  if (*colors[change->status] != '\0')
    put_color (t, RESET);
  g_string_append_c (t->out, '\n');
}

static void
put_document (Text *t, const char *role, const PdDocument *doc)
{
  const char *date = pd_document_get_date (doc);

  put_color (t, BOLD);
  g_string_append_printf (t->out, "%s ", role);
  /* A file name is not prose: a line break in it is shown as "\n", so
   * that no name can start a line of the report. */
  pd_escape__append_visible (t->out, pd_document_get_name (doc), -1, FALSE);
  put_color (t, RESET);
  g_string_append (t->out, "\n    ");
  put_text (t, pd_render__document_label (doc, t->lang), -1, 4);
  g_string_append (t->out, ", version ");
  put_text (t, pd_document_get_version (doc), -1, 4);
  if (date != NULL)
    {
      g_string_append (t->out, " of ");
      put_text (t, date, -1, 4);
    }
  guint n = pd_document_get_n_areas (doc);
  g_string_append_printf (t->out, ", %u %s\n", n, pd_render__areas_noun (n));
}

static void
put_programme (Text *t, GPtrArray *fields)
{
  if (fields->len == 0)
    return;
  put_color (t, BOLD);
  g_string_append (t->out, "Programme");
  put_color (t, RESET);
  g_string_append_c (t->out, '\n');
  for (guint k = 0; k < fields->len; k++)
    put_field_diff (t, fields->pdata[k]);
}

/* One area's part: a PdRenderAreaFunc, @state the report's Text. */
static void
put_change (gconstpointer state, GString *out, const PdAreaChange *change, guint index)
{
  Text t = *(const Text *) state;

  t.out = out;
  put_area_heading (&t, change);
  if (change->status == PD_AREA_STATUS_ADDED)
    put_whole_area (&t, change->new_area);
  else if (change->status == PD_AREA_STATUS_REMOVED)
    put_whole_area (&t, change->old_area);
  else
    for (guint f = 0; f < change->fields->len; f++)
      put_field_diff (&t, change->fields->pdata[f]);
}

void
pd_render__text (const PdComparison    *comparison,
                 const PdReportOptions *options,
                 PdRenderSink          *sink)
{
  GString *out = sink->out;
  Text t = { out, (options->flags & PD_REPORT_FLAGS_COLOR) != 0, options->lang };

  if ((options->flags & PD_REPORT_FLAGS_STAT) == 0)
    {
      put_document (&t, "---", pd_comparison_get_old (comparison));
      put_document (&t, "+++", pd_comparison_get_new (comparison));
      g_string_append_c (out, '\n');
      put_programme (&t, pd_comparison_get_programme_fields (comparison));
      pd_render__areas (sink, comparison, put_change, &t);
      g_string_append_c (out, '\n');
    }
  pd_render__append_counts (out, pd_comparison_get_counts (comparison));
  g_string_append_c (out, '\n');
}
