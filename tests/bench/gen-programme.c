/* gen-programme.c: deterministic generator of programme documents for
 * the benchmark (issue 5).
 *
 *   gen-programme [OPTION…] OLD NEW
 *       writes a pair of versions of one programme: N areas with titles,
 *       a category, ~100-word summaries and objectives; then the new
 *       version with an edit mix applied (reworded, renamed, added,
 *       removed, moved areas, as exact counts of N).
 *   gen-programme --history [OPTION…]
 *       writes to standard output a `git fast-import` stream: a
 *       repository where one document changes in a fraction of the
 *       commits and other files change in the rest.
 *
 * Everything comes from one seeded generator (splitmix64), never from the
 * clock or GLib's random functions, so the same options give the same
 * bytes on every machine. Words are drawn from a fixed vocabulary with a
 * Zipf distribution: common function words first, then policy words, then
 * made-up but pronounceable words up to the vocabulary size.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* ---- random numbers ---------------------------------------------------- */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
rng_init (Rng *rng, guint64 seed, guint64 stream)
{
  rng->state = seed * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D) + stream;
  rng_next (rng);
}

/* Uniform in [0, 1). */
static double
rng_double (Rng *rng)
{
  return (double) (rng_next (rng) >> 11) / 9007199254740992.0;
}

/* Uniform in [lo, hi]. */
static guint
rng_range (Rng *rng, guint lo, guint hi)
{
  return lo + (guint) (rng_next (rng) % ((guint64) hi - lo + 1));
}

static gboolean
rng_chance (Rng *rng, double p)
{
  return rng_double (rng) < p;
}

/* ---- vocabulary -------------------------------------------------------- */

/* Ranked roughly by how often they appear in programme texts. */
static const char *const common_words[] = {
  "the", "of", "and", "to", "in", "on", "for", "with", "a", "as", "by",
  "including", "through", "between", "its", "their", "at", "from", "this",
  "will", "both", "such", "other", "into", "more", "also", "where", "which",
  "be", "is", "are", "an", "or", "each", "all", "new", "further", "joint",
};

static const char *const policy_words[] = {
  "cooperation", "security", "partners", "dialogue", "exchange", "support",
  "information", "training", "capacity", "defence", "practical", "regional",
  "development", "cyber", "maritime", "activities", "experts", "resilience",
  "operations", "exercises", "interoperability", "policy", "crisis",
  "management", "science", "technology", "research", "strategic",
  "communications", "awareness", "threats", "challenges", "stability",
  "response", "humanitarian", "assistance", "disaster", "relief", "civil",
  "emergency", "planning", "consultations", "staff", "visits", "education",
  "courses", "centres", "excellence", "standards", "capabilities",
  "logistics", "medical", "energy", "climate", "environment", "space",
  "satellite", "navigation", "terrorism", "counter", "proliferation",
  "weapons", "mass", "destruction", "arms", "control", "disarmament",
  "non-proliferation", "women", "peace", "human", "rights", "values",
  "democracy", "rule", "law", "public", "diplomacy", "outreach", "media",
  "networks", "data", "sharing", "analysis", "assessment", "lessons",
  "learned", "best", "practices", "officials", "ministries", "agencies",
  "institutions", "industry", "academia", "innovation", "emerging",
  "disruptive", "artificial", "intelligence", "autonomy", "quantum",
  "biotechnology", "materials", "hypersonic", "systems", "platforms",
  "protection", "critical", "infrastructure", "supply", "chains",
  "hybrid", "disinformation", "foreign", "interference", "election",
  "integrity", "coast", "guard", "naval", "forces", "air", "land",
  "missile", "defence-related", "equipment", "procurement", "acquisition",
  "maintenance", "sustainment", "interoperable", "procedures", "doctrine",
  "concepts", "lessons-learned", "evaluation", "certification", "pooling",
  "sharing-based", "multinational", "projects", "trust", "funds",
  "contributions", "missions", "peacekeeping", "stabilisation",
  "reconstruction", "mine", "clearance", "explosive", "ordnance",
  "disposal", "demining", "small", "light", "border", "migration",
  "trafficking", "smuggling", "piracy", "sea", "lanes", "freedom",
  "navigation-related", "ports", "shipping", "Arctic", "Indo-Pacific",
  "Euro-Atlantic", "Alliance", "Allies", "partnership", "programme",
  "priorities", "objectives", "mechanisms", "framework", "agreement",
  "memorandum", "understanding", "secretariat", "liaison", "office",
  "representatives", "delegation", "summit", "ministerial", "meetings",
  "workshops", "seminars", "conferences", "roundtables", "symposia",
  "fellowships", "internships", "scholarships", "youth", "gender",
  "perspectives", "mainstreaming", "inclusion", "protection-related",
  "civilians", "children", "armed", "conflict", "sexual", "violence",
  "accountability", "transparency", "governance", "reform", "building",
  "integrity-building", "anti-corruption", "budget", "resources",
  "personnel", "recruitment", "retention", "veterans", "health",
  "pandemic", "preparedness", "biological", "chemical", "radiological",
  "nuclear", "detection", "decontamination", "forensics", "attribution",
  "deterrence", "posture", "readiness", "mobility", "reinforcement",
  "command", "structure", "headquarters", "nations", "framework-nation",
  "coalition", "coherence", "complementarity", "synergies", "duplication",
  "unnecessary", "effective", "efficient", "sustainable", "long-term",
  "short-term", "annual", "biennial", "regular", "ad", "hoc", "tailored",
  "individual", "bilateral", "multilateral", "trilateral", "regional-level",
  "national", "international", "global", "local", "community", "society",
  "citizens", "private", "sector", "companies", "start-ups", "investors",
  "standardisation", "codification", "testing", "validation", "trials",
  "demonstrations", "prototypes", "modelling", "simulation", "wargaming",
  "scenarios", "foresight", "horizon", "scanning", "indicators", "warning",
  "situational", "picture", "fusion", "centre", "analysts", "imagery",
  "geospatial", "meteorology", "oceanography", "hydrography", "charts",
  "underwater", "seabed", "cables", "pipelines", "offshore", "wind",
  "grids", "fuel", "efficiency", "renewable", "transition", "emissions",
  "adaptation", "mitigation", "extreme", "weather", "wildfires", "floods",
  "earthquakes", "tsunamis", "typhoons", "evacuation", "shelters",
  "coordination", "cell", "task", "force", "working", "group", "panel",
  "committee", "council", "board", "steering", "review", "progress",
  "report", "roadmap", "action", "plan", "implementation", "monitoring",
  "milestones", "deliverables", "outcomes", "results", "impact", "metrics",
};

#define VOCABULARY_SIZE 6000
#define ZIPF_EXPONENT 1.0

typedef struct
{
  GPtrArray *words;     /* char *, by rank */
  double *cdf;          /* cumulative Zipf weights */
  guint n_common;       /* ranks below this are function words */
} Vocabulary;

static const char *const onsets[] = {
  "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v",
  "br", "cr", "dr", "fr", "gr", "pr", "tr", "st", "sp", "pl", "cl", "sh",
  "ch", "th", "str",
};
static const char *const nuclei[] = {
  "a", "e", "i", "o", "u", "ea", "io", "ia", "ou", "ai", "ee",
};
static const char *const codas[] = {
  "", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "rt", "ct",
};
static const char *const suffixes[] = {
  "", "", "", "ation", "ment", "ity", "ive", "al", "ing", "ance", "ure",
  "ship", "ism", "ian", "ology", "ous",
};

static void
vocabulary_init (Vocabulary *v, guint size)
{
  /* Its own stream, so the vocabulary is the same whatever the seed. */
  Rng rng;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  rng_init (&rng, 0x766f636162ULL, 0);
  v->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    g_ptr_array_add (v->words, g_strdup (common_words[i]));
  v->n_common = v->words->len;
  for (guint i = 0; i < v->words->len; i++)
    g_hash_table_add (seen, v->words->pdata[i]);
  for (guint i = 0; i < G_N_ELEMENTS (policy_words) && v->words->len < size; i++)
    if (!g_hash_table_contains (seen, policy_words[i]))
      {
        char *word = g_strdup (policy_words[i]);
        g_ptr_array_add (v->words, word);
        g_hash_table_add (seen, word);
      }
  while (v->words->len < size)
    {
      GString *w = g_string_new (NULL);
      guint syllables = rng_chance (&rng, 0.35) ? 1 : 2;
      for (guint s = 0; s < syllables; s++)
        {
          g_string_append (w, onsets[rng_next (&rng) % G_N_ELEMENTS (onsets)]);
          g_string_append (w, nuclei[rng_next (&rng) % G_N_ELEMENTS (nuclei)]);
          if (s + 1 == syllables || rng_chance (&rng, 0.2))
            g_string_append (w, codas[rng_next (&rng) % G_N_ELEMENTS (codas)]);
        }
      if (rng_chance (&rng, 0.4))
        g_string_append (w, suffixes[rng_next (&rng) % G_N_ELEMENTS (suffixes)]);
      if (w->len < 4)
        {
          g_string_free (w, TRUE);
          continue;
        }
      if (g_hash_table_contains (seen, w->str))
        {
          g_string_free (w, TRUE);
          continue;
        }
      char *word = g_string_free (w, FALSE);
      g_ptr_array_add (v->words, word);
      g_hash_table_add (seen, word);
    }

  v->cdf = g_new (double, v->words->len);
  double total = 0;
  for (guint r = 0; r < v->words->len; r++)
    v->cdf[r] = total += 1.0 / pow (r + 1.0, ZIPF_EXPONENT);
  for (guint r = 0; r < v->words->len; r++)
    v->cdf[r] /= total;
}

static void
vocabulary_clear (Vocabulary *v)
{
  g_ptr_array_unref (v->words);
  g_free (v->cdf);
}

/* A word by Zipf rank, at rank @min_rank or above. */
static const char *
zipf_word (const Vocabulary *v, Rng *rng, guint min_rank)
{
  for (;;)
    {
      double u = rng_double (rng);
      guint lo = 0, hi = v->words->len - 1;
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;
          if (v->cdf[mid] < u)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo >= min_rank)
        return v->words->pdata[lo];
    }
}

/* A content word: no function words. */
static const char *
content_word (const Vocabulary *v, Rng *rng)
{
  return zipf_word (v, rng, v->n_common);
}

/* ---- areas ------------------------------------------------------------- */

static const char *const categories[] = {
  "New security challenges", "Traditional security challenges",
  "Expanding cooperation activities", "Promoting fundamental values",
  "Capacity building", "Science and technology", "Crisis management",
  "Resilience", "Public diplomacy", "Defence reform",
};

/* A few titles in Japanese, so the reader's and tokenizer's non-ASCII
 * paths are exercised as in the real NATO–Japan documents. */
static const char *const japanese_titles[] = {
  "サイバー防衛", "宇宙", "海洋安全保障", "人道支援・災害救援", "科学技術",
  "気候変動と安全保障", "女性・平和・安全保障", "軍備管理", "テロ対策", "広報外交",
};

typedef struct
{
  char *id;
  char *title;
  char *title_ja;            /* or NULL */
  const char *category;
  GPtrArray *summary;        /* char *: words, punctuation attached */
  GPtrArray *objectives;     /* char * */
} Area;

typedef struct
{
  Vocabulary vocabulary;
  Rng rng;
  guint next_serial;
} Generator;

static void
area_free (Area *area)
{
  g_free (area->id);
  g_free (area->title);
  g_free (area->title_ja);
  g_ptr_array_unref (area->summary);
  g_ptr_array_unref (area->objectives);
  g_free (area);
}

static char *
capitalised (const char *word)
{
  char *copy = g_strdup (word);
  copy[0] = g_ascii_toupper (copy[0]);
  return copy;
}

static char *
make_title (Generator *g)
{
  GString *title = g_string_new (NULL);
  guint n = rng_range (&g->rng, 2, 4);

  for (guint i = 0; i < n; i++)
    {
      const char *w = content_word (&g->vocabulary, &g->rng);
      if (i == 0)
        {
          g_autofree char *cap = capitalised (w);
          g_string_append (title, cap);
        }
      else
        {
          g_string_append_c (title, ' ');
          g_string_append (title, w);
        }
    }
  return g_string_free (title, FALSE);
}

/* An ID from the title's words and a serial, unique in every version. */
static char *
make_id (Generator *g, const char *title)
{
  GString *id = g_string_new (NULL);
  guint words = 0;

  for (const char *p = title; *p != '\0' && words < 3; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (*p == ' ')
        {
          if (++words < 3)
            g_string_append_c (id, '-');
        }
      else if (*p == '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  g_string_append_printf (id, "-%u", g->next_serial++);
  return g_string_free (id, FALSE);
}

/* A number as programmes write them: "2025", "1,500", "3.5", "40". */
static char *
make_number (Rng *rng)
{
  switch (rng_range (rng, 0, 3))
    {
    case 0: return g_strdup_printf ("%u", rng_range (rng, 2000, 2035));
    case 1: return g_strdup_printf ("%u,%03u", rng_range (rng, 1, 99), rng_range (rng, 0, 999));
    case 2: return g_strdup_printf ("%u.%u", rng_range (rng, 1, 9), rng_range (rng, 1, 9));
    default: return g_strdup_printf ("%u", rng_range (rng, 2, 99));
    }
}

/* A sentence's words, appended to @words: capitalised, commas now and
 * then, a full stop at the end, sometimes a paragraph break after. */
static void
add_sentence (Generator *g, GPtrArray *words, guint length, gboolean paragraph_after)
{
  for (guint i = 0; i < length; i++)
    {
      char *w = rng_chance (&g->rng, 0.02) ? make_number (&g->rng)
                                           : g_strdup (zipf_word (&g->vocabulary, &g->rng, 0));
      if (i == 0)
        {
          char *cap = capitalised (w);
          g_free (w);
          w = cap;
        }
      if (i + 1 == length)
        {
          char *end = g_strconcat (w, paragraph_after ? ".\\n" : ".", NULL);
          g_free (w);
          w = end;
        }
      else if (i > 1 && rng_chance (&g->rng, 0.06))
        {
          char *comma = g_strconcat (w, ",", NULL);
          g_free (w);
          w = comma;
        }
      g_ptr_array_add (words, w);
    }
}

static GPtrArray *
make_summary (Generator *g)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  guint target = rng_range (&g->rng, 85, 115);

  while (words->len < target)
    {
      guint length = MIN (rng_range (&g->rng, 8, 22), MAX (target - words->len, 4));
      gboolean last = words->len + length >= target;
      add_sentence (g, words, length, !last && rng_chance (&g->rng, 0.1));
    }
  return words;
}

static char *
make_objective (Generator *g)
{
  GString *o = g_string_new (NULL);
  guint n = rng_range (&g->rng, 4, 10);

  for (guint i = 0; i < n; i++)
    {
      const char *w = i == 0 ? content_word (&g->vocabulary, &g->rng)
                             : zipf_word (&g->vocabulary, &g->rng, 0);
      if (i == 0)
        {
          g_autofree char *cap = capitalised (w);
          g_string_append (o, cap);
        }
      else
        {
          g_string_append_c (o, ' ');
          g_string_append (o, w);
        }
    }
  return g_string_free (o, FALSE);
}

static Area *
area_new (Generator *g)
{
  Area *area = g_new0 (Area, 1);

  area->title = make_title (g);
  area->id = make_id (g, area->title);
  if (rng_chance (&g->rng, 0.05))
    area->title_ja = g_strdup (japanese_titles[rng_next (&g->rng) % G_N_ELEMENTS (japanese_titles)]);
  area->category = categories[rng_next (&g->rng) % G_N_ELEMENTS (categories)];
  area->summary = make_summary (g);
  area->objectives = g_ptr_array_new_with_free_func (g_free);
  for (guint n = rng_range (&g->rng, 2, 5), i = 0; i < n; i++)
    g_ptr_array_add (area->objectives, make_objective (g));
  return area;
}

static GPtrArray *
copy_words (GPtrArray *words)
{
  GPtrArray *copy = g_ptr_array_new_full (words->len, g_free);

  for (guint i = 0; i < words->len; i++)
    g_ptr_array_add (copy, g_strdup (words->pdata[i]));
  return copy;
}

static Area *
area_copy (const Area *area)
{
  Area *copy = g_new0 (Area, 1);

  copy->id = g_strdup (area->id);
  copy->title = g_strdup (area->title);
  copy->title_ja = g_strdup (area->title_ja);
  copy->category = area->category;
  copy->summary = copy_words (area->summary);
  copy->objectives = copy_words (area->objectives);
  return copy;
}

/* Keeps what follows the word itself: ",", "." or ".\n". */
static const char *
word_tail (const char *word)
{
  const char *p = word;
  while (*p != '\0' && *p != ',' && *p != '.')
    p++;
  /* "3.5" and "1,500" are numbers, not words with punctuation. */
  while ((*p == '.' || *p == ',') && g_ascii_isdigit (p[1]))
    {
      p++;
      while (*p != '\0' && *p != ',' && *p != '.')
        p++;
    }
  return p;
}

/* A few words changed in the summary: mostly substitutions, sometimes an
 * inserted or deleted word; now and then an objective reworded too. */
static void
reword (Generator *g, Area *area)
{
  guint edits = rng_range (&g->rng, 1, 4);

  for (guint e = 0; e < edits; e++)
    {
      guint at = rng_range (&g->rng, 1, area->summary->len - 1);
      double kind = rng_double (&g->rng);
      const char *w = content_word (&g->vocabulary, &g->rng);

      if (kind < 0.7)
        {
          const char *old = area->summary->pdata[at];
          char *replaced = g_strconcat (w, word_tail (old), NULL);
          g_free (area->summary->pdata[at]);
          area->summary->pdata[at] = replaced;
        }
      else if (kind < 0.85)
        g_ptr_array_insert (area->summary, at, g_strdup (w));
      else if (area->summary->len > 20 && *word_tail (area->summary->pdata[at]) == '\0')
        g_ptr_array_remove_index (area->summary, at);
    }
  if (rng_chance (&g->rng, 0.3) && area->objectives->len > 0)
    {
      guint k = rng_range (&g->rng, 0, area->objectives->len - 1);
      char *o = area->objectives->pdata[k];
      const char *w = content_word (&g->vocabulary, &g->rng);
      char *edited = g_strconcat (o, " ", w, NULL);
      g_free (o);
      area->objectives->pdata[k] = edited;
    }
}

/* A new title that keeps most of the old one's words, and a new ID. */
static void
rename_area (Generator *g, Area *area)
{
  g_auto(GStrv) words = g_strsplit (area->title, " ", -1);
  guint n = g_strv_length (words);
  guint at = rng_range (&g->rng, n > 2 ? 1 : 0, n - 1);
  const char *w;

  do
    w = content_word (&g->vocabulary, &g->rng);
  while (g_ascii_strcasecmp (w, words[at]) == 0);
  g_free (words[at]);
  words[at] = at == 0 ? capitalised (w) : g_strdup (w);
  g_free (area->title);
  area->title = g_strjoinv (" ", words);
  g_free (area->id);
  area->id = make_id (g, area->title);
}

/* ---- writing ----------------------------------------------------------- */

static void
append_area (GString *out, const Area *area)
{
  g_string_append_printf (out, "\n[Area %s]\nTitle=%s\n", area->id, area->title);
  if (area->title_ja != NULL)
    g_string_append_printf (out, "Title[ja]=%s\n", area->title_ja);
  g_string_append_printf (out, "Category=%s\nSummary=", area->category);
  for (guint i = 0; i < area->summary->len; i++)
    {
      const char *w = area->summary->pdata[i];
      g_string_append (out, w);
      /* No space after a paragraph break: "\n" starts the next line. */
      if (i + 1 < area->summary->len && !g_str_has_suffix (w, "\\n"))
        g_string_append_c (out, ' ');
    }
  g_string_append (out, "\nObjectives=");
  for (guint i = 0; i < area->objectives->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ';');
      g_string_append (out, area->objectives->pdata[i]);
    }
  g_string_append_c (out, '\n');
}

static void
append_document (GString *out, GPtrArray *areas, guint version, const char *date,
                 guint64 seed)
{
  g_string_append_printf (out,
                          "# Generated by tests/bench/gen-programme (seed %" G_GUINT64_FORMAT
                          "), not a real programme.\n"
                          "[Programme]\nId=bench-programme\n"
                          "Title=Benchmark cooperation programme\n"
                          "ShortTitle=Bench\nVersion=%u\nDate=%s\n",
                          seed, version, date);
  if (version > 1)
    g_string_append_printf (out, "Supersedes=bench-programme@%u\n", version - 1);
  for (guint i = 0; i < areas->len; i++)
    append_area (out, areas->pdata[i]);
}

static gboolean
write_file (const char *path, const GString *text)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text->str, (gssize) text->len, &error))
    {
      g_printerr ("gen-programme: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- a pair of versions ------------------------------------------------ */

typedef struct
{
  guint areas;
  guint64 seed;
  double reworded, renamed, added, removed, moved;
} PairOptions;

typedef struct
{
  double key;
  guint seq;
  Area *area;
} Placed;

static int
compare_placed (gconstpointer a, gconstpointer b)
{
  const Placed *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static guint
count_of (double fraction, guint n)
{
  return (guint) (fraction * n + 0.5);
}

static int
generate_pair (const PairOptions *o, const char *old_path, const char *new_path)
{
  Generator g = { 0 };
  vocabulary_init (&g.vocabulary, VOCABULARY_SIZE);
  rng_init (&g.rng, o->seed, 1);

  g_autoptr(GPtrArray) old_areas = g_ptr_array_new_with_free_func ((GDestroyNotify) area_free);
  for (guint i = 0; i < o->areas; i++)
    g_ptr_array_add (old_areas, area_new (&g));

  /* Exact counts, drawn over a shuffled order of the old areas. */
  guint n = o->areas;
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = (guint) (rng_next (&g.rng) % i);
      guint t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
  guint n_removed = count_of (o->removed, n), n_renamed = count_of (o->renamed, n);
  guint n_reworded = count_of (o->reworded, n), n_moved = count_of (o->moved, n);
  guint n_added = count_of (o->added, n);
  if (n_removed + n_renamed + n_reworded + n_moved > n)
    {
      g_printerr ("gen-programme: the edit fractions add up to more than 1\n");
      return 2;
    }
  enum { KEEP, REMOVE, RENAME, REWORD, MOVE };
  g_autofree guint8 *fate = g_new0 (guint8, MAX (n, 1));
  guint k = 0;
  for (guint c = 0; c < n_removed; c++)
    fate[order[k++]] = REMOVE;
  for (guint c = 0; c < n_renamed; c++)
    fate[order[k++]] = RENAME;
  for (guint c = 0; c < n_reworded; c++)
    fate[order[k++]] = REWORD;
  for (guint c = 0; c < n_moved; c++)
    fate[order[k++]] = MOVE;

  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  guint seq = 0;
  for (guint i = 0; i < n; i++)
    {
      if (fate[i] == REMOVE)
        continue;
      Area *area = area_copy (old_areas->pdata[i]);
      if (fate[i] == RENAME)
        rename_area (&g, area);
      else if (fate[i] == REWORD)
        reword (&g, area);
      /* A moved area goes anywhere; the others keep their order. */
      Placed p = { fate[i] == MOVE ? rng_double (&g.rng) * n : (double) i, seq++, area };
      g_array_append_val (placed, p);
    }
  for (guint c = 0; c < n_added; c++)
    {
      Placed p = { rng_double (&g.rng) * n, seq++, area_new (&g) };
      g_array_append_val (placed, p);
    }
  g_array_sort (placed, compare_placed);
  g_autoptr(GPtrArray) new_areas = g_ptr_array_new_with_free_func ((GDestroyNotify) area_free);
  for (guint i = 0; i < placed->len; i++)
    g_ptr_array_add (new_areas, g_array_index (placed, Placed, i).area);

  g_autoptr(GString) text = g_string_sized_new ((gsize) n * 1200);
  append_document (text, old_areas, 1, "2023-01-15", o->seed);
  if (!write_file (old_path, text))
    return 2;
  g_string_truncate (text, 0);
  append_document (text, new_areas, 2, "2024-06-30", o->seed);
  if (!write_file (new_path, text))
    return 2;
  vocabulary_clear (&g.vocabulary);
  return 0;
}

/* ---- a git history ----------------------------------------------------- */

typedef struct
{
  guint commits;
  guint areas;
  guint files;
  guint64 seed;
  double doc_rate;
  const char *path;
} HistoryOptions;

#define HISTORY_START_TIME G_GINT64_CONSTANT (1577836800)   /* 2020-01-01 */

/* One commit's edit of the document: a few areas reworded, now and then
 * one added, removed, renamed or moved. */
static void
edit_document (Generator *g, GPtrArray *areas, guint target)
{
  for (guint e = rng_range (&g->rng, 1, 3); e > 0; e--)
    reword (g, areas->pdata[rng_range (&g->rng, 0, areas->len - 1)]);
  /* Additions and removals balance around the target size. */
  double grow = areas->len < target ? 0.10 : 0.06;
  double shrink = areas->len > target ? 0.10 : 0.06;
  if (rng_chance (&g->rng, grow))
    g_ptr_array_insert (areas, rng_range (&g->rng, 0, areas->len), area_new (g));
  if (rng_chance (&g->rng, shrink) && areas->len > 2)
    g_ptr_array_remove_index (areas, rng_range (&g->rng, 0, areas->len - 1));
  if (rng_chance (&g->rng, 0.05))
    rename_area (g, areas->pdata[rng_range (&g->rng, 0, areas->len - 1)]);
  if (rng_chance (&g->rng, 0.05) && areas->len > 1)
    {
      guint from = rng_range (&g->rng, 0, areas->len - 1);
      Area *area = g_ptr_array_steal_index (areas, from);
      g_ptr_array_insert (areas, rng_range (&g->rng, 0, areas->len), area);
    }
}

/* The commits where the document changes (commit 0 adds everything). */
static gboolean *
doc_schedule (const HistoryOptions *o, guint *n_changes)
{
  Rng rng;
  gboolean *changes = g_new0 (gboolean, o->commits);

  rng_init (&rng, o->seed, 2);
  *n_changes = 0;
  for (guint c = 1; c < o->commits; c++)
    if ((changes[c] = rng_chance (&rng, o->doc_rate)))
      ++*n_changes;
  return changes;
}

static void
put_data (FILE *out, const char *bytes, gsize length)
{
  fprintf (out, "data %" G_GSIZE_FORMAT "\n", length);
  fwrite (bytes, 1, length, out);
  fputc ('\n', out);
}

static char *
other_path (guint index)
{
  return index % 2 == 0 ? g_strdup_printf ("src/module-%02u.c", index / 2)
                        : g_strdup_printf ("docs/notes-%02u.md", index / 2);
}

static char *
make_line (Generator *g)
{
  GString *line = g_string_new (NULL);

  for (guint n = rng_range (&g->rng, 4, 12), i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, zipf_word (&g->vocabulary, &g->rng, 0));
    }
  return g_string_free (line, FALSE);
}

static void
put_file (FILE *out, GPtrArray *lines, const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, lines->pdata[i]);
      g_string_append_c (text, '\n');
    }
  fprintf (out, "M 100644 inline %s\n", path);
  put_data (out, text->str, text->len);
}

static int
generate_history (const HistoryOptions *o)
{
  FILE *out = stdout;
  guint n_changes = 0;
  g_autofree gboolean *schedule = doc_schedule (o, &n_changes);
  Generator g = { 0 };

  vocabulary_init (&g.vocabulary, VOCABULARY_SIZE);

  /* Every version of the document first, one blob after the other, so
   * that fast-import stores each as a delta of the one before (it deltas
   * against the previous blob it wrote), as `git gc` would. */
  rng_init (&g.rng, o->seed, 3);
  g_autoptr(GPtrArray) areas = g_ptr_array_new_with_free_func ((GDestroyNotify) area_free);
  for (guint i = 0; i < o->areas; i++)
    g_ptr_array_add (areas, area_new (&g));
  g_autoptr(GString) text = g_string_new (NULL);
  for (guint v = 0; v <= n_changes; v++)
    {
      if (v > 0)
        edit_document (&g, areas, o->areas);
      g_string_truncate (text, 0);
      g_autofree char *date = g_strdup_printf ("%u-01-01", 2000 + v % 1000);
      append_document (text, areas, v + 1, date, o->seed);
      fprintf (out, "blob\nmark :%u\n", v + 1);
      put_data (out, text->str, text->len);
    }

  /* Then the commits; the other files live in memory as lines. */
  rng_init (&g.rng, o->seed, 4);
  GPtrArray **files = g_new0 (GPtrArray *, MAX (o->files, 1));
  for (guint f = 0; f < o->files; f++)
    {
      files[f] = g_ptr_array_new_with_free_func (g_free);
      for (guint n = rng_range (&g.rng, 20, 60), i = 0; i < n; i++)
        g_ptr_array_add (files[f], make_line (&g));
    }
  guint version = 0;
  gint64 when = HISTORY_START_TIME;
  for (guint c = 0; c < o->commits; c++)
    {
      when += rng_range (&g.rng, 60, 7200);
      g_autofree char *message = NULL;
      fprintf (out, "commit refs/heads/main\n"
               "author Bench Author <bench@example.org> %" G_GINT64_FORMAT " +0000\n"
               "committer Bench Author <bench@example.org> %" G_GINT64_FORMAT " +0000\n",
               when, when);
      if (c == 0)
        {
          message = g_strdup ("Initial import");
          put_data (out, message, strlen (message));
          fprintf (out, "M 100644 :1 %s\n", o->path);
          for (guint f = 0; f < o->files; f++)
            {
              g_autofree char *path = other_path (f);
              put_file (out, files[f], path);
            }
        }
      else if (schedule[c])
        {
          version++;
          message = g_strdup_printf ("Programme: revision %u", version + 1);
          put_data (out, message, strlen (message));
          fprintf (out, "M 100644 :%u %s\n", version + 1, o->path);
        }
      else if (o->files > 0)
        {
          guint f = rng_range (&g.rng, 0, o->files - 1);
          GPtrArray *lines = files[f];
          for (guint e = rng_range (&g.rng, 1, 3); e > 0; e--)
            {
              guint at = rng_range (&g.rng, 0, lines->len - 1);
              g_free (lines->pdata[at]);
              lines->pdata[at] = make_line (&g);
            }
          g_autofree char *path = other_path (f);
          message = g_strdup_printf ("Update %s", path);
          put_data (out, message, strlen (message));
          put_file (out, lines, path);
        }
      else
        {
          message = g_strdup ("Empty change");
          put_data (out, message, strlen (message));
        }
      fputc ('\n', out);
    }
  fprintf (out, "done\n");

  for (guint f = 0; f < o->files; f++)
    g_ptr_array_unref (files[f]);
  g_free (files);
  vocabulary_clear (&g.vocabulary);
  if (fflush (out) != 0 || ferror (out))
    {
      g_printerr ("gen-programme: write error\n");
      return 2;
    }
  return 0;
}

/* ---- command line ------------------------------------------------------ */

int
main (int argc, char **argv)
{
  gint areas = -1, commits = 2000, files = 60;
  gint64 seed = 1;
  double reworded = 0.30, renamed = 0.05, added = 0.05, removed = 0.05, moved = 0.05;
  double doc_rate = 0.10;
  gboolean history = FALSE;
  g_autofree char *path = NULL;
  const GOptionEntry entries[] = {
    { "areas", 'n', 0, G_OPTION_ARG_INT, &areas,
      "Number of areas (default 1000; 200 with --history)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (default 1)", "SEED" },
    { "reworded", 0, 0, G_OPTION_ARG_DOUBLE, &reworded,
      "Fraction of areas with a few summary words changed (default 0.30)", "F" },
    { "renamed", 0, 0, G_OPTION_ARG_DOUBLE, &renamed,
      "Fraction of areas with a new title and ID (default 0.05)", "F" },
    { "added", 0, 0, G_OPTION_ARG_DOUBLE, &added,
      "Areas added, as a fraction of N (default 0.05)", "F" },
    { "removed", 0, 0, G_OPTION_ARG_DOUBLE, &removed,
      "Fraction of areas removed (default 0.05)", "F" },
    { "moved", 0, 0, G_OPTION_ARG_DOUBLE, &moved,
      "Fraction of areas moved elsewhere (default 0.05)", "F" },
    { "history", 0, 0, G_OPTION_ARG_NONE, &history,
      "Write a git fast-import stream to standard output instead", NULL },
    { "commits", 'c', 0, G_OPTION_ARG_INT, &commits,
      "With --history: number of commits (default 2000)", "N" },
    { "doc-rate", 0, 0, G_OPTION_ARG_DOUBLE, &doc_rate,
      "With --history: fraction of commits that change the document (default 0.10)", "F" },
    { "files", 0, 0, G_OPTION_ARG_INT, &files,
      "With --history: number of other files (default 60)", "N" },
    { "path", 0, 0, G_OPTION_ARG_STRING, &path,
      "With --history: the document's path (default programmes/bench.programme)", "PATH" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[OLD NEW]");
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context,
                                "Write a deterministic pair of programme documents (OLD, NEW),\n"
                                "or with --history a git fast-import stream.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gen-programme: %s\n", error->message);
      return 2;
    }
  if (seed < 0 || files < 0 || commits < 1 || (areas != -1 && areas < 1) || doc_rate < 0
      || doc_rate > 1 || reworded < 0 || renamed < 0 || added < 0 || removed < 0 || moved < 0)
    {
      g_printerr ("gen-programme: invalid option value\n");
      return 2;
    }

  if (history)
    {
      if (argc != 1)
        {
          g_printerr ("gen-programme: --history takes no operands\n");
          return 2;
        }
      HistoryOptions o = { (guint) commits, areas > 0 ? (guint) areas : 200, (guint) files,
                           (guint64) seed, doc_rate,
                           path != NULL ? path : "programmes/bench.programme" };
      return generate_history (&o);
    }
  if (argc != 3)
    {
      g_printerr ("gen-programme: need OLD and NEW (see --help)\n");
      return 2;
    }
  PairOptions o = { areas > 0 ? (guint) areas : 1000, (guint64) seed,
                    reworded, renamed, added, removed, moved };
  return generate_pair (&o, argv[1], argv[2]);
}
