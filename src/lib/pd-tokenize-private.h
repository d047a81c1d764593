/* pd-tokenize-private.h: split text into word-diff tokens (internal). */
#ifndef PD_TOKENIZE_PRIVATE_H
#define PD_TOKENIZE_PRIVATE_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PD_TOKEN_WORD,        /* letters and marks, with inner ' or - joining parts */
  PD_TOKEN_NUMBER,      /* digits, with inner . or , between digits */
  PD_TOKEN_PUNCT,       /* one punctuation or symbol character */
  PD_TOKEN_IDEOGRAPH,   /* one Han, Hiragana, Katakana or Hangul character */
  PD_TOKEN_SPACE,       /* a run of white space */
} PdTokenKind;

/* A token is a byte range of the text it was cut from. */
typedef struct
{
  guint32 start;
  guint32 length;
  PdTokenKind kind;
} PdToken;

/* Appends the tokens of @text (@length bytes of valid UTF-8) to @tokens,
 * a GArray of PdToken. Tokens cover the text exactly, in order. */
void pd_tokenize__split (const char *text,
                         gsize       length,
                         GArray     *tokens);

/* FNV-1a over a token's bytes: tokens are short, so a byte-at-a-time
 * hash is enough. The word diff's interner and the matcher's word table
 * both hash with it; the step is there for a caller that hashes bytes as
 * it produces them. */
#define PD_TOKEN_HASH_INIT 2166136261u

static inline guint32
pd_tokenize__hash_step (guint32 hash,
                        guchar  byte)
{
  return (hash ^ byte) * 16777619u;
}

static inline guint32
pd_tokenize__hash (const char *bytes,
                   gsize       length)
{
  guint32 hash = PD_TOKEN_HASH_INIT;

  for (gsize i = 0; i < length; i++)
    hash = pd_tokenize__hash_step (hash, (guchar) bytes[i]);
  return hash;
}

/* Writes the tokens of @text to @tokens, at most @capacity of them, and
 * returns how many; *@consumed is set to the bytes they cover (all of
 * @text unless @capacity ran out: go on from there). */
guint pd_tokenize__split_into (const char *text,
                               gsize       length,
                               PdToken    *tokens,
                               guint       capacity,
                               gsize      *consumed);

/* The length of the longest common head of @a and @b that ends on a token
 * boundary of both, after which both texts tokenize as they would whole:
 * the tokens of that head are the same in both texts, so a diff can skip
 * them without tokenizing them. 0 when there is none. */
gsize pd_tokenize__common_head (const char *a,
                                gsize       a_length,
                                const char *b,
                                gsize       b_length);

/* The same for a common tail: the tokens of the last @return bytes of
 * each text are the same, and tokenizing each text without them gives
 * the tokens before them. */
gsize pd_tokenize__common_tail (const char *a,
                                gsize       a_length,
                                const char *b,
                                gsize       b_length);

G_END_DECLS

#endif /* PD_TOKENIZE_PRIVATE_H */
