/* pd-render-html.c: reports as one self-contained HTML page.
 *
 * A page carries its style sheet inline and nothing else: no script, no
 * image, no font, no link out, and a Content-Security-Policy that would
 * stop all of those if one ever slipped in. Every string from the input
 * is first made visible (valid UTF-8; control, bidi and zero-width
 * characters as escapes, see pd-escape.c) and then escaped for text or a
 * double-quoted attribute. Ids and fragment links are slugs made here
 * ([a-z0-9-], unique in the page), never input. The page is also
 * well-formed XML (void elements closed, only XML's five entities), so a
 * test can parse it with GMarkup.
 */
#include "config.h"

#include <string.h>

#include "pd-escape-private.h"
#include "pd-render-html-css.h"
#include "pd-render-private.h"

/* Longest slug made from input, before any "-N" that makes it unique. */
#define SLUG_MAX 60

/* ---- escaping ---- */

/* Appends @text (valid UTF-8 without controls, as the visible filter
 * makes it) with &<>"' escaped. U+FFFE and U+FFFF are valid UTF-8 but
 * not XML characters, so they become markers too. */
static void
append_escaped (GString *out, const char *text, gsize length)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];
      if (c == '&')
        g_string_append (out, "&amp;");
      else if (c == '<')
        g_string_append (out, "&lt;");
      else if (c == '>')
        g_string_append (out, "&gt;");
      else if (c == '"')
        g_string_append (out, "&quot;");
      else if (c == '\'')
        g_string_append (out, "&#39;");
      else if ((guchar) c == 0xEF && i + 2 < length && (guchar) text[i + 1] == 0xBF
               && ((guchar) text[i + 2] & 0xFE) == 0xBE)
        {
          g_string_append_printf (out, "&lt;U+%s&gt;", text[i + 2] == '\xBE' ? "FFFE" : "FFFF");
          i += 2;
        }
      else
        g_string_append_c (out, c);
    }
}

static void
append_visible_escaped (GString *out, const char *text, gssize length, gboolean keep_newlines)
{
  g_autoptr(GString) visible = g_string_new (NULL);

  pd_escape__append_visible (visible, text, length, keep_newlines);
  append_escaped (out, visible->str, visible->len);
}

void
pd_render__html_text (GString *out, const char *text, gssize length)
{
  append_visible_escaped (out, text, length, TRUE);
}

void
pd_render__html_attr (GString *out, const char *text)
{
  append_visible_escaped (out, text, -1, FALSE);
}

/* ---- ids ---- */

GHashTable *
pd_render__html_ids_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

const char *
pd_render__html_slug (GHashTable *ids, const char *prefix, const char *text)
{
  g_autoptr(GString) slug = g_string_new (prefix);
  gsize start = slug->len;

  for (const char *p = text; *p != '\0' && slug->len - start < SLUG_MAX; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c))
        g_string_append_c (slug, c);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > start && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0 || slug->str[slug->len - 1] == '-')
    g_string_append_c (slug, 'x');
  gsize base = slug->len;
  for (guint n = 2; g_hash_table_contains (ids, slug->str); n++)
    {
      g_string_truncate (slug, base);
      g_string_append_printf (slug, "-%u", n);
    }
  char *stored = g_string_free (g_steal_pointer (&slug), FALSE);
  g_hash_table_add (ids, stored);
  return stored;
}

/* ---- page ---- */

void
pd_render__html_begin (GString *out, const char *title)
{
  g_string_append (out,
                   "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"referrer\" content=\"no-referrer\"/>\n"
                   "<meta name=\"generator\" content=\"progdiff " PACKAGE_VERSION "\"/>\n"
                   "<title>");
  pd_render__html_attr (out, title);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, html_css);
  g_string_append (out, "</style>\n</head>\n<body>\n<main>\n");
}

void
pd_render__html_end (GString *out)
{
  g_string_append (out, "<footer>Made by progdiff " PACKAGE_VERSION
                        ". This page is self-contained: it runs no script and loads "
                        "nothing.</footer>\n</main>\n</body>\n</html>\n");
}

/* "<header>" with the kicker line and the heading; the caller closes it. */
static void
open_header (GString *out, const char *kind, const char *heading)
{
  g_string_append_printf (out, "<header id=\"summary\">\n<p class=\"kicker\">progdiff \u00b7 %s</p>\n"
                               "<h1>", kind);
  pd_render__html_text (out, heading, -1);
  g_string_append (out, "</h1>\n");
}

/* ---- counts ---- */

static const struct
{
  PdAreaStatus status;
  const char *name;
  const char *heading;
} statuses[] = {
  { PD_AREA_STATUS_ADDED, "added", "Added" },
  { PD_AREA_STATUS_REMOVED, "removed", "Removed" },
  { PD_AREA_STATUS_RENAMED, "renamed", "Renamed" },
  { PD_AREA_STATUS_MODIFIED, "modified", "Modified" },
  { PD_AREA_STATUS_UNCHANGED, "unchanged", "Unchanged" },
};

static guint
count_of (const PdCounts *c, PdAreaStatus status)
{
  switch (status)
    {
    case PD_AREA_STATUS_ADDED: return c->added;
    case PD_AREA_STATUS_REMOVED: return c->removed;
    case PD_AREA_STATUS_RENAMED: return c->renamed;
    case PD_AREA_STATUS_MODIFIED: return c->modified;
    case PD_AREA_STATUS_UNCHANGED: return c->unchanged;
    default: return 0;
    }
}

/* The counts as a bar (one segment per status, as wide as its count)
 * and as a list of numbers, which is what a reader and a test read. */
static void
put_counts (GString *out, const PdCounts *c)
{
  g_string_append_printf (out, "<div class=\"bar\" role=\"img\" aria-label=\"%u added, %u removed, "
                               "%u renamed, %u modified, %u unchanged\">",
                          c->added, c->removed, c->renamed, c->modified, c->unchanged);
  for (guint k = 0; k < G_N_ELEMENTS (statuses); k++)
    if (count_of (c, statuses[k].status) > 0)
      g_string_append_printf (out, "<span class=\"seg %s\" style=\"flex-grow:%u\"></span>",
                              statuses[k].name, count_of (c, statuses[k].status));
  g_string_append_printf (out, "</div>\n<ul class=\"counts\">\n<li class=\"total\" data-old=\"%u\" "
                               "data-new=\"%u\"><span class=\"n\">%u \u2192 %u</span> %s</li>\n",
                          c->old_areas, c->new_areas, c->old_areas, c->new_areas,
                          pd_render__areas_noun (c->new_areas));
  for (guint k = 0; k < G_N_ELEMENTS (statuses); k++)
    g_string_append_printf (out, "<li class=\"%s\" data-count=\"%u\"><span class=\"dot\"></span>"
                                 "<span class=\"n\">%u</span> %s</li>\n",
                            statuses[k].name, count_of (c, statuses[k].status),
                            count_of (c, statuses[k].status), statuses[k].name);
  g_string_append_printf (out, "<li class=\"moved\" data-count=\"%u\"><span class=\"dot\"></span>"
                               "<span class=\"n\">%u</span> moved</li>\n</ul>\n",
                          c->moved, c->moved);
}

/* ---- comparison ---- */

typedef struct
{
  GString *out;
  const char *lang;
  GHashTable *ids;
  const char *old_label;   /* "IPCP 2020": column headings, raw input */
  const char *new_label;
  guint level;             /* heading level of an area */
  const char **slugs;      /* one per change, owned by ids */
  PdRenderSink *sink;      /* NULL in a log entry */
} Html;

static char *
version_label (const PdDocument *doc, const char *lang)
{
  return g_strdup_printf ("%s %s", pd_render__document_label (doc, lang),
                          pd_document_get_version (doc));
}

/* One side of a word diff: EQUAL and DELETE ops (old) or EQUAL and
 * INSERT ops (new), the changed words in <del> or <ins>. */
static void
put_side (Html *h, const PdWdiff *diff, gboolean new_side)
{
  PdWdiffOpKind changed = new_side ? PD_WDIFF_OP_INSERT : PD_WDIFF_OP_DELETE;
  const char *tag = new_side ? "ins" : "del";

  for (guint k = 0; diff != NULL && k < pd_wdiff_get_n_ops (diff); k++)
    {
      const PdWdiffOp *op = pd_wdiff_get_op (diff, k);
      if (op->kind == PD_WDIFF_OP_EQUAL)
        pd_render__html_text (h->out, op->text, op->length);
      else if (op->kind == changed && op->length > 0)
        {
          g_string_append_printf (h->out, "<%s>", tag);
          pd_render__html_text (h->out, op->text, op->length);
          g_string_append_printf (h->out, "</%s>", tag);
        }
    }
}

static void
put_pair (Html *h, const char *klass, const PdWdiff *diff)
{
  g_string_append_printf (h->out, "<div class=\"%s\"><div class=\"old\">", klass);
  put_side (h, diff, FALSE);
  g_string_append (h->out, "</div><div class=\"new\">");
  put_side (h, diff, TRUE);
  g_string_append (h->out, "</div></div>\n");
}

static void
put_field_diff (Html *h, const PdFieldDiff *field)
{
  g_string_append (h->out, "<div class=\"field\"><div class=\"key\">");
  pd_render__html_text (h->out, field->key, -1);
  g_string_append (h->out, "</div>\n");
  if (field->items == NULL)
    put_pair (h, "pair", field->diff);
  else
    {
      g_string_append (h->out, "<div class=\"items\">\n");
      for (guint k = 0; k < field->items->len; k++)
        {
          const PdItemDiff *item = field->items->pdata[k];
          g_autofree char *klass = g_strdup_printf ("item %s",
                                                    pd_item_change_to_string (item->change));
          put_pair (h, klass, item->diff);
        }
      g_string_append (h->out, "</div>\n");
    }
  g_string_append (h->out, "</div>\n");
}

static void
put_column_heads (Html *h)
{
  g_string_append (h->out, "<div class=\"cols\" aria-hidden=\"true\"><span></span>"
                           "<div class=\"sides\"><div>");
  pd_render__html_text (h->out, h->old_label, -1);
  g_string_append (h->out, "</div><div>");
  pd_render__html_text (h->out, h->new_label, -1);
  g_string_append (h->out, "</div></div></div>\n");
}

static void
put_absent (Html *h, const char *label)
{
  g_string_append (h->out, "<div class=\"absent\">");
  if (label != NULL)
    {
      g_string_append (h->out, "Not in ");
      pd_render__html_text (h->out, label, -1);
    }
  g_string_append (h->out, "</div>");
}

/* A field as written: a value, or its items as a list. */
static void
put_value (Html *h, const PdField *field, gboolean new_side)
{
  g_string_append_printf (h->out, "<div class=\"%s\">", new_side ? "new" : "old");
  if (field->items == NULL)
    pd_render__html_text (h->out, field->value, -1);
  else
    {
      g_string_append (h->out, "<ul class=\"list\">");
      for (const char *const *it = field->items; *it != NULL; it++)
        {
          g_string_append (h->out, "<li>");
          pd_render__html_text (h->out, *it, -1);
          g_string_append (h->out, "</li>");
        }
      g_string_append (h->out, "</ul>");
    }
  g_string_append (h->out, "</div>");
}

/* An added or removed area: its fields as written, on its own side,
 * the other side hatched ("Not in IPCP 2020" on the first row). */
static void
put_whole_area (Html *h, const PdArea *area, gboolean new_side)
{
  const char *missing = new_side ? h->old_label : h->new_label;
  gboolean first = TRUE;

  for (guint k = 0; k < pd_area_get_n_fields (area); k++)
    {
      const PdField *field = pd_area_get_field (area, k);
      if (g_str_equal (field->key, "Title"))
        continue;
      if (first)
        put_column_heads (h);
      g_string_append (h->out, "<div class=\"field\"><div class=\"key\">");
      pd_render__html_text (h->out, field->key, -1);
      g_string_append (h->out, "</div><div class=\"pair whole\">");
      if (new_side)
        put_absent (h, first ? missing : NULL);
      put_value (h, field, new_side);
      if (!new_side)
        put_absent (h, first ? missing : NULL);
      g_string_append (h->out, "</div></div>\n");
      first = FALSE;
    }
}

/* How a pair was made: "Renamed from “X” · ID a → b · paired by
 * similarity 0.835 · moved from position 6 to 9". */
static void
put_pairing (Html *h, const PdAreaChange *change)
{
  const PdArea *o = change->old_area, *n = change->new_area;

  g_string_append (h->out, "<p class=\"pairing\">");
  if (change->status == PD_AREA_STATUS_RENAMED)
    {
      g_string_append (h->out, "Renamed from \u201c");
      pd_render__html_text (h->out, pd_render__area_title (o, h->lang), -1);
      g_string_append (h->out, "\u201d \u00b7 ");
    }
  if (!g_str_equal (pd_area_get_id (o), pd_area_get_id (n)))
    {
      g_string_append (h->out, "ID <code>");
      pd_render__html_text (h->out, pd_area_get_id (o), -1);
      g_string_append (h->out, "</code> \u2192 <code>");
      pd_render__html_text (h->out, pd_area_get_id (n), -1);
      g_string_append (h->out, "</code> \u00b7 ");
    }
  g_string_append_printf (h->out, "paired by <span class=\"match\">%s</span>",
                          change->match == PD_MATCH_KIND_ID ? "ID"
                                                            : pd_match_kind_to_string (change->match));
  if (change->match == PD_MATCH_KIND_SIMILARITY)
    {
      g_string_append (h->out, " <span class=\"score\">");
      pd_render__append_score (h->out, change->score);
      g_string_append (h->out, "</span>");
    }
  if (change->moved)
    g_string_append_printf (h->out, " \u00b7 moved from position %u to %u",
                            pd_area_get_index (o) + 1, pd_area_get_index (n) + 1);
  g_string_append (h->out, "</p>\n");
}

static void
put_area_head (Html *h, const PdAreaChange *change)
{
  const PdArea *area = change->new_area != NULL ? change->new_area : change->old_area;
  const char *status = pd_area_status_to_string (change->status);

  g_string_append_printf (h->out, "<header class=\"area-head\"><span class=\"badge %s\">%s</span>",
                          status, status);
  if (change->moved)
    g_string_append (h->out, "<span class=\"badge moved\">moved</span>");
  g_string_append_printf (h->out, "<h%u>", h->level);
  pd_render__html_text (h->out, pd_render__area_title (area, h->lang), -1);
  g_string_append_printf (h->out, "</h%u><code>", h->level);
  pd_render__html_text (h->out, pd_area_get_id (area), -1);
  g_string_append (h->out, "</code>\n");
  /* Same ID, same place: nothing to say about the pair. */
  if (change->old_area != NULL && change->new_area != NULL
      && (change->match != PD_MATCH_KIND_ID || change->moved
          || change->status == PD_AREA_STATUS_RENAMED))
    put_pairing (h, change);
  g_string_append (h->out, "</header>\n");
}

static void
put_area (Html *h, const PdAreaChange *change, const char *slug)
{
  g_string_append_printf (h->out, "<article class=\"area %s%s\" id=\"%s\">\n",
                          pd_area_status_to_string (change->status),
                          change->moved ? " moved" : "", slug);
  put_area_head (h, change);
  if (change->status == PD_AREA_STATUS_ADDED)
    put_whole_area (h, change->new_area, TRUE);
  else if (change->status == PD_AREA_STATUS_REMOVED)
    put_whole_area (h, change->old_area, FALSE);
  else if (change->fields->len == 0)
    g_string_append (h->out, "<p class=\"nochange\">No field changed.</p>\n");
  else
    {
      put_column_heads (h);
      for (guint f = 0; f < change->fields->len; f++)
        put_field_diff (h, change->fields->pdata[f]);
    }
  g_string_append (h->out, "</article>\n");
}

/* Makes one id per change, "PREFIXarea-id", before anything links to them. */
static const char **
area_slugs (Html *h, const PdComparison *cmp, const char *prefix)
{
  guint n = pd_comparison_get_n_changes (cmp);
  const char **slugs = g_new0 (const char *, n + 1);
  g_autofree char *area_prefix = g_strconcat (prefix, "area-", NULL);

  for (guint k = 0; k < n; k++)
    {
      const PdAreaChange *change = pd_comparison_get_change (cmp, k);
      const PdArea *area = change->new_area != NULL ? change->new_area : change->old_area;
      slugs[k] = pd_render__html_slug (h->ids, area_prefix, pd_area_get_id (area));
    }
  return slugs;
}

/* One group of the table of contents: the areas with @status, or the
 * moved ones when @status is -1. */
static void
put_toc_group (Html *h, const PdComparison *cmp, int status, const char *name,
               const char *heading, guint n)
{
  g_string_append_printf (h->out, "<div class=\"group %s\" data-count=\"%u\"><h3 class=\"%s\">"
                                  "<span class=\"dot\"></span>%s<span class=\"n\">%u</span></h3>\n",
                          name, n, name, heading, n);
  if (n == 0)
    {
      g_string_append (h->out, "<p class=\"none\">None</p></div>\n");
      return;
    }
  g_string_append (h->out, "<ol>\n");
  for (guint k = 0; k < pd_comparison_get_n_changes (cmp); k++)
    {
      const PdAreaChange *change = pd_comparison_get_change (cmp, k);
      if (status >= 0 ? (int) change->status != status : !change->moved)
        continue;
      const PdArea *area = change->new_area != NULL ? change->new_area : change->old_area;
      g_string_append_printf (h->out, "<li><a href=\"#%s\">", h->slugs[k]);
      pd_render__html_text (h->out, pd_render__area_title (area, h->lang), -1);
      g_string_append (h->out, "</a></li>\n");
    }
  g_string_append (h->out, "</ol></div>\n");
}

static void
put_toc (Html *h, const PdComparison *cmp)
{
  const PdCounts *c = pd_comparison_get_counts (cmp);

  g_string_append (h->out, "<nav id=\"contents\" aria-label=\"Contents\">\n<h2>Contents</h2>\n"
                           "<div class=\"toc\">\n");
  for (guint k = 0; k < G_N_ELEMENTS (statuses); k++)
    put_toc_group (h, cmp, statuses[k].status, statuses[k].name, statuses[k].heading,
                   count_of (c, statuses[k].status));
  put_toc_group (h, cmp, -1, "moved", "Moved", c->moved);
  g_string_append (h->out, "</div>\n</nav>\n");
}

static void
put_programme_fields (Html *h, GPtrArray *fields)
{
  put_column_heads (h);
  for (guint k = 0; k < fields->len; k++)
    put_field_diff (h, fields->pdata[k]);
}

/* The [Programme] fields that changed: a section of the diff page. */
static void
put_programme (Html *h, GPtrArray *fields)
{
  if (fields->len == 0)
    return;
  g_string_append (h->out, "<section id=\"programme\">\n<h2>Programme</h2>\n"
                           "<article class=\"area modified\">\n");
  put_programme_fields (h, fields);
  g_string_append (h->out, "</article>\n</section>\n");
}

/* The programme's changed fields and every area, in report order. */
static void
put_changes (Html *h, const PdComparison *cmp)
{
  put_programme (h, pd_comparison_get_programme_fields (cmp));
  g_string_append (h->out, "<section id=\"areas\">\n<h2>Areas</h2>\n");
  for (guint k = 0; k < pd_comparison_get_n_changes (cmp); k++)
    {
      pd_render__sink_drain (h->sink, FALSE);
      put_area (h, pd_comparison_get_change (cmp, k), h->slugs[k]);
    }
  g_string_append (h->out, "</section>\n");
}

static void
put_document (Html *h, const char *klass, const char *role, const PdDocument *doc)
{
  const char *date = pd_document_get_date (doc);
  const char *title = h->lang != NULL ? pd_document_get_title_for_lang (doc, h->lang)
                                      : pd_document_get_title (doc);

  g_string_append_printf (h->out, "<div class=\"doc %s\"><span class=\"role\">%s</span>"
                                  "<span class=\"doc-title\">",
                          klass, role);
  pd_render__html_text (h->out, title, -1);
  g_string_append (h->out, "</span><span class=\"meta\">");
  pd_render__html_text (h->out, pd_render__document_label (doc, h->lang), -1);
  g_string_append (h->out, " \u00b7 version ");
  pd_render__html_text (h->out, pd_document_get_version (doc), -1);
  if (date != NULL)
    {
      g_string_append (h->out, " \u00b7 ");
      pd_render__html_text (h->out, date, -1);
    }
  g_string_append_printf (h->out, " \u00b7 <span class=\"areas\">%u %s</span></span>"
                                  "<span class=\"file\">",
                          pd_document_get_n_areas (doc), pd_render__areas_noun (pd_document_get_n_areas (doc)));
  /* A file name's line break is shown as "\n", as in the text report. */
  pd_render__html_attr (h->out, pd_document_get_name (doc));
  g_string_append (h->out, "</span></div>\n");
}

void
pd_render__html (const PdComparison    *comparison,
                 const PdReportOptions *options,
                 PdRenderSink          *sink)
{
  GString *out = sink->out;
  const PdDocument *old_doc = pd_comparison_get_old (comparison);
  const PdDocument *new_doc = pd_comparison_get_new (comparison);
  g_autofree char *old_label = version_label (old_doc, options->lang);
  g_autofree char *new_label = version_label (new_doc, options->lang);
  g_autofree char *title = g_strdup_printf ("Changes from %s to %s", old_label, new_label);
  g_autoptr(GHashTable) ids = pd_render__html_ids_new ();
  Html h = { out, options->lang, ids, old_label, new_label, 3, NULL, sink };

  pd_render__html_begin (out, title);
  open_header (out, "comparison", title);
  g_string_append (out, "<div class=\"versions\">\n");
  put_document (&h, "old", "Old", old_doc);
  g_string_append (out, "<div class=\"arrow\" aria-hidden=\"true\">\u2192</div>\n");
  put_document (&h, "new", "New", new_doc);
  g_string_append (out, "</div>\n");
  put_counts (out, pd_comparison_get_counts (comparison));
  g_string_append (out, "</header>\n");
  if ((options->flags & PD_REPORT_FLAGS_STAT) == 0)
    {
      g_autofree const char **slugs = area_slugs (&h, comparison, "");
      h.slugs = slugs;
      put_toc (&h, comparison);
      put_changes (&h, comparison);
    }
  pd_render__html_end (out);
}

/* ---- log ---- */

void
pd_render__html_log_begin (GString *out, const char *path, guint n_commits, gboolean reverse)
{
  g_autofree char *title = g_strdup_printf ("History of %s", path);

  pd_render__html_begin (out, title);
  open_header (out, "history", title);
  g_string_append_printf (out, "<p class=\"lead\"><span class=\"n\">%u</span> %s that changed "
                               "the document, %s first.</p>\n</header>\n"
                               "<section id=\"commits\">\n<h2>Commits</h2>\n<ol class=\"commits\">\n",
                          n_commits, n_commits == 1 ? "commit" : "commits",
                          reverse ? "oldest" : "newest");
}

void
pd_render__html_log_end (GString *out)
{
  g_string_append (out, "</ol>\n</section>\n");
  pd_render__html_end (out);
}

/* What a commit did when there is no comparison to count. */
static void
put_log_note (GString *out, const PdLogEntry *entry)
{
  g_string_append (out, "<p class=\"note\">");
  if (entry->problem != NULL)
    {
      g_string_append (out, "Not a valid document: <span class=\"problem\">");
      pd_render__html_text (out, entry->problem, -1);
      g_string_append (out, "</span>");
      if (entry->boundary)
        g_string_append (out, " The shallow clone starts here; the older history is not in it.");
    }
  else if (entry->new_document != NULL && entry->old_document == NULL && entry->boundary)
    g_string_append_printf (out, "The shallow clone starts here, with "
                                 "<span class=\"n\">%u</span> %s; the older history is not in it.",
                            pd_document_get_n_areas (entry->new_document),
                            pd_render__areas_noun (pd_document_get_n_areas (entry->new_document)));
  else if (entry->new_document != NULL)
    g_string_append_printf (out, "New document, <span class=\"n\">%u</span> %s.",
                            pd_document_get_n_areas (entry->new_document),
                            pd_render__areas_noun (pd_document_get_n_areas (entry->new_document)));
  else
    g_string_append (out, "Document deleted.");
  g_string_append (out, "</p>\n");
}

static void
put_log_patch (GString *out, const PdLogEntry *entry, const PdReportOptions *o,
               GHashTable *ids, const char *commit_slug)
{
  g_autofree char *old_label = version_label (entry->old_document, o->lang);
  g_autofree char *new_label = version_label (entry->new_document, o->lang);
  g_autofree char *prefix = g_strconcat (commit_slug, "-", NULL);
  Html h = { out, o->lang, ids, old_label, new_label, 4, NULL, NULL };
  g_autofree const char **slugs = area_slugs (&h, entry->comparison, prefix);
  GPtrArray *fields = pd_comparison_get_programme_fields (entry->comparison);
  guint skipped = 0;

  h.slugs = slugs;
  g_string_append (out, "<div class=\"patch\">\n");
  if (fields->len > 0)
    {
      g_string_append_printf (out, "<article class=\"area modified\" id=\"%s\">\n"
                                   "<header class=\"area-head\"><span class=\"badge modified\">"
                                   "modified</span><h4>Programme</h4></header>\n",
                              pd_render__html_slug (ids, prefix, "programme"));
      put_programme_fields (&h, fields);
      g_string_append (out, "</article>\n");
    }
  /* A commit touches a few areas: the counts say how many stayed as they were. */
  for (guint k = 0; k < pd_comparison_get_n_changes (entry->comparison); k++)
    {
      const PdAreaChange *change = pd_comparison_get_change (entry->comparison, k);
      if (change->status == PD_AREA_STATUS_UNCHANGED && !change->moved)
        skipped++;
      else
        put_area (&h, change, slugs[k]);
    }
  if (skipped > 0)
    g_string_append_printf (out, "<p class=\"note\">%u unchanged %s not shown.</p>\n", skipped,
                            skipped == 1 ? "area" : "areas");
  g_string_append (out, "</div>\n");
}

char *
pd_render__html_log_entry (const PdLogEntry *entry, const PdReportOptions *o, GHashTable *ids)
{
  GString *out = g_string_new (NULL);
  const char *slug = pd_render__html_slug (ids, "commit-", entry->commit->short_id);
  g_autofree char *date = pd_render__format_time (entry->commit->time, entry->commit->offset,
                                                  FALSE);

  g_string_append_printf (out, "<li class=\"commit\" id=\"%s\">\n<div class=\"commit-head\">"
                               "<code class=\"sha\">", slug);
  pd_render__html_text (out, entry->commit->short_id, -1);
  g_string_append (out, "</code><span class=\"subject\">");
  pd_render__html_text (out, entry->commit->subject, -1);
  g_string_append (out, "</span><span class=\"date\">");
  pd_render__html_text (out, date, -1);
  g_string_append (out, "</span><span class=\"author\">");
  pd_render__html_text (out, entry->commit->author, -1);
  g_string_append (out, "</span></div>\n<div class=\"commit-body\">\n");
  if (entry->comparison != NULL)
    put_counts (out, pd_comparison_get_counts (entry->comparison));
  else
    put_log_note (out, entry);
  if ((o->flags & PD_REPORT_FLAGS_PATCH) && entry->comparison != NULL)
    put_log_patch (out, entry, o, ids, slug);
  g_string_append (out, "</div>\n</li>\n");
  return g_string_free (out, FALSE);
}

/* ---- timeline ---- */

static const char *const cell_symbols[] = { "", "+", "=", "~", "\u21bb", "\u2212" };

/* Where the document was deleted a version has none, and no areas. */
static guint
version_n_areas (const PdTimelineVersion *ver)
{
  return ver->document != NULL ? pd_document_get_n_areas (ver->document) : 0;
}

/* "IPCP 2020", or "deleted". */
static char *
timeline_version_label (const PdTimelineVersion *ver, const char *lang)
{
  return ver->document != NULL ? version_label (ver->document, lang) : g_strdup ("deleted");
}

static void
put_version_head (GString *out, const PdTimelineVersion *ver, guint max_areas, const char *lang)
{
  guint n = version_n_areas (ver);

  g_string_append (out, "<div class=\"mh version\"><span class=\"label\">");
  pd_render__html_text (out, ver->label, -1);
  g_string_append (out, "</span><span class=\"sub\">");
  pd_render__html_text (out, ver->document != NULL ? pd_render__document_label (ver->document, lang)
                                                   : "deleted", -1);
  if (ver->date != NULL)
    {
      g_string_append (out, " \u00b7 ");
      pd_render__html_text (out, ver->date, -1);
    }
  g_string_append_printf (out, "</span><span class=\"sub areas\">%u %s</span>"
                               "<span class=\"growth\"><span style=\"width:%u%%\"></span></span>"
                               "</div>\n",
                          n, pd_render__areas_noun (n), max_areas > 0 ? n * 100 / max_areas : 0);
}

static void
put_matrix_row (GString *out, const PdTimeline *t, const PdTimelineRow *row)
{
  g_string_append (out, "<div class=\"rh\"><span class=\"title\">");
  pd_render__html_text (out, row->title, -1);
  g_string_append (out, "</span><code>");
  pd_render__html_text (out, row->id, -1);
  g_string_append (out, "</code></div>\n");
  for (guint v = 0; v < pd_timeline_get_n_versions (t); v++)
    {
      const char *state = pd_cell_to_string (row->cells[v]);
      g_string_append_printf (out, "<div class=\"cell %s\" title=\"", state);
      pd_render__html_attr (out, row->title);
      g_string_append (out, ", ");
      pd_render__html_attr (out, pd_timeline_get_version (t, v)->label);
      g_string_append_printf (out, ": %s\"><span>%s</span></div>\n", state,
                              cell_symbols[MIN (row->cells[v], G_N_ELEMENTS (cell_symbols) - 1)]);
    }
}

static void
put_matrix (GString *out, const PdTimeline *t, const char *lang)
{
  guint n = pd_timeline_get_n_versions (t);
  guint max_areas = 0;

  for (guint v = 0; v < n; v++)
    max_areas = MAX (max_areas, version_n_areas (pd_timeline_get_version (t, v)));
  g_string_append_printf (out, "<section id=\"matrix\">\n<h2>Areas \u00d7 versions</h2>\n"
                               "<div class=\"matrix-wrap\"><div class=\"matrix\" style=\""
                               "grid-template-columns:minmax(13em,26em) repeat(%u,minmax(5.5em,1fr))"
                               "\" role=\"table\" data-rows=\"%u\" data-versions=\"%u\">\n"
                               "<div class=\"mh corner\">Area</div>\n",
                          n, pd_timeline_get_n_rows (t), n);
  for (guint v = 0; v < n; v++)
    put_version_head (out, pd_timeline_get_version (t, v), max_areas, lang);
  for (guint r = 0; r < pd_timeline_get_n_rows (t); r++)
    put_matrix_row (out, t, pd_timeline_get_row (t, r));
  g_string_append (out, "</div></div>\n<ul class=\"legend\">\n");
  for (guint c = PD_CELL_ADDED; c <= PD_CELL_REMOVED; c++)
    g_string_append_printf (out, "<li><span class=\"swatch %s\">%s</span>%s</li>\n",
                            pd_cell_to_string (c), cell_symbols[c], pd_cell_to_string (c));
  g_string_append (out, "<li><span class=\"swatch absent\"></span>absent</li>\n</ul>\n"
                        "</section>\n");
}

static void
put_versions_table (GString *out, const PdTimeline *t)
{
  g_string_append (out, "<section id=\"versions\">\n<h2>Versions</h2>\n<div class=\"table-wrap\">"
                        "<table>\n<thead><tr><th>Column</th><th>Version</th><th>Date</th>"
                        "<th>Areas</th><th>Source</th></tr></thead>\n<tbody>\n");
  for (guint v = 0; v < pd_timeline_get_n_versions (t); v++)
    {
      const PdTimelineVersion *ver = pd_timeline_get_version (t, v);
      const char *cells[] = { ver->label, ver->version != NULL ? ver->version : "deleted",
                              ver->date != NULL ? ver->date : "",
                              NULL, ver->file != NULL ? ver->file : ver->commit };
      g_string_append (out, "<tr>");
      for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
        {
          g_string_append (out, "<td>");
          if (cells[i] != NULL)
            pd_render__html_text (out, cells[i], -1);
          else
            g_string_append_printf (out, "%u", version_n_areas (ver));
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</tbody>\n</table></div>\n</section>\n");
}

/* "4 versions; 8 → 16 areas, 16 in all." */
static void
put_timeline_lead (GString *out, const PdTimeline *t)
{
  guint n = pd_timeline_get_n_versions (t);
  guint first = n > 0 ? version_n_areas (pd_timeline_get_version (t, 0)) : 0;
  guint last = n > 0 ? version_n_areas (pd_timeline_get_version (t, n - 1)) : 0;

  g_string_append_printf (out, "<p class=\"lead\"><span class=\"n\">%u</span> %s; "
                               "<span class=\"n\">%u \u2192 %u</span> %s, %u in all. A row "
                               "follows an area through renames and ID changes.</p>\n",
                          n, n == 1 ? "version" : "versions", first, last, pd_render__areas_noun (last),
                          pd_timeline_get_n_rows (t));
}

void
pd_render__html_timeline (const PdTimeline *t, const PdReportOptions *o, GString *out)
{
  guint n = pd_timeline_get_n_versions (t);
  const char *lang = o != NULL ? o->lang : NULL;
  g_autofree char *title = NULL;

  if (n > 0)
    {
      g_autofree char *first = timeline_version_label (pd_timeline_get_version (t, 0), lang);
      g_autofree char *last = timeline_version_label (pd_timeline_get_version (t, n - 1), lang);
      title = g_strdup_printf ("Timeline from %s to %s", first, last);
    }
  pd_render__html_begin (out, title != NULL ? title : "Timeline");
  open_header (out, "timeline", title != NULL ? title : "Timeline");
  put_timeline_lead (out, t);
  g_string_append (out, "</header>\n");
  put_matrix (out, t, lang);
  put_versions_table (out, t);
  pd_render__html_end (out);
}
