/* pd-document.c: the strict reader of programme documents.
 *
 * One pass over the bytes, line by line, with no regex and no heap
 * allocation per line beyond the strings kept: keys and values go to one
 * GStringChunk, fields of every group to one flat array (a group's fields
 * are contiguous because a group cannot be reopened), list items to one
 * pointer array. Every problem becomes a PdDiagnostic with line and
 * character column; see docs/format.md for the rules and messages.
 * A loaded document is immutable, so its pointers stay valid while it lives.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <progdiff/progdiff.h>

#include "pd-document-private.h"
#include "pd-escape-private.h"

/* ---- the key schema ---------------------------------------------------- */

typedef enum
{
  CHECK_NONE,
  CHECK_NON_EMPTY,
  CHECK_PROGRAMME_ID,
  CHECK_DATE,
  CHECK_SUPERSEDES,
} ValueCheck;

typedef struct
{
  const char *name;
  gboolean is_list;
  gboolean localizable;
  gboolean required;
  ValueCheck check;
} KeySpec;

enum
{
  PROGRAMME_ID,
  PROGRAMME_TITLE,
  PROGRAMME_SHORT_TITLE,
  PROGRAMME_VERSION,
  PROGRAMME_DATE,
  PROGRAMME_PERIOD,
  PROGRAMME_PARTIES,
  PROGRAMME_SUPERSEDES,
  PROGRAMME_SOURCE,
  PROGRAMME_DESCRIPTION,
  N_PROGRAMME_KEYS
};

static const KeySpec programme_keys[N_PROGRAMME_KEYS] = {
  [PROGRAMME_ID] = { "Id", FALSE, FALSE, TRUE, CHECK_PROGRAMME_ID },
  [PROGRAMME_TITLE] = { "Title", FALSE, TRUE, TRUE, CHECK_NON_EMPTY },
  [PROGRAMME_SHORT_TITLE] = { "ShortTitle", FALSE, TRUE, FALSE, CHECK_NONE },
  [PROGRAMME_VERSION] = { "Version", FALSE, FALSE, TRUE, CHECK_NON_EMPTY },
  [PROGRAMME_DATE] = { "Date", FALSE, FALSE, FALSE, CHECK_DATE },
  [PROGRAMME_PERIOD] = { "Period", FALSE, FALSE, FALSE, CHECK_NONE },
  [PROGRAMME_PARTIES] = { "Parties", TRUE, FALSE, FALSE, CHECK_NONE },
  [PROGRAMME_SUPERSEDES] = { "Supersedes", FALSE, FALSE, FALSE, CHECK_SUPERSEDES },
  [PROGRAMME_SOURCE] = { "Source", FALSE, FALSE, FALSE, CHECK_NONE },
  [PROGRAMME_DESCRIPTION] = { "Description", FALSE, TRUE, FALSE, CHECK_NONE },
};

enum
{
  AREA_TITLE,
  AREA_CATEGORY,
  AREA_SUMMARY,
  AREA_OBJECTIVES,
  AREA_ALIASES,
  AREA_SOURCE,
  N_AREA_KEYS
};

static const KeySpec area_keys[N_AREA_KEYS] = {
  [AREA_TITLE] = { "Title", FALSE, TRUE, TRUE, CHECK_NON_EMPTY },
  [AREA_CATEGORY] = { "Category", FALSE, FALSE, FALSE, CHECK_NONE },
  [AREA_SUMMARY] = { "Summary", FALSE, TRUE, FALSE, CHECK_NONE },
  [AREA_OBJECTIVES] = { "Objectives", TRUE, FALSE, FALSE, CHECK_NONE },
  [AREA_ALIASES] = { "Aliases", TRUE, FALSE, FALSE, CHECK_NONE },
  [AREA_SOURCE] = { "Source", FALSE, FALSE, FALSE, CHECK_NONE },
};

/* ---- the document ------------------------------------------------------ */

struct PdArea
{
  const char *id;
  const PdField *fields;       /* set when the load succeeds */
  guint first_field;           /* index of fields[0] in the document's array */
  guint n_fields;
  guint index;
  guint line;
  guint id_hash;               /* g_str_hash (id), kept for the ID table */
  guint key_field[N_AREA_KEYS]; /* 1 + index in fields of the plain key, or 0 */
};

struct PdDocument
{
  gatomicrefcount ref_count;
  char *name;
  char *data;                  /* the input; values without escapes stay here */
  GStringChunk *strings;       /* keys, IDs, items, values with escapes */
  GArray *fields;              /* PdField of all groups, in file order */
  GPtrArray *items;            /* list items, each list NULL-terminated */
  GArray *areas;               /* PdArea, in file order */
  guint32 *id_slots;           /* 1 + index in areas, by ID; 0 empty */
  guint id_mask;               /* slots - 1: a power of two, at least twice the areas */
  guint line;                  /* of [Programme] */
  guint n_plain_lines;         /* read on the fast path, for tests */
  guint first_field;           /* the [Programme] fields */
  guint n_fields;
  guint key_field[N_PROGRAMME_KEYS];
  PdDocument *base;            /* an alias's document, whose members it shares */
};

static const char *const empty_list[] = { NULL };

static PdDocument *
document_new (const char *name,
              gsize       length)
{
  PdDocument *document = g_new0 (PdDocument, 1);

  g_atomic_ref_count_init (&document->ref_count);
  document->name = g_strdup (name);
  /* Values, IDs and list items stay in the input: the chunk only holds
   * the keys no specification names, and (for a large input) one block
   * of a sixty-fourth of its size is ample. */
  document->strings = g_string_chunk_new (CLAMP (length / 64, 256, 64 * 1024));
  document->fields = g_array_new (FALSE, FALSE, sizeof (PdField));
  document->items = g_ptr_array_new ();
  document->areas = g_array_new (FALSE, FALSE, sizeof (PdArea));
  return document;
}

PdDocument *
pd_document_ref (PdDocument *document)
{
  g_return_val_if_fail (document != NULL, NULL);

  g_atomic_ref_count_inc (&document->ref_count);
  return document;
}

PdDocument *
pd_document__alias (PdDocument *document,
                    const char *name)
{
  g_return_val_if_fail (document != NULL && name != NULL, NULL);

  PdDocument *alias = g_new (PdDocument, 1);

  *alias = *document;
  g_atomic_ref_count_init (&alias->ref_count);
  alias->name = g_strdup (name);
  alias->base = pd_document_ref (document->base != NULL ? document->base : document);
  return alias;
}

void
pd_document_unref (PdDocument *document)
{
  g_return_if_fail (document != NULL);

  if (!g_atomic_ref_count_dec (&document->ref_count))
    return;
  if (document->base != NULL)
    {
      pd_document_unref (document->base);
      g_free (document->name);
      g_free (document);
      return;
    }
  g_free (document->id_slots);
  g_array_unref (document->areas);
  g_ptr_array_unref (document->items);
  g_array_unref (document->fields);
  g_string_chunk_free (document->strings);
  g_free (document->data);
  g_free (document->name);
  g_free (document);
}

/* ---- diagnostics ------------------------------------------------------- */

void
pd_diagnostic_free (PdDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->message);
  g_free (diagnostic);
}

char *
pd_diagnostic_format (const PdDiagnostic *diagnostic,
                      const char         *name)
{
  g_return_val_if_fail (diagnostic != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  GString *out = g_string_new (NULL);

  /* A path may hold any byte; the message promises none reaches a terminal. */
  pd_escape__append_visible (out, name, -1, FALSE);
  if (diagnostic->line > 0)
    {
      g_string_append_printf (out, ":%u", diagnostic->line);
      if (diagnostic->column > 0)
        g_string_append_printf (out, ":%u", diagnostic->column);
    }
  g_string_append (out, diagnostic->severity == PD_SEVERITY_WARNING
                          ? ": warning: " : ": error: ");
  g_string_append (out, diagnostic->message);
  return g_string_free (out, FALSE);
}

static int
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const PdDiagnostic *x = *(const PdDiagnostic *const *) a;
  const PdDiagnostic *y = *(const PdDiagnostic *const *) b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return 0;
}

/* ---- reader state ------------------------------------------------------ */

typedef enum
{
  GROUP_NONE,        /* before the first header */
  GROUP_PROGRAMME,
  GROUP_AREA,
  GROUP_SKIPPED,     /* after a rejected header: keys are only parsed */
} GroupKind;

typedef struct
{
  GroupKind kind;
  gboolean store;        /* FALSE in a duplicate group */
  gboolean unreadable;   /* a line whose key could not be told was skipped */
  guint line;
  guint first_field;
  guint area_index;
  const char *area_id;   /* for messages; in the document's strings */
} Group;

typedef struct
{
  PdDocument *document;
  GPtrArray *diagnostics;   /* PdDiagnostic, in the order found */
  gboolean want_warnings;
  guint n_errors;
  gboolean gave_up;
  gboolean seen_content;    /* a line that is not blank or a comment */
  gboolean lost_lines;      /* a line was unreadable or a header rejected */
  guint line_no;
  const char *line;         /* start of the current line, for columns */
  gboolean plain;           /* it is printable ASCII, with no backslash */
  Group group;
  char *data;               /* the document's copy of the input, NUL-terminated */
  gboolean escaped;         /* the current value has an escape */
  GString *scratch;         /* unescaped values and lists are built here */
  const char *value;        /* the current line's unescaped value: in */
  gsize value_len;          /* scratch, or in the input when it has no escape */
  GString *key;             /* a NUL-terminated copy of a key or ID */
  GArray *item_bounds;      /* gsize start, end pairs: in scratch, or
                             * from the value in the input (a list on a
                             * plain line, split where it is) */
  GArray *field_items;      /* per field: 1 + index in items, or 0 */
  GHashTable *key_fields;   /* interned key -> 1 + index of its last field */
} Reader;

static void
reader_init (Reader     *r,
             const char *name,
             gsize       length,
             GPtrArray  *diagnostics)
{
  memset (r, 0, sizeof *r);
  r->document = document_new (name, length);
  r->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  r->want_warnings = diagnostics != NULL;
  r->scratch = g_string_sized_new (256);
  r->key = g_string_sized_new (64);
  r->item_bounds = g_array_new (FALSE, FALSE, sizeof (gsize));
  r->field_items = g_array_new (FALSE, FALSE, sizeof (guint));
  r->key_fields = g_hash_table_new (g_direct_hash, g_direct_equal);
}

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->document, pd_document_unref);
  g_clear_pointer (&r->diagnostics, g_ptr_array_unref);
  if (r->scratch != NULL)
    g_string_free (r->scratch, TRUE);
  if (r->key != NULL)
    g_string_free (r->key, TRUE);
  g_clear_pointer (&r->item_bounds, g_array_unref);
  g_clear_pointer (&r->field_items, g_array_unref);
  g_clear_pointer (&r->key_fields, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static guint
column_at (const Reader *r,
           const char   *p)
{
  /* The line is valid UTF-8 up to @p: either checked, or @p is where the
   * check stopped. */
  return (guint) g_utf8_strlen (r->line, p - r->line) + 1;
}

static void report (Reader *r, PdSeverity severity, guint line, guint column,
                    const char *format, ...) G_GNUC_PRINTF (5, 6);

static void
report (Reader     *r,
        PdSeverity  severity,
        guint       line,
        guint       column,
        const char *format,
        ...)
{
  if (r->gave_up || (severity == PD_SEVERITY_WARNING && !r->want_warnings))
    return;

  PdDiagnostic *diagnostic = g_new0 (PdDiagnostic, 1);
  va_list args;

  diagnostic->severity = severity;
  diagnostic->line = line;
  diagnostic->column = column;
  va_start (args, format);
  diagnostic->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (r->diagnostics, diagnostic);

  if (severity == PD_SEVERITY_ERROR && ++r->n_errors >= PD_DOCUMENT__MAX_ERRORS)
    r->gave_up = TRUE;
}

/* Shorthands: an error on the current line, at @at (or no column). */
#define error_at(r, at, ...) \
  report ((r), PD_SEVERITY_ERROR, (r)->line_no, (at) != NULL ? column_at ((r), (at)) : 0, __VA_ARGS__)
#define quote(p, end) pd_escape__visible ((p), (end) - (p))

/* Notes a line whose meaning is unknown: it may have been the key or the
 * group that later looks missing, so those checks are skipped. */
static void
lose_line (Reader *r)
{
  r->group.unreadable = TRUE;
  r->lost_lines = TRUE;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && is_blank (*p))
    p++;
  return p;
}

static const char *
trim_blanks_end (const char *start,
                 const char *end)
{
  while (end > start && is_blank (end[-1]))
    end--;
  return end;
}

/* ---- lines ------------------------------------------------------------- */

/* Rejects invalid UTF-8, NUL and control characters other than tab, so
 * the rest of the reader sees clean text. */
static gboolean
check_line_bytes (Reader     *r,
                  const char *end)
{
  const char *unusual = pd_escape__skip_plain (r->line, end);
  const char *bad = NULL;

  if (unusual == end)
    return TRUE;  /* printable ASCII: the common case */
  if (!g_utf8_validate (unusual, end - unusual, &bad))
    {
      if (*bad == '\0')
        error_at (r, bad, "unexpected NUL byte");
      else
        {
          g_autofree char *q = pd_escape__visible (bad, 1);
          error_at (r, bad, "invalid UTF-8 byte '%s'", q);
        }
      return FALSE;
    }
  /* Valid UTF-8 from here on: step over ASCII runs and whole characters. */
  for (const char *p = unusual; p < end; p = pd_escape__skip_plain (p, end))
    {
      guchar c = (guchar) *p;
      gsize len = 0;

      if ((c < 0x20 && c != '\t') || c == 0x7F)
        len = 1;
      else if (c == 0xC2 && (guchar) p[1] <= 0x9F)  /* C1: U+0080..U+009F */
        len = 2;
      if (len > 0)
        {
          g_autofree char *q = pd_escape__visible (p, len);
          error_at (r, p, "unexpected control character '%s'", q);
          return FALSE;
        }
      p = g_utf8_next_char (p);
    }
  return TRUE;
}

static gboolean
is_conflict_marker (const char *p,
                    const char *end)
{
  if (end - p < 7 || (*p != '<' && *p != '=' && *p != '>'))
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (p[i] != *p)
      return FALSE;
  return TRUE;
}

static void skip_group (Reader *r);
static void read_header (Reader *r, const char *p, const char *end);
static void read_key_line (Reader *r, const char *p, const char *end);

static void
read_line (Reader     *r,
           const char *end)
{
  if (!r->plain && !check_line_bytes (r, end))
    {
      r->seen_content = TRUE;
      /* An unreadable header still ends the group before it; otherwise
       * the keys after it would pile up there as duplicates. */
      const char *p = skip_blanks (r->line, end);
      if (p < end && *p == '[')
        skip_group (r);
      lose_line (r);
      return;
    }

  const char *p = skip_blanks (r->line, end);

  if (p == end || *p == '#')
    return;
  r->seen_content = TRUE;
  if (*p == ';')
    {
      /* GKeyFile-style ';' comments would silently be keys elsewhere. */
      error_at (r, p, "syntax error: lines cannot start with ';' (comments start with '#')");
      lose_line (r);
    }
  else if (is_conflict_marker (p, end))
    {
      error_at (r, p, "merge conflict marker");
      lose_line (r);
    }
  else if (*p == '[')
    read_header (r, p, end);
  else
    read_key_line (r, p, end);
}

/* ---- groups ------------------------------------------------------------ */

static gboolean
is_area_id (const char *p,
            gsize       len)
{
  if (len == 0 || !g_ascii_isalnum (p[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isalnum (p[i]) && p[i] != '.' && p[i] != '_' && p[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_programme_id (const char *p,
                 gsize       len)
{
  if (len == 0 || !(g_ascii_islower (p[0]) || g_ascii_isdigit (p[0])))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_islower (p[i]) && !g_ascii_isdigit (p[i])
        && p[i] != '.' && p[i] != '_' && p[i] != '-')
      return FALSE;
  return TRUE;
}

static guint *
group_key_fields (Reader *r)
{
  if (r->group.kind == GROUP_PROGRAMME)
    return r->document->key_field;
  return g_array_index (r->document->areas, PdArea, r->group.area_index).key_field;
}

/* Reports the required keys a finished group lacks, at its header line.
 * Skipped when a line of the group could not be read, since that line
 * may well have been the key. */
static void
end_group (Reader *r)
{
  if ((r->group.kind != GROUP_PROGRAMME && r->group.kind != GROUP_AREA)
      || !r->group.store || r->group.unreadable)
    return;

  gboolean programme = r->group.kind == GROUP_PROGRAMME;
  const KeySpec *specs = programme ? programme_keys : area_keys;
  guint n_specs = programme ? N_PROGRAMME_KEYS : N_AREA_KEYS;
  const guint *key_field = group_key_fields (r);

  for (guint i = 0; i < n_specs; i++)
    if (specs[i].required && key_field[i] == 0)
      {
        if (programme)
          report (r, PD_SEVERITY_ERROR, r->group.line, 0,
                  "missing required key '%s' in [Programme]", specs[i].name);
        else
          report (r, PD_SEVERITY_ERROR, r->group.line, 0,
                  "missing required key '%s' in [Area %s]", specs[i].name,
                  r->group.area_id);
      }
}

static void
start_programme (Reader     *r,
                 const char *at)
{
  PdDocument *document = r->document;

  r->group.kind = GROUP_PROGRAMME;
  if (document->line != 0)
    {
      error_at (r, at, "duplicate group '[Programme]', first at line %u", document->line);
      r->group.store = FALSE;
      return;
    }
  document->line = r->line_no;
  document->first_field = document->fields->len;
}

/* The areas by ID: an open-addressing table of area indexes (4 bytes a
 * slot, where a GHashTable takes 20), the IDs themselves in the areas. */
static guint
id_lookup (const PdDocument *document, const char *id, guint hash)
{
  if (document->id_slots == NULL)
    return 0;
  for (guint slot = hash & document->id_mask;; slot = (slot + 1) & document->id_mask)
    {
      guint32 found = document->id_slots[slot];
      if (found == 0)
        return 0;
      const PdArea *area = &g_array_index (document->areas, PdArea, found - 1);
      if (area->id_hash == hash && strcmp (area->id, id) == 0)
        return found;
    }
}

static void
id_place (guint32 *slots, guint mask, const PdDocument *document, guint32 value)
{
  guint slot = g_array_index (document->areas, PdArea, value - 1).id_hash & mask;

  while (slots[slot] != 0)
    slot = (slot + 1) & mask;
  slots[slot] = value;
}

/* Files the last area of @document under its ID, which is not there
 * and has the hash already set. */
static void
id_insert (PdDocument *document)
{
  guint n = document->areas->len;

  if (document->id_slots == NULL || (gsize) n * 2 > (gsize) document->id_mask + 1)
    {
      guint size = document->id_slots == NULL ? 16 : (document->id_mask + 1) * 2;
      guint32 *slots = g_new0 (guint32, size);
      for (guint32 k = 1; k < n; k++)
        id_place (slots, size - 1, document, k);
      g_free (document->id_slots);
      document->id_slots = slots;
      document->id_mask = size - 1;
    }
  id_place (document->id_slots, document->id_mask, document, n);
}

static void
start_area (Reader     *r,
            const char *at,
            const char *id,
            gsize       id_len)
{
  PdDocument *document = r->document;

  /* The ID is ended in place (at the ']' after it): the header is read
   * in full, and the document keeps its input. */
  char *in_place = r->data + (id - r->data);
  in_place[id_len] = '\0';

  /* Hashed once, for the lookup and for filing it. */
  guint hash = g_str_hash (in_place);
  guint found = id_lookup (document, in_place, hash);

  r->group.kind = GROUP_AREA;
  if (found != 0)
    {
      const PdArea *first = &g_array_index (document->areas, PdArea, found - 1);
      error_at (r, at, "duplicate group '[Area %s]', first at line %u", first->id, first->line);
      r->group.store = FALSE;
      r->group.area_id = first->id;
      return;
    }

  PdArea area = { 0 };

  area.id = in_place;
  area.id_hash = hash;
  area.first_field = document->fields->len;
  area.index = document->areas->len;
  area.line = r->line_no;
  g_array_append_val (document->areas, area);
  id_insert (document);
  r->group.area_index = area.index;
  r->group.area_id = area.id;
}

/* Checks the `[Area ID]` form: exactly "Area", one space, a valid ID. */
static gboolean
check_area_header (Reader     *r,
                   const char *open,
                   const char *name,
                   const char *close)
{
  const char *id = name + 5;

  if (close - name <= 4 || skip_blanks (name + 4, close) == close)
    {
      g_autofree char *q = quote (open, close + 1);
      error_at (r, name, "bad area ID: '%s' has no ID", q);
      return FALSE;
    }
  if (name[4] != ' ' || is_blank (name[5]))
    {
      error_at (r, name + 4, "bad area ID: put one space between 'Area' and the ID");
      return FALSE;
    }
  if (!is_area_id (id, close - id))
    {
      g_autofree char *q = quote (id, close);
      error_at (r, id, "bad area ID '%s': an ID is a letter or digit followed by "
                       "letters, digits, '.', '_' or '-'", q);
      return FALSE;
    }
  return TRUE;
}

/* Ends the current group and starts one whose keys are not kept: the
 * state after a rejected header, and the start for a good one. */
static void
skip_group (Reader *r)
{
  end_group (r);
  r->group = (Group) { .kind = GROUP_SKIPPED, .store = TRUE, .line = r->line_no,
                       .first_field = r->document->fields->len };
}

static void
read_group_name (Reader     *r,
                 const char *open,
                 const char *end)
{
  const char *name = open + 1;
  const char *close = memchr (name, ']', end - name);

  if (close == NULL)
    {
      error_at (r, open, "syntax error: missing ']' in group header");
      return;
    }

  const char *rest = skip_blanks (close + 1, end);

  if (rest < end)
    {
      g_autofree char *q = quote (rest, trim_blanks_end (rest, end));
      error_at (r, rest, "syntax error: unexpected '%s' after group header", q);
      return;
    }

  gsize len = close - name;

  if (len == 9 && memcmp (name, "Programme", 9) == 0)
    start_programme (r, open);
  else if (len >= 4 && memcmp (name, "Area", 4) == 0 && (len == 4 || is_blank (name[4])))
    {
      if (check_area_header (r, open, name, close))
        start_area (r, open, name + 5, close - (name + 5));
    }
  else
    {
      g_autofree char *q = quote (open, close + 1);
      error_at (r, open, "unknown group kind '%s': expected [Programme] or [Area ID]", q);
    }
}

static void
read_header (Reader     *r,
             const char *open,
             const char *end)
{
  skip_group (r);
  read_group_name (r, open, end);
  if (r->group.kind == GROUP_SKIPPED)
    r->lost_lines = TRUE;
}

/* ---- keys -------------------------------------------------------------- */

typedef struct
{
  const char *name;        /* the key as written, up to key_end */
  gsize name_len;          /* without the locale */
  const char *locale;      /* after '[', or NULL */
  gsize locale_len;
  const char *key_end;
  const char *value;       /* blanks trimmed on both sides */
  const char *value_end;
} KeyLine;

static gboolean
is_key_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

/* `ll`, `ll_CC`, `zh-Hant`, `sr@latin`: [A-Za-z]{2,3}([_-][A-Za-z0-9]+)*(@[A-Za-z0-9]+)? */
static gboolean
is_locale (const char *p,
           gsize       len)
{
  gsize i = 0;

  while (i < len && g_ascii_isalpha (p[i]))
    i++;
  if (i < 2 || i > 3)
    return FALSE;
  while (i < len && (p[i] == '_' || p[i] == '-' || p[i] == '@'))
    {
      gboolean at = p[i] == '@';
      gsize start = ++i;

      while (i < len && g_ascii_isalnum (p[i]))
        i++;
      if (i == start || (at && i < len))
        return FALSE;
    }
  return i == len;
}

gboolean
pd_locale_is_valid (const char *locale)
{
  g_return_val_if_fail (locale != NULL, FALSE);
  return is_locale (locale, strlen (locale));
}

/* Splits `NAME[LOCALE] = VALUE`; reports what does not fit. */
static gboolean
parse_key_syntax (Reader     *r,
                  const char *p,
                  const char *end,
                  KeyLine    *k)
{
  const char *eq = memchr (p, '=', end - p);

  /* Invisible, so say what it is: a second mark, or one from a file
   * pasted in. */
  if (end - p >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    {
      error_at (r, p, "unexpected byte order mark (U+FEFF): only the start of the file may "
                      "have one");
      return FALSE;
    }
  if (eq == NULL)
    {
      error_at (r, p, "syntax error: expected 'KEY=VALUE', a group header or a comment");
      return FALSE;
    }

  const char *q = p;

  while (is_key_char (*q))  /* stops at '=' at the latest */
    q++;
  *k = (KeyLine) { .name = p, .name_len = q - p };
  if (q == eq && q == p)
    {
      error_at (r, p, "syntax error: missing key name before '='");
      return FALSE;
    }
  if (*q == '[' && q > p)
    {
      const char *close = q + 1;

      while (close < eq && *close != ']')
        close++;
      if (close == eq)
        {
          error_at (r, q, "syntax error: missing ']' after locale");
          return FALSE;
        }
      k->locale = q + 1;
      k->locale_len = close - k->locale;
      q = close + 1;
    }
  k->key_end = q;
  q = skip_blanks (q, eq);
  if (q != eq)
    {
      g_autofree char *name = quote (p, trim_blanks_end (p, eq));
      if (k->locale == NULL)
        error_at (r, q, "syntax error: invalid key name '%s'", name);
      else
        error_at (r, q, "syntax error: expected '=' after the locale in '%s'", name);
      return FALSE;
    }
  k->value = skip_blanks (eq + 1, end);
  k->value_end = trim_blanks_end (k->value, end);
  return TRUE;
}

static int
find_key_spec (GroupKind   kind,
               const char *name,
               gsize       len)
{
  const KeySpec *specs = kind == GROUP_PROGRAMME ? programme_keys : area_keys;
  int n_specs = kind == GROUP_PROGRAMME ? N_PROGRAMME_KEYS : N_AREA_KEYS;

  for (int i = 0; i < n_specs; i++)
    if (strncmp (specs[i].name, name, len) == 0 && specs[i].name[len] == '\0')
      return i;
  return -1;
}

/* Returns the key as written, stored once per document whatever the
 * number of groups using it, so that equal keys are equal pointers. */
static const char *
intern_key (Reader        *r,
            const KeyLine *k,
            const KeySpec *spec)
{
  /* A known key without a locale is its spec's name: no copy, no hash. */
  if (spec != NULL && k->locale == NULL)
    return spec->name;

  g_string_truncate (r->key, 0);
  g_string_append_len (r->key, k->name, k->key_end - k->name);
  return g_string_chunk_insert_const (r->document->strings, r->key->str);
}

/* ---- values ------------------------------------------------------------ */

typedef enum
{
  VALUE_SCALAR,
  VALUE_LIST,
  VALUE_OPAQUE,    /* unknown and X- keys: `\;` is kept as written */
} ValueKind;

/* Appends the escape at *pp (a backslash) to r->scratch and moves past it. */
static gboolean
unescape_one (Reader      *r,
              const char **pp,
              const char  *end,
              ValueKind    kind)
{
  const char *p = *pp;

  r->escaped = TRUE;
  if (p + 1 == end)
    {
      error_at (r, p, "lone backslash at end of value");
      return FALSE;
    }
  switch (p[1])
    {
    case 's': g_string_append_c (r->scratch, ' '); break;
    case 'n': g_string_append_c (r->scratch, '\n'); break;
    case 't': g_string_append_c (r->scratch, '\t'); break;
    case '\\': g_string_append_c (r->scratch, '\\'); break;
    case ';':
      if (kind == VALUE_LIST)
        g_string_append_c (r->scratch, ';');
      else if (kind == VALUE_OPAQUE)
        g_string_append_len (r->scratch, "\\;", 2);
      else
        {
          error_at (r, p, "invalid escape '\\;' in a value that is not a list");
          return FALSE;
        }
      break;
    default:
      {
        g_autofree char *q = quote (p, g_utf8_next_char (p + 1));
        error_at (r, p, "invalid escape '%s'", q);
        return FALSE;
      }
    }
  *pp = p + 2;
  return TRUE;
}

static gboolean
unescape_scalar (Reader     *r,
                 const char *p,
                 const char *end,
                 ValueKind   kind)
{
  while (p < end)
    {
      const char *backslash = memchr (p, '\\', end - p);

      if (backslash == NULL)
        {
          g_string_append_len (r->scratch, p, end - p);
          break;
        }
      g_string_append_len (r->scratch, p, backslash - p);
      p = backslash;
      if (!unescape_one (r, &p, end, kind))
        return FALSE;
    }
  return TRUE;
}

/* Items go to r->scratch joined by "\n" (store_field() ends each with a
 * NUL instead), their bounds to r->item_bounds. Blanks around an item are dropped, but not blanks
 * written as escapes, hence `keep`: the end of the last character that
 * stays. One trailing ';' is allowed; any other empty item is an error. */
static gboolean
unescape_list (Reader     *r,
               const char *p,
               const char *end)
{
  while (p < end)
    {
      p = skip_blanks (p, end);
      if (r->item_bounds->len > 0)
        g_string_append_c (r->scratch, '\n');

      gsize start = r->scratch->len;
      gsize keep = start;

      while (p < end && *p != ';')
        {
          if (*p == '\\')
            {
              if (!unescape_one (r, &p, end, VALUE_LIST))
                return FALSE;
              keep = r->scratch->len;
              continue;
            }

          const char *run = p;
          const char *semicolon = memchr (p, ';', end - p);
          const char *stop = semicolon != NULL ? semicolon : end;
          const char *backslash = memchr (p, '\\', stop - p);

          p = backslash != NULL ? backslash : stop;
          g_string_append_len (r->scratch, run, p - run);

          const char *last = trim_blanks_end (run, p);

          if (last > run)
            keep = r->scratch->len - (p - last);
        }
      g_string_truncate (r->scratch, keep);
      if (keep == start)
        {
          /* The value is trimmed, so this is at a ';'. */
          error_at (r, p < end ? p : NULL, "empty list item");
          return FALSE;
        }

      gsize bounds[2] = { start, keep };

      g_array_append_vals (r->item_bounds, bounds, 2);
      if (p < end)
        p++;  /* the ';'; at the end of the value it was the trailing one */
    }
  return TRUE;
}

/* unescape_list() for a list with no escape: each item is moved left
 * over the separators and blanks before it, where it is, so the items
 * lie one after the other as the header promises, and the value stays
 * in the input (store_field() ends each item with a NUL). Items only
 * ever move left, onto bytes already read. */
static gboolean
split_list_in_place (Reader     *r,
                     const char *value,
                     const char *end)
{
  char *base = r->data + (value - r->data);
  char *dst = base;
  const char *p = value;
  gboolean ok = TRUE;

  while (p < end)
    {
      p = skip_blanks (p, end);

      const char *semicolon = p < end ? memchr (p, ';', (gsize) (end - p)) : NULL;
      const char *stop = semicolon != NULL ? semicolon : end;
      const char *last = trim_blanks_end (p, stop);

      if (last == p)
        {
          /* The value is trimmed, so this is at a ';'. What came before
           * it is stored all the same. */
          error_at (r, p < end ? p : NULL, "empty list item");
          ok = FALSE;
          break;
        }

      gsize length = (gsize) (last - p);
      if (dst != p)
        memmove (dst, p, length);

      gsize bounds[2] = { (gsize) (dst - base), (gsize) (dst - base) + length };

      g_array_append_vals (r->item_bounds, bounds, 2);
      dst += length + 1;
      /* After the last item, one ';' is allowed. */
      p = semicolon != NULL ? semicolon + 1 : end;
    }
  r->value = value;
  r->value_len = dst > base ? (gsize) (dst - base) - 1 : 0;
  return ok;
}

static gboolean
unescape_value (Reader        *r,
                const KeyLine *k,
                ValueKind      kind)
{
  g_string_truncate (r->scratch, 0);
  g_array_set_size (r->item_bounds, 0);
  r->escaped = FALSE;
  /* Most values are scalars without an escape: they are checked where
   * they are read, and stay there (store_field()), with no copy. */
  if (kind != VALUE_LIST
      && (r->plain || k->value == k->value_end
          || memchr (k->value, '\\', k->value_end - k->value) == NULL))
    {
      r->value = k->value;
      r->value_len = (gsize) (k->value_end - k->value);
      return TRUE;
    }
  if (r->plain)
    return split_list_in_place (r, k->value, k->value_end);
  gboolean ok = kind == VALUE_LIST ? unescape_list (r, k->value, k->value_end)
                                   : unescape_scalar (r, k->value, k->value_end, kind);
  /* Built in scratch; after a bad escape, what came before it. */
  r->value = r->scratch->str;
  r->value_len = r->scratch->len;
  return ok;
}

static gboolean
is_digits (const char *p,
           gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* ISO 8601 calendar date, possibly reduced: YYYY-MM-DD, YYYY-MM, YYYY. */
static gboolean
is_date (const char *v,
         gsize       len)
{
  if ((len != 4 && len != 7 && len != 10) || !is_digits (v, 4))
    return FALSE;

  guint year = (guint) g_ascii_strtoull (v, NULL, 10);
  guint month = 1;
  guint day = 1;

  if (len >= 7)
    {
      if (v[4] != '-' || !is_digits (v + 5, 2))
        return FALSE;
      month = (v[5] - '0') * 10 + (v[6] - '0');
    }
  if (len == 10)
    {
      if (v[7] != '-' || !is_digits (v + 8, 2))
        return FALSE;
      day = (v[8] - '0') * 10 + (v[9] - '0');
    }
  return year >= 1 && month >= 1 && month <= 12
         && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

/* Checks the current unescaped value against its key's rule. */
static gboolean
check_value (Reader        *r,
             const KeySpec *spec,
             const KeyLine *k)
{
  const char *v = r->value;
  gsize len = r->value_len;
  g_autofree char *q = NULL;

  switch (spec->check)
    {
    case CHECK_NONE:
      return TRUE;
    case CHECK_NON_EMPTY:
      if (len > 0)
        return TRUE;
      q = quote (k->name, k->key_end);
      error_at (r, k->value, "key '%s' must not be empty", q);
      return FALSE;
    case CHECK_PROGRAMME_ID:
      if (is_programme_id (v, len))
        return TRUE;
      q = pd_escape__visible (v, len);
      error_at (r, k->value, "bad programme ID '%s': an ID is a lower-case letter or digit "
                             "followed by lower-case letters, digits, '.', '_' or '-'", q);
      return FALSE;
    case CHECK_DATE:
      if (is_date (v, len))
        return TRUE;
      q = pd_escape__visible (v, len);
      error_at (r, k->value, "bad date '%s': expected a real date as YYYY-MM-DD, YYYY-MM or YYYY", q);
      return FALSE;
    case CHECK_SUPERSEDES:
      {
        const char *at = memchr (v, '@', len);
        if (at != NULL && is_programme_id (v, at - v) && at + 1 < v + len)
          return TRUE;
        q = pd_escape__visible (v, len);
        error_at (r, k->value, "bad Supersedes value '%s': expected 'ID@VERSION'", q);
        return FALSE;
      }
    default:
      g_assert_not_reached ();
    }
}

/* Adds the current unescaped value, read from [@value, @value_end) of
 * the input, as a field of the current group. */
static void
store_field (Reader     *r,
             const char *key,
             int         spec_index,
             gboolean    plain,
             gboolean    is_list,
             const char *value,
             const char *value_end)
{
  PdDocument *document = r->document;
  guint index = document->fields->len;
  guint items_start = 0;
  PdField field = { key, NULL, NULL, r->line_no };

  /* The value goes back where it was read, ended with a NUL, instead of
   * into a copy (a copy would double the document's size). Unescaping
   * and trimming items only ever shorten it, and the byte after it is a
   * blank, CR, LF or the input's closing NUL; nothing reads this line
   * again. A list's items are joined with "\n" in the scratch string,
   * or already moved together in the input (split_list_in_place());
   * in place each ends with a NUL instead, so the items need no copy
   * either, and the value is the first item. */
  char *in_place = r->data + (value - r->data);
  g_assert (r->value_len <= (gsize) (value_end - value));
  if (r->value != in_place)
    memcpy (in_place, r->value, r->value_len);
  in_place[r->value_len] = '\0';
  field.value = in_place;
  if (is_list)
    {
      /* Pointers into items are only taken once it stops growing. */
      items_start = document->items->len + 1;
      for (guint i = 0; i < r->item_bounds->len; i += 2)
        {
          gsize start = g_array_index (r->item_bounds, gsize, i);
          gsize stop = g_array_index (r->item_bounds, gsize, i + 1);
          in_place[stop] = '\0';
          g_ptr_array_add (document->items, in_place + start);
        }
      g_ptr_array_add (document->items, NULL);
    }
  g_array_append_val (document->fields, field);
  g_array_append_val (r->field_items, items_start);
  if (spec_index >= 0 && plain)
    group_key_fields (r)[spec_index] = index - r->group.first_field + 1;
  else
    g_hash_table_insert (r->key_fields, (gpointer) key, GUINT_TO_POINTER (index + 1));
  if (r->group.kind == GROUP_PROGRAMME)
    document->n_fields++;
  else
    g_array_index (document->areas, PdArea, r->group.area_index).n_fields++;
}

static gboolean
check_key (Reader        *r,
           const KeyLine *k,
           const KeySpec *spec)
{
  if (r->group.kind == GROUP_NONE)
    {
      g_autofree char *q = quote (k->name, k->key_end);
      error_at (r, k->name, "key '%s' before the first group header", q);
      return FALSE;
    }
  if (k->locale == NULL)
    return TRUE;
  if (k->locale_len == 0)
    {
      g_autofree char *q = quote (k->name, k->key_end);
      error_at (r, k->locale - 1, "empty locale in '%s'", q);
      return FALSE;
    }
  if (!is_locale (k->locale, k->locale_len))
    {
      g_autofree char *q = pd_escape__visible (k->locale, k->locale_len);
      error_at (r, k->locale, "invalid locale '%s': expected a tag such as 'ja', 'pt_BR' "
                              "or 'sr@latin'", q);
      return FALSE;
    }
  if (spec != NULL && !spec->localizable)
    {
      error_at (r, k->locale - 1, "key '%s' does not take a locale", spec->name);
      return FALSE;
    }
  return TRUE;
}

static void
read_key_line (Reader     *r,
               const char *p,
               const char *end)
{
  KeyLine k;

  if (!parse_key_syntax (r, p, end, &k))
    {
      lose_line (r);
      return;
    }

  gboolean known_group = r->group.kind == GROUP_PROGRAMME || r->group.kind == GROUP_AREA;
  int spec_index = known_group ? find_key_spec (r->group.kind, k.name, k.name_len) : -1;
  const KeySpec *spec = NULL;

  if (spec_index >= 0)
    spec = r->group.kind == GROUP_PROGRAMME ? &programme_keys[spec_index] : &area_keys[spec_index];
  if (!check_key (r, &k, spec) || r->group.kind == GROUP_SKIPPED)
    return;

  const char *key = intern_key (r, &k, spec);
  gboolean plain = spec != NULL && k.locale == NULL;
  guint previous;
  if (plain && r->group.store)
    {
      /* Known keys without a locale are counted per group already. */
      guint in_group = group_key_fields (r)[spec_index];
      previous = in_group > 0 ? r->group.first_field + in_group : 0;
    }
  else
    previous = GPOINTER_TO_UINT (g_hash_table_lookup (r->key_fields, key));

  /* Fields are appended group by group: an index past the group's first
   * field is a field of this group. */
  if (r->group.store && previous > r->group.first_field)
    {
      guint line = g_array_index (r->document->fields, PdField, previous - 1).line;
      g_autofree char *q = pd_escape__visible (key, -1);
      error_at (r, k.name, "duplicate key '%s', first at line %u", q, line);
      return;
    }

  ValueKind kind = spec == NULL ? VALUE_OPAQUE : spec->is_list ? VALUE_LIST : VALUE_SCALAR;
  gboolean ok = unescape_value (r, &k, kind);

  if (ok && spec != NULL)
    ok = check_value (r, spec, &k);
  if (ok && spec == NULL && !(k.name_len >= 2 && memcmp (k.name, "X-", 2) == 0))
    {
      g_autofree char *q = pd_escape__visible (key, -1);
      if (r->group.kind == GROUP_PROGRAMME)
        report (r, PD_SEVERITY_WARNING, r->line_no, 0, "unknown key '%s' in [Programme]", q);
      else
        report (r, PD_SEVERITY_WARNING, r->line_no, 0, "unknown key '%s' in [Area %s]", q,
                r->group.area_id);
    }
  /* Kept even when the value is bad, so that it still counts as present
   * and as the first of its name: one mistake, one message. */
  if (r->group.store)
    store_field (r, key, spec_index, k.locale == NULL, kind == VALUE_LIST, k.value, k.value_end);
}

/* ---- the whole document ------------------------------------------------ */

/* A byte order mark that is not UTF-8's: read on, the bytes would make
 * 50 errors about invalid UTF-8 and NUL bytes that do not say what is
 * wrong. Returns TRUE when the document was refused so. */
static gboolean
refuse_other_unicode (Reader     *r,
                      const char *data,
                      gsize       length)
{
  static const struct
  {
    const char *name;
    const char *bytes;
    gsize length;
    const char *shown;
  } marks[] = {
    /* UTF-32LE first: its mark starts with UTF-16LE's. */
    { "UTF-32LE", "\xFF\xFE\0\0", 4, "FF FE 00 00" },
    { "UTF-32BE", "\0\0\xFE\xFF", 4, "00 00 FE FF" },
    { "UTF-16LE", "\xFF\xFE", 2, "FF FE" },
    { "UTF-16BE", "\xFE\xFF", 2, "FE FF" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (length >= marks[i].length && memcmp (data, marks[i].bytes, marks[i].length) == 0)
      {
        r->seen_content = TRUE;
        report (r, PD_SEVERITY_ERROR, 1, 1,
                "the document is %s (it starts with the byte order mark %s); progdiff "
                "reads UTF-8 only: convert it, e.g. with 'iconv -f %s -t UTF-8'",
                marks[i].name, marks[i].shown, marks[i].name);
        return TRUE;
      }
  return FALSE;
}

/* Returns the end of the line at @p, its '\n' (or @end), and sets
 * *@plain when every byte before it is printable ASCII other than a
 * backslash: such a line needs neither check_line_bytes() nor any
 * unescaping. The newline is the first byte the scan stops at on a
 * plain line, so one pass does the work of three (the newline, unusual
 * bytes, backslashes). */
static const char *
find_line_end (const char *p,
               const char *end,
               gboolean   *plain)
{
  p = pd_escape__skip_plain_text (p, end);
  *plain = p == end || *p == '\n';
  if (*plain)
    return p;

  const char *newline = memchr (p, '\n', end - p);
  return newline != NULL ? newline : end;
}

static void
read_lines (Reader     *r,
            const char *data,
            gsize       length)
{
  const char *p = data;
  const char *end = data + length;

  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  else if (refuse_other_unicode (r, data, length))
    return;
  while (p < end && !r->gave_up)
    {
      const char *line_end = find_line_end (p, end, &r->plain);
      r->document->n_plain_lines += r->plain;
      const char *newline = line_end < end ? line_end : NULL;
      const char *eol = line_end;

      /* Only a CR right before the LF ends the line; any other is an error. */
      if (newline != NULL && eol > p && eol[-1] == '\r')
        eol--;
      r->line_no++;
      r->line = p;
      read_line (r, eol);
      p = newline != NULL ? newline + 1 : end;
    }
  if (r->gave_up)
    return;
  end_group (r);

  if (!r->seen_content)
    report (r, PD_SEVERITY_ERROR, 1, 0, "the document is empty");
  else if (!r->lost_lines)
    {
      /* A rejected header or unreadable line may have been meant as the
       * missing group. */
      if (r->document->line == 0)
        report (r, PD_SEVERITY_ERROR, 1, 0, "missing [Programme] group");
      if (r->document->areas->len == 0)
        report (r, PD_SEVERITY_ERROR, 1, 0,
                "no [Area ID] group: a programme needs at least one area");
    }
}

/* Turns the indexes kept while the arrays grew into pointers. */
static void
resolve_pointers (Reader *r)
{
  PdDocument *document = r->document;
  PdField *fields = (PdField *) (gpointer) document->fields->data;

  for (guint i = 0; i < document->fields->len; i++)
    {
      guint start = g_array_index (r->field_items, guint, i);
      if (start > 0)
        fields[i].items = (const char *const *) &document->items->pdata[start - 1];
    }
  for (guint i = 0; i < document->areas->len; i++)
    {
      PdArea *area = &g_array_index (document->areas, PdArea, i);
      area->fields = area->n_fields > 0 ? fields + area->first_field : NULL;
    }
}

static PdDocument *
finish (Reader     *r,
        const char *name,
        GPtrArray  *diagnostics,
        GError    **error)
{
  /* Required keys are checked when a group ends, after the lines inside
   * it; a stable sort puts everything back in line order. */
  g_ptr_array_sort (r->diagnostics, compare_diagnostics);
  if (r->gave_up)
    {
      PdDiagnostic *last = g_new0 (PdDiagnostic, 1);
      last->severity = PD_SEVERITY_ERROR;
      last->message = g_strdup ("too many errors, giving up");
      g_ptr_array_add (r->diagnostics, last);
    }

  if (r->n_errors > 0)
    {
      for (guint i = 0; i < r->diagnostics->len; i++)
        {
          const PdDiagnostic *d = g_ptr_array_index (r->diagnostics, i);
          if (d->severity == PD_SEVERITY_ERROR)
            {
              g_autofree char *text = pd_diagnostic_format (d, name);
              g_set_error_literal (error, PD_ERROR, PD_ERROR_INVALID_DOCUMENT, text);
              break;
            }
        }
    }
  else
    resolve_pointers (r);

  if (diagnostics != NULL)
    g_ptr_array_extend_and_steal (diagnostics, g_steal_pointer (&r->diagnostics));
  if (r->n_errors > 0)
    return NULL;
  return g_steal_pointer (&r->document);
}

static void
set_too_large (GError    **error,
               const char *name,
               gsize       max_size)
{
  g_autofree char *visible = pd_escape__visible (name, -1);
  const gsize mib = 1024 * 1024;

  if (max_size % mib == 0)
    g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE,
                 "%s: the document is larger than %" G_GSIZE_FORMAT " MiB",
                 visible, max_size / mib);
  else
    g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE,
                 "%s: the document is larger than %" G_GSIZE_FORMAT " bytes",
                 visible, max_size);
}

/* Reads @data (@length bytes and a NUL after them), which the document
 * takes and keeps: values are ended in place and point into it. */
static PdDocument *
load_owned (const char  *name,
            char        *data,
            gsize        length,
            GPtrArray   *diagnostics,
            GError     **error)
{
  g_auto(Reader) r = { 0 };

  reader_init (&r, name, length, diagnostics);
  r.document->data = data;
  r.data = data;
  read_lines (&r, data, length);
  return finish (&r, name, diagnostics, error);
}

PdDocument *
pd_document_load_data (const char  *name,
                       const char  *data,
                       gsize        length,
                       GPtrArray   *diagnostics,
                       GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Before anything else: @data is not even looked at. */
  if (length > PD_DOCUMENT_MAX_SIZE)
    {
      set_too_large (error, name, PD_DOCUMENT_MAX_SIZE);
      return NULL;
    }

  char *copy = g_malloc (length + 1);
  if (length > 0)
    memcpy (copy, data, length);
  copy[length] = '\0';
  return load_owned (name, copy, length, diagnostics, error);
}

/* ---- files ------------------------------------------------------------- */

static gboolean
set_file_error (GError    **error,
                const char *path,
                int         errsv)
{
  g_autofree char *visible = pd_escape__visible (path, -1);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
               "%s: %s", visible, g_strerror (errsv));
  return FALSE;
}

/* The read loop proper: grows @buf by doubling, never past @max_size + 1
 * bytes, which is enough to tell that the input is too large. */
static gboolean
read_fd (int          fd,
         const char  *path,
         gsize        max_size,
         gsize        size_hint,
         char       **data_out,
         gsize       *length_out,
         GError     **error)
{
  gsize cap = max_size + 1;
  gsize allocated = MIN (MAX (size_hint + 1, 64 * 1024), cap);
  g_autofree char *buf = g_malloc (allocated);
  gsize length = 0;

  for (;;)
    {
      if (length == allocated)
        {
          allocated = allocated > cap / 2 ? cap : allocated * 2;
          buf = g_realloc (buf, allocated);
        }

      gssize n = read (fd, buf + length, allocated - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_file_error (error, path, errno);
      if (n == 0)
        break;
      length += n;
      if (length > max_size)
        {
          set_too_large (error, path, max_size);
          return FALSE;
        }
    }

  if (length == allocated)
    buf = g_realloc (buf, length + 1);
  buf[length] = '\0';
  *data_out = g_steal_pointer (&buf);
  *length_out = length;
  return TRUE;
}

gboolean
pd_document__read_file (const char  *path,
                        gsize        max_size,
                        char       **data_out,
                        gsize       *length_out,
                        GError     **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

  if (fd < 0)
    return set_file_error (error, path, errno);

  struct stat st;
  gboolean ok = FALSE;

  if (fstat (fd, &st) < 0)
    set_file_error (error, path, errno);
  else if (S_ISDIR (st.st_mode))
    set_file_error (error, path, EISDIR);
  else if (S_ISREG (st.st_mode) && (guint64) st.st_size > max_size)
    set_too_large (error, path, max_size);
  else
    ok = read_fd (fd, path, max_size, S_ISREG (st.st_mode) ? (gsize) st.st_size : 0,
                  data_out, length_out, error);
  close (fd);
  return ok;
}

GBytes *
pd_document_read_file_bytes (const char  *path,
                             GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  char *data = NULL;
  gsize length = 0;

  if (!pd_document__read_file (path, PD_DOCUMENT_MAX_SIZE, &data, &length, error))
    return NULL;
  return g_bytes_new_take (data, length);
}

PdDocument *
pd_document_load_file (const char  *path,
                       GPtrArray   *diagnostics,
                       GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *data = NULL;
  gsize length = 0;

  if (!pd_document__read_file (path, PD_DOCUMENT_MAX_SIZE, &data, &length, error))
    return NULL;
  return load_owned (path, g_steal_pointer (&data), length, diagnostics, error);
}

PdDocument *
pd_document_load_fd (int          fd,
                     const char  *name,
                     GPtrArray   *diagnostics,
                     GError     **error)
{
  g_return_val_if_fail (fd >= 0 && name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autofree char *data = NULL;
  gsize length = 0;

  if (!read_fd (fd, name, PD_DOCUMENT_MAX_SIZE, 0, &data, &length, error))
    return NULL;
  return load_owned (name, g_steal_pointer (&data), length, diagnostics, error);
}

/* ---- getters ----------------------------------------------------------- */

const char *
pd_document_get_name (const PdDocument *document)
{
  g_return_val_if_fail (document != NULL, NULL);
  return document->name;
}

static const char *
programme_value (const PdDocument *document,
                 guint             key)
{
  g_return_val_if_fail (document != NULL, NULL);

  guint index = document->key_field[key];

  if (index == 0)
    return NULL;
  return g_array_index (document->fields, PdField, document->first_field + index - 1).value;
}

const char *
pd_document_get_id (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_ID);
}

const char *
pd_document_get_title (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_TITLE);
}

const char *
pd_document_get_short_title (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_SHORT_TITLE);
}

const char *
pd_document_get_version (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_VERSION);
}

const char *
pd_document_get_date (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_DATE);
}

const char *
pd_document_get_period (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_PERIOD);
}

const char *
pd_document_get_supersedes (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_SUPERSEDES);
}

const char *
pd_document_get_source (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_SOURCE);
}

const char *
pd_document_get_description (const PdDocument *document)
{
  return programme_value (document, PROGRAMME_DESCRIPTION);
}

/* Is @key exactly `NAME[LANG]`? */
static gboolean
is_localized_key (const char *key,
                  const char *name,
                  const char *lang)
{
  gsize name_len = strlen (name);
  gsize lang_len = strlen (lang);

  return strncmp (key, name, name_len) == 0 && key[name_len] == '['
         && strncmp (key + name_len + 1, lang, lang_len) == 0
         && key[name_len + 1 + lang_len] == ']' && key[name_len + 2 + lang_len] == '\0';
}

static const char *
find_localized (const PdField *fields,
                guint          n_fields,
                const char    *name,
                const char    *lang)
{
  for (guint i = 0; lang != NULL && i < n_fields; i++)
    if (is_localized_key (fields[i].key, name, lang))
      return fields[i].value;
  return NULL;
}

static const PdField *
programme_fields (const PdDocument *document)
{
  if (document->n_fields == 0)
    return NULL;
  return &g_array_index (document->fields, PdField, document->first_field);
}

const char *
pd_document_get_title_for_lang (const PdDocument *document,
                                const char       *lang)
{
  g_return_val_if_fail (document != NULL, NULL);

  const char *title = find_localized (programme_fields (document), document->n_fields,
                                      "Title", lang);

  return title != NULL ? title : pd_document_get_title (document);
}

guint
pd_document_get_n_fields (const PdDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  return document->n_fields;
}

const PdField *
pd_document_get_field (const PdDocument *document,
                       guint             index)
{
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (index < document->n_fields, NULL);
  return &programme_fields (document)[index];
}

static const PdField *
lookup_field (const PdField *fields,
              guint          n_fields,
              const char    *key)
{
  for (guint i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, key) == 0)
      return &fields[i];
  return NULL;
}

const PdField *
pd_document_lookup_field (const PdDocument *document,
                          const char       *key)
{
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return lookup_field (programme_fields (document), document->n_fields, key);
}

guint
pd_document_get_n_areas (const PdDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  return document->areas->len;
}

const PdArea *
pd_document_get_area (const PdDocument *document,
                      guint             index)
{
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (index < document->areas->len, NULL);
  return &g_array_index (document->areas, PdArea, index);
}

const PdArea *
pd_document_find_area (const PdDocument *document,
                       const char       *id)
{
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  guint index = id_lookup (document, id, g_str_hash (id));

  return index > 0 ? &g_array_index (document->areas, PdArea, index - 1) : NULL;
}

static const PdField *
area_field (const PdArea *area,
            guint         key)
{
  g_return_val_if_fail (area != NULL, NULL);

  guint index = area->key_field[key];

  return index > 0 ? &area->fields[index - 1] : NULL;
}

static const char *
area_value (const PdArea *area,
            guint         key)
{
  const PdField *field = area_field (area, key);

  return field != NULL ? field->value : NULL;
}

const char *
pd_area_get_id (const PdArea *area)
{
  g_return_val_if_fail (area != NULL, NULL);
  return area->id;
}

const char *
pd_area_get_title (const PdArea *area)
{
  return area_value (area, AREA_TITLE);
}

const char *
pd_area_get_category (const PdArea *area)
{
  return area_value (area, AREA_CATEGORY);
}

const char *
pd_area_get_summary (const PdArea *area)
{
  return area_value (area, AREA_SUMMARY);
}

const char *
pd_area_get_source (const PdArea *area)
{
  return area_value (area, AREA_SOURCE);
}

const char *const *
pd_area_get_objectives (const PdArea *area)
{
  const PdField *field = area_field (area, AREA_OBJECTIVES);

  return field != NULL ? field->items : empty_list;
}

const char *const *
pd_area_get_aliases (const PdArea *area)
{
  const PdField *field = area_field (area, AREA_ALIASES);

  return field != NULL ? field->items : empty_list;
}

const char *
pd_area_get_title_for_lang (const PdArea *area,
                            const char   *lang)
{
  g_return_val_if_fail (area != NULL, NULL);

  const char *title = find_localized (area->fields, area->n_fields, "Title", lang);

  return title != NULL ? title : pd_area_get_title (area);
}

guint
pd_document__get_n_plain_lines (const PdDocument *document)
{
  g_return_val_if_fail (document != NULL, 0);
  return document->n_plain_lines;
}

guint
pd_area_get_index (const PdArea *area)
{
  g_return_val_if_fail (area != NULL, 0);
  return area->index;
}

guint
pd_area_get_line (const PdArea *area)
{
  g_return_val_if_fail (area != NULL, 0);
  return area->line;
}

guint
pd_area_get_n_fields (const PdArea *area)
{
  g_return_val_if_fail (area != NULL, 0);
  return area->n_fields;
}

const PdField *
pd_area_get_field (const PdArea *area,
                   guint         index)
{
  g_return_val_if_fail (area != NULL, NULL);
  g_return_val_if_fail (index < area->n_fields, NULL);
  return &area->fields[index];
}

const PdField *
pd_area_lookup_field (const PdArea *area,
                      const char   *key)
{
  g_return_val_if_fail (area != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return lookup_field (area->fields, area->n_fields, key);
}
