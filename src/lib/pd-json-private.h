/* pd-json-private.h: a streaming JSON writer (internal).
 *
 * Reports are written straight into the output buffer instead of being
 * built as a json-glib tree and generated: the tree, its text and the
 * copy of that text were two thirds of a JSON diff's time and most of
 * its memory (docs/performance.md). The layout is json-glib's pretty
 * printer's with an indent of 2, byte for byte, so readers see no
 * change; the escaping is strict RFC 8259, which json-glib 1.6.6's is
 * not (shared notes J1: it leaves U+001F raw). Tests parse every report
 * with json-glib and compare it with json-glib's own rendering.
 */
#ifndef PD_JSON_PRIVATE_H
#define PD_JSON_PRIVATE_H

#include <glib.h>

G_BEGIN_DECLS

#define PD_JSON_MAX_DEPTH 32

typedef struct
{
  GString *out;
  guint base;                          /* the depth given to pd_json_init() */
  guint depth;
  gboolean after_member;               /* a member name waits for its value */
  guint n_children[PD_JSON_MAX_DEPTH]; /* values written in each open container */
  gboolean is_object[PD_JSON_MAX_DEPTH];
} PdJson;

/* Starts writing into @out. @depth > 0 writes a value that will stand
 * that deep inside an enclosing document (indented as such; the caller
 * writes the separators around it). */
void pd_json_init (PdJson *json, GString *out, guint depth);

/* Starts writing element @index of an array that stands @depth - 1 deep
 * in an enclosing document: the element's separator and indentation
 * come first, as that document's writer would put them (see
 * pd_json_count_raw()). */
void pd_json_init_element (PdJson *json, GString *out, guint depth, guint index);

void pd_json_begin_object (PdJson *json);
void pd_json_end_object   (PdJson *json);
void pd_json_begin_array  (PdJson *json);
void pd_json_end_array    (PdJson *json);

/* The name of the next member of the open object. */
void pd_json_member (PdJson *json, const char *name);

/* Values: in an array, or after pd_json_member(). A NULL string is null;
 * invalid UTF-8 is replaced with U+FFFD as g_utf8_make_valid() does. */
void pd_json_string (PdJson *json, const char *value);
/* @length bytes of @value, which need not be NUL-terminated. */
void pd_json_string_len (PdJson *json, const char *value, gsize length);
void pd_json_int    (PdJson *json, gint64 value);
void pd_json_bool   (PdJson *json, gboolean value);
void pd_json_null   (PdJson *json);

/* A value written beforehand by a writer initialised at this depth. */
void pd_json_raw (PdJson *json, const char *text);
/* The same, for a value the caller appends to the output itself right
 * after this call: only its separator and indentation are written. */
void pd_json_begin_raw (PdJson *json);

/* Counts @n values the caller wrote into the open array itself (each
 * after ",\n" or, first, "\n", and the array's indentation), so that
 * the array closes as it would have after writing them here. */
void pd_json_count_raw (PdJson *json, guint n);

/* Member and value in one call. */
void pd_json_member_string (PdJson *json, const char *name, const char *value);
void pd_json_member_string_len (PdJson *json, const char *name, const char *value,
                                gsize length);
void pd_json_member_int    (PdJson *json, const char *name, gint64 value);

/* Appends @value as a JSON string literal, quotes included. */
void pd_json_append_string (GString *out, const char *value);
void pd_json_append_string_len (GString *out, const char *value, gsize length);

G_END_DECLS

#endif /* PD_JSON_PRIVATE_H */
