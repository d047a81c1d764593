/* pd-render-json.c: the machine-readable report (docs/json.md).
 *
 * Built with json-glib, with two guards for 1.6.6 (shared notes J1-J3):
 * every string is made valid UTF-8 before it enters the builder, and the
 * generated text has any raw U+001F (which json-glib forgets to escape)
 * rewritten as \u001f. No doubles enter the tree: scores are integers
 * in basis points.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pd-render-private.h"

void
pd_render__json_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  /* Values from the reader are valid already; names may not be (J3). */
  if (g_utf8_validate (value, -1, NULL))
    {
      json_builder_add_string_value (b, value);
      return;
    }
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  json_builder_add_string_value (b, valid);
}

void
pd_render__json_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_document (JsonBuilder *b, const char *member, const PdDocument *doc)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  pd_render__json_string (b, "name", pd_document_get_name (doc));
  pd_render__json_string (b, "id", pd_document_get_id (doc));
  pd_render__json_string (b, "title", pd_document_get_title (doc));
  pd_render__json_string (b, "version", pd_document_get_version (doc));
  pd_render__json_string (b, "date", pd_document_get_date (doc));
  pd_render__json_string (b, "source", pd_document_get_source (doc));
  pd_render__json_int (b, "areas", pd_document_get_n_areas (doc));
  json_builder_end_object (b);
}

void
pd_render__json_counts (JsonBuilder *b, const PdCounts *c)
{
  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
  pd_render__json_int (b, "added", c->added);
  pd_render__json_int (b, "removed", c->removed);
  pd_render__json_int (b, "unchanged", c->unchanged);
  pd_render__json_int (b, "modified", c->modified);
  pd_render__json_int (b, "renamed", c->renamed);
  pd_render__json_int (b, "moved", c->moved);
  json_builder_end_object (b);
}

static void
add_ops (JsonBuilder *b, const char *member, const PdWdiff *diff)
{
  static const char *const names[] = { "equal", "delete", "insert" };

  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint k = 0; k < pd_wdiff_get_n_ops (diff); k++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (diff, k);
      json_builder_begin_object (b);
      pd_render__json_string (b, "op", names[op->kind]);
      pd_render__json_string (b, "text", op->text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_field (JsonBuilder *b, const PdFieldDiff *field)
{
  json_builder_begin_object (b);
  pd_render__json_string (b, "field", field->key);
  if (field->items == NULL)
    add_ops (b, "ops", field->diff);
  else
    {
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      for (guint k = 0; k < field->items->len; k++)
        {
          const PdItemDiff *item = field->items->pdata[k];
          json_builder_begin_object (b);
          pd_render__json_string (b, "change", pd_item_change_to_string (item->change));
          add_ops (b, "ops", item->diff);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
add_fields (JsonBuilder *b, GPtrArray *fields)
{
  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint k = 0; k < fields->len; k++)
    add_field (b, fields->pdata[k]);
  json_builder_end_array (b);
}

void
pd_render__json_area (JsonBuilder *b, const PdAreaChange *change)
{
  const PdArea *o = change->old_area, *n = change->new_area;

  json_builder_begin_object (b);
  pd_render__json_string (b, "status", pd_area_status_to_string (change->status));
  json_builder_set_member_name (b, "moved");
  json_builder_add_boolean_value (b, change->moved);
  pd_render__json_string (b, "old_id", o != NULL ? pd_area_get_id (o) : NULL);
  pd_render__json_string (b, "new_id", n != NULL ? pd_area_get_id (n) : NULL);
  pd_render__json_string (b, "old_title", o != NULL ? pd_area_get_title (o) : NULL);
  pd_render__json_string (b, "new_title", n != NULL ? pd_area_get_title (n) : NULL);
  pd_render__json_string (b, "match", o != NULL && n != NULL ? pd_match_kind_to_string (change->match)
                                                 : NULL);
  json_builder_set_member_name (b, "similarity");
  if (o != NULL && n != NULL)
    json_builder_add_int_value (b, change->score);
  else
    json_builder_add_null_value (b);
  add_fields (b, change->fields);
  json_builder_end_object (b);
}

/* json-glib 1.6.6 escapes controls below U+001F only; a raw 0x1F byte can
 * stand nowhere but inside a string, so rewriting it is exact. */
void
pd_render__json_append_strict (GString *out, const char *json)
{
  for (const char *p = json;;)
    {
      const char *unit = strchr (p, 0x1F);
      if (unit == NULL)
        {
          g_string_append (out, p);
          return;
        }
      g_string_append_len (out, p, unit - p);
      g_string_append (out, "\\u001f");
      p = unit + 1;
    }
}

void
pd_render__json_finish (JsonBuilder *b, GString *out)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  pd_render__json_append_strict (out, text);
  g_string_append_c (out, '\n');
}

gboolean
pd_render__json (const PdComparison    *comparison,
                 const PdReportOptions *options,
                 GString               *out,
                 GError               **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  pd_render__json_int (b, "schema_version", PD_REPORT_JSON_SCHEMA_VERSION);
  add_document (b, "old", pd_comparison_get_old (comparison));
  add_document (b, "new", pd_comparison_get_new (comparison));
  pd_render__json_counts (b, pd_comparison_get_counts (comparison));
  json_builder_set_member_name (b, "differences");
  json_builder_add_boolean_value (b, pd_comparison_has_differences (comparison));
  if ((options->flags & PD_REPORT_FLAGS_STAT) == 0)
    {
      json_builder_set_member_name (b, "programme");
      json_builder_begin_object (b);
      add_fields (b, pd_comparison_get_programme_fields (comparison));
      json_builder_end_object (b);
      json_builder_set_member_name (b, "areas");
      json_builder_begin_array (b);
      for (guint k = 0; k < pd_comparison_get_n_changes (comparison); k++)
        pd_render__json_area (b, pd_comparison_get_change (comparison, k));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  pd_render__json_finish (b, out);
  return TRUE;
}
