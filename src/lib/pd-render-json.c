/* pd-render-json.c: the machine-readable report (docs/json.md).
 *
 * Written with the streaming writer of pd-json.c, whose layout is
 * json-glib's pretty printer's; no doubles: scores are integers in basis
 * points (shared notes J2).
 */
#include "config.h"

#include <string.h>

#include "pd-json-private.h"
#include "pd-render-private.h"

static void
add_document (PdJson *json, const char *member, const PdDocument *doc)
{
  pd_json_member (json, member);
  pd_json_begin_object (json);
  pd_json_member_string (json, "name", pd_document_get_name (doc));
  pd_json_member_string (json, "id", pd_document_get_id (doc));
  pd_json_member_string (json, "title", pd_document_get_title (doc));
  pd_json_member_string (json, "version", pd_document_get_version (doc));
  pd_json_member_string (json, "date", pd_document_get_date (doc));
  pd_json_member_string (json, "source", pd_document_get_source (doc));
  pd_json_member_int (json, "areas", pd_document_get_n_areas (doc));
  pd_json_end_object (json);
}

void
pd_render__json_counts (PdJson *json, const PdCounts *c)
{
  pd_json_member (json, "summary");
  pd_json_begin_object (json);
  pd_json_member_int (json, "added", c->added);
  pd_json_member_int (json, "removed", c->removed);
  pd_json_member_int (json, "unchanged", c->unchanged);
  pd_json_member_int (json, "modified", c->modified);
  pd_json_member_int (json, "renamed", c->renamed);
  pd_json_member_int (json, "moved", c->moved);
  pd_json_end_object (json);
}

static void
add_ops (PdJson *json, const char *member, const PdWdiff *diff)
{
  static const char *const names[] = { "equal", "delete", "insert" };

  pd_json_member (json, member);
  pd_json_begin_array (json);
  for (guint k = 0; k < pd_wdiff_get_n_ops (diff); k++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (diff, k);
      pd_json_begin_object (json);
      pd_json_member_string (json, "op", names[op->kind]);
      pd_json_member_string_len (json, "text", op->text, op->length);
      pd_json_end_object (json);
    }
  pd_json_end_array (json);
}

static void
add_field (PdJson *json, const PdFieldDiff *field)
{
  pd_json_begin_object (json);
  pd_json_member_string (json, "field", field->key);
  if (field->items == NULL)
    add_ops (json, "ops", field->diff);
  else
    {
      pd_json_member (json, "items");
      pd_json_begin_array (json);
      for (guint k = 0; k < field->items->len; k++)
        {
          const PdItemDiff *item = field->items->pdata[k];
          pd_json_begin_object (json);
          pd_json_member_string (json, "change", pd_item_change_to_string (item->change));
          add_ops (json, "ops", item->diff);
          pd_json_end_object (json);
        }
      pd_json_end_array (json);
    }
  pd_json_end_object (json);
}

static void
add_fields (PdJson *json, GPtrArray *fields)
{
  pd_json_member (json, "fields");
  pd_json_begin_array (json);
  for (guint k = 0; k < fields->len; k++)
    add_field (json, fields->pdata[k]);
  pd_json_end_array (json);
}

void
pd_render__json_area (PdJson *json, const PdAreaChange *change)
{
  const PdArea *o = change->old_area, *n = change->new_area;

  pd_json_begin_object (json);
  pd_json_member_string (json, "status", pd_area_status_to_string (change->status));
  pd_json_member (json, "moved");
  pd_json_bool (json, change->moved);
  pd_json_member_string (json, "old_id", o != NULL ? pd_area_get_id (o) : NULL);
  pd_json_member_string (json, "new_id", n != NULL ? pd_area_get_id (n) : NULL);
  pd_json_member_string (json, "old_title", o != NULL ? pd_area_get_title (o) : NULL);
  pd_json_member_string (json, "new_title", n != NULL ? pd_area_get_title (n) : NULL);
  pd_json_member_string (json, "match",
                         o != NULL && n != NULL ? pd_match_kind_to_string (change->match) : NULL);
  pd_json_member (json, "similarity");
  if (o != NULL && n != NULL)
    pd_json_int (json, change->score);
  else
    pd_json_null (json);
  add_fields (json, change->fields);
  pd_json_end_object (json);
}

/* One area as an element of the "areas" array (depth 2), with what
 * goes before it: a PdRenderAreaFunc. */
static void
put_area (gconstpointer state, GString *out, const PdAreaChange *change, guint index)
{
  PdJson json;

  pd_json_init_element (&json, out, 2, index);
  pd_render__json_area (&json, change);
}

void
pd_render__json (const PdComparison    *comparison,
                 const PdReportOptions *options,
                 PdRenderSink          *sink)
{
  PdJson json;

  /* The writer only ever appends, so draining its string is safe. */
  pd_json_init (&json, sink->out, 0);
  pd_json_begin_object (&json);
  pd_json_member_int (&json, "schema_version", PD_REPORT_JSON_SCHEMA_VERSION);
  add_document (&json, "old", pd_comparison_get_old (comparison));
  add_document (&json, "new", pd_comparison_get_new (comparison));
  pd_render__json_counts (&json, pd_comparison_get_counts (comparison));
  pd_json_member (&json, "differences");
  pd_json_bool (&json, pd_comparison_has_differences (comparison));
  if ((options->flags & PD_REPORT_FLAGS_STAT) == 0)
    {
      pd_json_member (&json, "programme");
      pd_json_begin_object (&json);
      add_fields (&json, pd_comparison_get_programme_fields (comparison));
      pd_json_end_object (&json);
      pd_json_member (&json, "areas");
      pd_json_begin_array (&json);
      g_assert (json.depth == 2);
      pd_render__areas (sink, comparison, put_area, NULL);
      pd_json_count_raw (&json, pd_comparison_get_n_changes (comparison));
      pd_json_end_array (&json);
    }
  pd_json_end_object (&json);
  g_string_append_c (sink->out, '\n');
}
