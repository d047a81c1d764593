/* pd-render-markdown.c: a change summary to paste into a report.
 *
 * A paragraph of counts in plain words, then one section per status.
 * Input text is made visible first (no control characters) and then
 * escaped for CommonMark, so a title cannot open a link, emphasis, a
 * code span or raw HTML, and a line inside a value cannot start a list
 * or a heading.
 */
#include "config.h"

#include <string.h>

#include "pd-escape-private.h"
#include "pd-render-private.h"

typedef struct
{
  GString *out;
  const char *lang;
  guint level;
  PdRenderSink *sink;
} Md;

static void
put_heading (Md *m, guint sublevel)
{
  for (guint i = 0; i < m->level + sublevel; i++)
    g_string_append_c (m->out, '#');
  g_string_append_c (m->out, ' ');
}

/* Escapes @text for inline CommonMark; a line break becomes a hard break
 * followed by @indent spaces. */
static void
put_text (Md *m, const char *text, gssize length)
{
  g_autoptr(GString) visible = g_string_new (NULL);
  gboolean line_start = FALSE;

  pd_escape__append_visible (visible, text, length, TRUE);
  for (const char *p = visible->str; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          g_string_append (m->out, "\\\n    ");
          line_start = TRUE;
          continue;
        }
      if (strchr ("\\`*_[]<>&|~", *p) != NULL
          || (line_start && strchr ("#-+=", *p) != NULL)
          || ((*p == '.' || *p == ')') && p > visible->str && g_ascii_isdigit (p[-1])))
        g_string_append_c (m->out, '\\');
      g_string_append_c (m->out, *p);
      line_start = FALSE;
    }
}

/* Wraps a changed run in @mark, keeping its edge blanks outside, where
 * CommonMark needs them to see the delimiters. */
static void
put_marked (Md *m, const char *mark, const char *text, gsize length)
{
  gsize lead = 0, trail = 0;

  while (lead < length && g_ascii_isspace (text[lead]))
    lead++;
  while (trail < length - lead && g_ascii_isspace (text[length - 1 - trail]))
    trail++;
  if (lead > 0)
    put_text (m, text, lead);
  if (length - lead - trail > 0)
    {
      g_string_append (m->out, mark);
      put_text (m, text + lead, length - lead - trail);
      g_string_append (m->out, mark);
    }
  if (trail > 0)
    put_text (m, text + length - trail, trail);
}

static gboolean
is_ideograph (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA
         || script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_HANGUL;
}

/* "~~old~~ **new**" reads better than "~~old~~**new**", but a space
 * that is in neither text must not be invented where one is already
 * there, nor between CJK characters, which are written without. */
static void
put_separator (Md *m, const GString *deleted, const GString *inserted)
{
  if (deleted->len == 0 || inserted->len == 0)
    return;
  gunichar last = g_utf8_get_char (g_utf8_find_prev_char (deleted->str,
                                                          deleted->str + deleted->len));
  gunichar first = g_utf8_get_char (inserted->str);
  if (!g_unichar_isspace (last) && !g_unichar_isspace (first)
      && !is_ideograph (last) && !is_ideograph (first))
    g_string_append_c (m->out, ' ');
}

/* A word-diff op with its own copy of the text, so runs can be moved. */
typedef struct
{
  PdWdiffOpKind kind;
  GString *text;
} Seg;

static void
seg_free (Seg *seg)
{
  g_string_free (seg->text, TRUE);
  g_free (seg);
}

static Seg *
seg_new (PdWdiffOpKind kind, const char *text, gsize length)
{
  Seg *seg = g_new (Seg, 1);

  seg->kind = kind;
  seg->text = g_string_new_len (text, length);
  return seg;
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* The change segment of @kind in [g0, g1), made if missing. */
static Seg *
change_seg (GPtrArray *segs, guint g0, guint *g1, PdWdiffOpKind kind)
{
  for (guint i = g0; i < *g1; i++)
    if (((Seg *) segs->pdata[i])->kind == kind)
      return segs->pdata[i];
  Seg *seg = seg_new (kind, "", 0);
  g_ptr_array_insert (segs, kind == PD_WDIFF_OP_DELETE ? (int) g0 : (int) *g1, seg);
  (*g1)++;
  return seg;
}

/* Whether a delimiter run between the word character @neighbour and
 * the first (@at_start) or last character of a change could not open
 * (close) there by CommonMark's flanking rules: punctuation glued to a
 * word. */
static gboolean
glued (GPtrArray *segs, guint g0, guint g1, gunichar neighbour, gboolean at_start)
{
  if (!is_word_char (neighbour))
    return FALSE;
  for (guint i = g0; i < g1; i++)
    {
      GString *t = ((Seg *) segs->pdata[i])->text;
      if (t->len == 0)
        continue;
      const char *edge = at_start ? t->str : g_utf8_find_prev_char (t->str, t->str + t->len);
      gunichar c = g_utf8_get_char (edge);
      if (g_unichar_ispunct (c))
        return TRUE;
    }
  return FALSE;
}

/* CommonMark reads "**" before punctuation as opening only after a space
 * or punctuation, and after punctuation as closing only before one; so a
 * change glued to a word ("Alpha" -> "Alpha,") is widened to that whole
 * word, shown deleted and inserted. */
static void
widen_group (GPtrArray *segs, guint g0, guint *g1)
{
  Seg *prev = g0 > 0 ? segs->pdata[g0 - 1] : NULL;
  if (prev != NULL && prev->text->len > 0
      && glued (segs, g0, *g1, g_utf8_get_char (g_utf8_find_prev_char (
                                   prev->text->str, prev->text->str + prev->text->len)), TRUE))
    {
      gsize cut = prev->text->len;
      while (cut > 0 && !g_ascii_isspace (prev->text->str[cut - 1]))
        cut--;
      g_autofree char *word = g_strndup (prev->text->str + cut, prev->text->len - cut);
      g_string_truncate (prev->text, cut);
      g_string_prepend (change_seg (segs, g0, g1, PD_WDIFF_OP_DELETE)->text, word);
      g_string_prepend (change_seg (segs, g0, g1, PD_WDIFF_OP_INSERT)->text, word);
    }
  Seg *next = *g1 < segs->len ? segs->pdata[*g1] : NULL;
  if (next != NULL && next->text->len > 0
      && glued (segs, g0, *g1, g_utf8_get_char (next->text->str), FALSE))
    {
      gsize cut = 0;
      while (cut < next->text->len && !g_ascii_isspace (next->text->str[cut]))
        cut++;
      g_autofree char *word = g_strndup (next->text->str, cut);
      g_string_erase (next->text, 0, cut);
      g_string_append (change_seg (segs, g0, g1, PD_WDIFF_OP_DELETE)->text, word);
      g_string_append (change_seg (segs, g0, g1, PD_WDIFF_OP_INSERT)->text, word);
    }
}

static GPtrArray *
markdown_segments (const PdWdiff *diff)
{
  GPtrArray *segs = g_ptr_array_new_with_free_func ((GDestroyNotify) seg_free);

  for (guint k = 0; k < pd_wdiff_get_n_ops (diff); k++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (diff, k);
      g_ptr_array_add (segs, seg_new (op->kind, op->text, op->length));
    }
  for (guint i = 0; i < segs->len;)
    {
      if (((Seg *) segs->pdata[i])->kind == PD_WDIFF_OP_EQUAL)
        {
          i++;
          continue;
        }
      guint g1 = i;
      while (g1 < segs->len && ((Seg *) segs->pdata[g1])->kind != PD_WDIFF_OP_EQUAL)
        g1++;
      widen_group (segs, i, &g1);
      i = g1;
    }
  return segs;
}

static void
put_wdiff (Md *m, const PdWdiff *diff)
{
  g_autoptr(GPtrArray) segs = markdown_segments (diff);

  for (guint k = 0; k < segs->len; k++)
    {
      const Seg *seg = segs->pdata[k];
      if (seg->kind == PD_WDIFF_OP_EQUAL)
        put_text (m, seg->text->str, seg->text->len);
      else
        put_marked (m, seg->kind == PD_WDIFF_OP_DELETE ? "~~" : "**", seg->text->str,
                    seg->text->len);
      if (seg->kind == PD_WDIFF_OP_DELETE && k + 1 < segs->len)
        put_separator (m, seg->text, ((const Seg *) segs->pdata[k + 1])->text);
    }
}

static void
put_field_diff (Md *m, const PdFieldDiff *field)
{
  g_string_append (m->out, "  - ");
  put_text (m, field->key, -1);
  g_string_append_c (m->out, ':');
  if (field->items == NULL)
    {
      g_string_append_c (m->out, ' ');
      put_wdiff (m, field->diff);
      g_string_append_c (m->out, '\n');
      return;
    }
  g_string_append_c (m->out, '\n');
  for (guint k = 0; k < field->items->len; k++)
    {
      const PdItemDiff *item = field->items->pdata[k];
      if (item->change == PD_ITEM_CHANGE_EQUAL)
        continue;
      g_string_append_printf (m->out, "    - %s: ", pd_item_change_to_string (item->change));
      put_wdiff (m, item->diff);
      g_string_append_c (m->out, '\n');
    }
}

static void
put_id (Md *m, const PdArea *area)
{
  /* IDs are [A-Za-z0-9._-] by the format, so a code span is safe. */
  g_string_append_c (m->out, '`');
  put_text (m, pd_area_get_id (area), -1);
  g_string_append_c (m->out, '`');
}

static void
put_area_item (Md *m, const PdAreaChange *change)
{
  const PdArea *area = change->new_area != NULL ? change->new_area : change->old_area;
  gboolean paired = change->old_area != NULL && change->new_area != NULL;

  g_string_append (m->out, "- **");
  if (change->status == PD_AREA_STATUS_RENAMED)
    {
      put_text (m, pd_render__area_title (change->old_area, m->lang), -1);
      g_string_append (m->out, "** \u2192 **");
    }
  put_text (m, pd_render__area_title (area, m->lang), -1);
  g_string_append (m->out, "** (");
  if (paired && !g_str_equal (pd_area_get_id (change->old_area), pd_area_get_id (area)))
    {
      put_id (m, change->old_area);
      g_string_append (m->out, " \u2192 ");
    }
  put_id (m, area);
  if (change->match != PD_MATCH_KIND_NONE && change->match != PD_MATCH_KIND_ID)
    {
      g_string_append_printf (m->out, "; paired by %s", pd_match_kind_to_string (change->match));
      if (change->match == PD_MATCH_KIND_SIMILARITY)
        {
          g_string_append (m->out, ", ");
          pd_render__append_score (m->out, change->score);
        }
    }
  if (change->moved)
    g_string_append (m->out, "; moved");
  g_string_append_c (m->out, ')');
  const char *category = pd_area_get_category (area);
  if (!paired && category != NULL)
    {
      g_string_append (m->out, ", ");
      put_text (m, category, -1);
    }
  g_string_append_c (m->out, '\n');
  if (paired)
    for (guint f = 0; f < change->fields->len; f++)
      put_field_diff (m, change->fields->pdata[f]);
}

/* "7 areas were", "1 area was", "none was". */
static void
put_quantity (GString *out, guint n, const char *verb_one, const char *verb_many)
{
  if (n == 0)
    g_string_append_printf (out, "none %s", verb_one);
  else if (n == 1)
    g_string_append_printf (out, "1 area %s", verb_one);
  else
    g_string_append_printf (out, "%u areas %s", n, verb_many);
}

static void
put_summary (Md *m, const PdCounts *c)
{
  g_string_append_printf (m->out, "The new version has %u %s against %u in the old one. ",
                          c->new_areas, pd_render__areas_noun (c->new_areas), c->old_areas);
  guint parts[] = { c->added, c->removed, c->renamed, c->modified, c->unchanged };
  const char *verbs[] = { "added", "removed", "renamed", "modified", "left unchanged" };
  for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
    {
      g_autofree char *one = g_strdup_printf ("was %s", verbs[k]);
      g_autofree char *many = g_strdup_printf ("were %s", verbs[k]);
      GString *clause = g_string_new (NULL);
      put_quantity (clause, parts[k], one, many);
      if (k == 0)
        clause->str[0] = g_ascii_toupper (clause->str[0]);
      g_string_append (m->out, clause->str);
      g_string_append (m->out, k + 2 < G_N_ELEMENTS (parts) ? ", "
                               : k + 1 < G_N_ELEMENTS (parts) ? " and " : ".");
      g_string_free (clause, TRUE);
    }
  if (c->moved > 0)
    g_string_append_printf (m->out, " %u %s position.", c->moved,
                            c->moved == 1 ? "area changed" : "areas changed");
  g_string_append (m->out, "\n\n");
}

static void
put_document (Md *m, const char *role, const PdDocument *doc)
{
  const char *date = pd_document_get_date (doc);

  g_string_append_printf (m->out, "- **%s:** ", role);
  put_text (m, pd_render__document_label (doc, m->lang), -1);
  g_string_append (m->out, ", version ");
  put_text (m, pd_document_get_version (doc), -1);
  if (date != NULL)
    {
      g_string_append (m->out, " of ");
      put_text (m, date, -1);
    }
  guint n = pd_document_get_n_areas (doc);
  g_string_append_printf (m->out, ", %u %s\n", n, pd_render__areas_noun (n));
}

static void
put_section (Md *m, const PdComparison *comparison, PdAreaStatus status, const char *heading)
{
  guint n = 0;

  for (guint k = 0; k < pd_comparison_get_n_changes (comparison); k++)
    n += pd_comparison_get_change (comparison, k)->status == status;
  put_heading (m, 1);
  g_string_append_printf (m->out, "%s (%u)\n\n", heading, n);
  if (n == 0)
    {
      g_string_append (m->out, "None.\n\n");
      return;
    }
  for (guint k = 0; k < pd_comparison_get_n_changes (comparison); k++)
    {
      const PdAreaChange *change = pd_comparison_get_change (comparison, k);
      if (change->status != status)
        continue;
      pd_render__sink_drain (m->sink, FALSE);
      put_area_item (m, change);
    }
  g_string_append_c (m->out, '\n');
}

void
pd_render__markdown_at (const PdComparison    *comparison,
                        const PdReportOptions *options,
                        guint                  level,
                        PdRenderSink          *sink)
{
  GString *out = sink->out;
  Md m = { out, options->lang, level, sink };
  const PdDocument *old_doc = pd_comparison_get_old (comparison);
  const PdDocument *new_doc = pd_comparison_get_new (comparison);

  put_heading (&m, 0);
  g_string_append (out, "Changes from ");
  put_text (&m, pd_render__document_label (old_doc, m.lang), -1);
  g_string_append_c (out, ' ');
  put_text (&m, pd_document_get_version (old_doc), -1);
  g_string_append (out, " to ");
  put_text (&m, pd_render__document_label (new_doc, m.lang), -1);
  g_string_append_c (out, ' ');
  put_text (&m, pd_document_get_version (new_doc), -1);
  g_string_append (out, "\n\n");
  put_document (&m, "Old", old_doc);
  put_document (&m, "New", new_doc);
  g_string_append_c (out, '\n');
  put_summary (&m, pd_comparison_get_counts (comparison));
  if (options->flags & PD_REPORT_FLAGS_STAT)
    return;

  GPtrArray *programme = pd_comparison_get_programme_fields (comparison);
  if (programme->len > 0)
    {
      put_heading (&m, 1);
      g_string_append (out, "Programme\n\n- Changed fields\n");
      for (guint k = 0; k < programme->len; k++)
        put_field_diff (&m, programme->pdata[k]);
      g_string_append_c (out, '\n');
    }
  put_section (&m, comparison, PD_AREA_STATUS_ADDED, "Added");
  put_section (&m, comparison, PD_AREA_STATUS_REMOVED, "Removed");
  put_section (&m, comparison, PD_AREA_STATUS_RENAMED, "Renamed");
  put_section (&m, comparison, PD_AREA_STATUS_MODIFIED, "Modified");
  put_section (&m, comparison, PD_AREA_STATUS_UNCHANGED, "Unchanged");
  /* One trailing newline, not two. The last section wrote both after
   * its last drain. */
  g_string_truncate (out, out->len - 1);
}

void
pd_render__markdown (const PdComparison    *comparison,
                     const PdReportOptions *options,
                     PdRenderSink          *sink)
{
  pd_render__markdown_at (comparison, options, 1, sink);
}
