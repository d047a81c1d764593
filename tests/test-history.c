/* test-history.c: log, blame and timeline over repositories built at
 * test time (pd-history.c, pd-timeline.c).
 *
 * The main history, first parents on the left:
 *
 *   T2014 ── other ── T2018 ── T2020 ── T2023      (plan.programme)
 *    ipcp    notes     ipcp     ipcp     itpp
 *                      2018     2020     2023
 *
 * "other" touches only notes.txt and must never be listed.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pd-git-private.h"
#include "pd-test-git.h"
#include "pd-test-util.h"

#define T2014 1399377600
#define T2016 1451649600
#define T2018 1525176000
#define T2019 1546344000
#define T2020 1593172800
#define T2021 1609502400
#define T2023 1689163200

typedef struct
{
  PdTestRepo *git;
  PdRepo *repo;
  char *ids[5];   /* 2014, other, 2018, 2020, 2023 */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *v2014 = pd_test_fixture_text ("nato-japan", "ipcp-2014.programme");
  g_autofree char *v2018 = pd_test_fixture_text ("nato-japan", "ipcp-2018.programme");
  g_autofree char *v2020 = pd_test_fixture_text ("nato-japan", "ipcp-2020.programme");
  g_autofree char *v2023 = pd_test_fixture_text ("nato-japan", "itpp-2023.programme");
  g_autoptr(GError) error = NULL;

  f->git = pd_test_repo_new ();
  f->ids[0] = pd_test_repo_commit (f->git, NULL, TRUE, T2014, "IPCP 2014", "plan.programme", v2014, NULL);
  f->ids[1] = pd_test_repo_commit (f->git, NULL, TRUE, T2016, "notes", "notes.txt", "x\n", NULL);
  f->ids[2] = pd_test_repo_commit (f->git, NULL, TRUE, T2018, "IPCP 2018", "plan.programme", v2018, NULL);
  f->ids[3] = pd_test_repo_commit (f->git, NULL, TRUE, T2020, "IPCP 2020", "plan.programme", v2020, NULL);
  f->ids[4] = pd_test_repo_commit (f->git, NULL, TRUE, T2023, "ITPP 2023", "plan.programme", v2023, NULL);
  f->repo = pd_repo_open (f->git->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  pd_repo_free (f->repo);
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    g_free (f->ids[i]);
  pd_test_repo_free (f->git);
}

/* Each entry as "subject:+A-R~M>N" or "subject:new N" / "subject:deleted". */
static gboolean
describe_entry (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  GString *s = user_data;

  if (s->len > 0)
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%s:", entry->commit->subject);
  if (entry->comparison != NULL)
    {
      const PdCounts *c = pd_comparison_get_counts (entry->comparison);
      g_string_append_printf (s, "+%u-%u~%u>%u", c->added, c->removed, c->modified, c->renamed);
    }
  else if (entry->problem != NULL)
    g_string_append (s, "invalid");
  else if (entry->new_document != NULL)
    g_string_append_printf (s, "new%u", pd_document_get_n_areas (entry->new_document));
  else
    g_string_append (s, "deleted");
  g_assert_cmpuint (strlen (entry->commit->id), ==, 40);
  return TRUE;
}

static char *
log_string (PdRepo *repo, PdLogOptions *options)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_history_log (repo, options, describe_entry, s, &error));
  g_assert_no_error (error);
  return g_string_free (s, FALSE);
}

static void
test_history_log (Fixture *f, gconstpointer data)
{
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  o.path = "plan.programme";
  g_autofree char *got = log_string (f->repo, &o);

  g_assert_cmpstr (got, ==, "ITPP 2023:+7-0~7>2 IPCP 2020:+1-0~0>0 IPCP 2018:+0-0~1>0 "
                            "IPCP 2014:new8");
}

static void
test_history_log_limits (Fixture *f, gconstpointer data)
{
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  o.path = "plan.programme";
  o.max_count = 2;
  g_autofree char *two = log_string (f->repo, &o);
  g_assert_cmpstr (two, ==, "ITPP 2023:+7-0~7>2 IPCP 2020:+1-0~0>0");

  PdLogOptions window = PD_LOG_OPTIONS_INIT;
  window.path = "plan.programme";
  window.since = T2016;
  window.until = T2021;
  g_autofree char *mid = log_string (f->repo, &window);
  g_assert_cmpstr (mid, ==, "IPCP 2020:+1-0~0>0 IPCP 2018:+0-0~1>0");

  /* Starting from an older revision. */
  PdLogOptions older = PD_LOG_OPTIONS_INIT;
  older.path = "plan.programme";
  older.rev = f->ids[2];
  g_autofree char *from_2018 = log_string (f->repo, &older);
  g_assert_cmpstr (from_2018, ==, "IPCP 2018:+0-0~1>0 IPCP 2014:new8");
}

static void
test_history_errors (Fixture *f, gconstpointer data)
{
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  GString *s = g_string_new (NULL);

  o.path = "plan.programme";
  o.rev = "no-such-branch";
  g_assert_false (pd_history_log (f->repo, &o, describe_entry, s, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-branch"));
  g_clear_error (&error);

  o.rev = NULL;
  o.path = "missing.programme";
  g_assert_false (pd_history_log (f->repo, &o, describe_entry, s, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.programme"));
  g_assert_cmpuint (s->len, ==, 0);
  g_string_free (s, TRUE);
}

static const PdBlameRow *
blame_row (const PdBlame *blame, const char *id)
{
  for (guint i = 0; i < pd_blame_get_n_rows (blame); i++)
    if (g_str_equal (pd_area_get_id (pd_blame_get_row (blame, i)->area), id))
      return pd_blame_get_row (blame, i);
  g_assert_not_reached ();
}

static void
test_history_blame (Fixture *f, gconstpointer data)
{
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  o.path = "plan.programme";
  g_autoptr(PdBlame) blame = pd_history_blame (f->repo, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pd_blame_get_n_rows (blame), ==, 16);

  const PdBlameRow *human = blame_row (blame, "human-security");
  g_assert_cmpstr (human->introduced.commit, ==, f->ids[3]);
  g_assert_cmpstr (human->introduced.version, ==, "2020");
  g_assert_cmpuint (human->changes, ==, 2);

  const PdBlameRow *space = blame_row (blame, "space");
  g_assert_cmpstr (space->introduced.version, ==, "2023");
  g_assert_cmpstr (space->last_changed.commit, ==, f->ids[4]);
  g_assert_cmpuint (space->changes, ==, 1);

  /* Renamed in 2023 under a new ID; followed back to 2014. */
  const PdBlameRow *st = blame_row (blame, "science-technology");
  g_assert_cmpstr (st->introduced.commit, ==, f->ids[0]);
  g_assert_cmpstr (st->introduced.version, ==, "2014");
  g_assert_cmpuint (st->changes, ==, 2);

  /* Reworded in 2018 and in 2023: three commits in all. */
  const PdBlameRow *maritime = blame_row (blame, "maritime-security");
  g_assert_cmpuint (maritime->changes, ==, 3);
  g_assert_cmpint (maritime->introduced.time, ==, T2014);
}

static char *
timeline_cells (const PdTimeline *t)
{
  GString *s = g_string_new (NULL);

  for (guint r = 0; r < pd_timeline_get_n_rows (t); r++)
    {
      const PdTimelineRow *row = pd_timeline_get_row (t, r);
      g_string_append_printf (s, "%s%s:", r > 0 ? " " : "", row->id);
      for (guint v = 0; v < pd_timeline_get_n_versions (t); v++)
        g_string_append_c (s, "a+=~>-"[row->cells[v]]);
    }
  return g_string_free (s, FALSE);
}

static gboolean
add_to_list (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  g_ptr_array_insert (user_data, 0, pd_document_ref (entry->new_document));
  return TRUE;
}

/* The same matrix from the four files (ordered by Supersedes) and from
 * the four commits. */
static void
test_history_timeline (Fixture *f, gconstpointer data)
{
  const char *names[] = { "itpp-2023.programme", "ipcp-2018.programme",
                          "ipcp-2014.programme", "ipcp-2020.programme" };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_document_unref);
  g_autoptr(GPtrArray) commits = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_document_unref);
  g_autoptr(PdTimeline) from_files = pd_timeline_new (NULL);
  g_autoptr(PdTimeline) from_git = pd_timeline_new (NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (files, pd_test_load_fixture ("nato-japan", names[i], NULL));
  pd_timeline_sort_documents (files);
  for (guint i = 0; i < files->len; i++)
    pd_timeline_add (from_files, files->pdata[i], pd_document_get_version (files->pdata[i]),
                     NULL, pd_document_get_name (files->pdata[i]));
  o.path = "plan.programme";
  g_assert_true (pd_history_log (f->repo, &o, add_to_list, commits, NULL));
  for (guint i = 0; i < commits->len; i++)
    pd_timeline_add (from_git, commits->pdata[i], "c", "id", NULL);

  g_assert_cmpstr (pd_timeline_get_version (from_files, 0)->version, ==, "2014");
  g_assert_cmpstr (pd_timeline_get_version (from_files, 3)->version, ==, "2023");
  g_autofree char *a = timeline_cells (from_files);
  g_autofree char *b = timeline_cells (from_git);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "human-security:aa+~"));
  g_assert_nonnull (strstr (a, "science-technology:+==>"));
  g_assert_nonnull (strstr (a, "maritime-security:+~=~"));
  g_assert_nonnull (strstr (a, "space:aaa+"));
  g_assert_cmpuint (pd_timeline_get_n_rows (from_files), ==, 16);
}

#define DOC_A "[Programme]\nId=p\nTitle=P\nVersion=1\n[Area a]\nTitle=Alpha\nSummary=first text\n"
#define DOC_B "[Programme]\nId=p\nTitle=P\nVersion=2\n[Area a]\nTitle=Alpha\nSummary=second text\n"
#define DOC_C "[Programme]\nId=p\nTitle=P\nVersion=3\n[Area a]\nTitle=Alpha\nSummary=second text\n" \
              "[Area b]\nTitle=Beta\n"

/*   A(old.programme) ── rename to new.programme ── B ── C
 * With --follow the log crosses the rename; without, it stops there. */
static void
test_history_follow_rename (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "old.programme", DOC_A, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "move", "old.programme", NULL,
                               "new.programme", DOC_A, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2018, "B", "new.programme", DOC_B, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2020, "C", "new.programme", DOC_C, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  o.path = "new.programme";
  g_autofree char *plain = log_string (repo, &o);
  g_assert_cmpstr (plain, ==, "C:+1-0~0>0 B:+0-0~1>0 move:new1");
  o.follow = TRUE;
  g_autofree char *followed = log_string (repo, &o);
  g_assert_cmpstr (followed, ==, "C:+1-0~0>0 B:+0-0~1>0 move:+0-0~0>0 A:new1");
}

/*   A ── X(other file) ── M(merge) ── C
 *    \                   /
 *     ── B(side branch) ─
 * First parent only: B's change to the document shows at M. */
static void
test_history_merge (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_autofree char *a = pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "p.programme", DOC_A, NULL);
  const char *from_a[] = { a, NULL };
  g_autofree char *b = pd_test_repo_commit (git, from_a, FALSE, T2016, "B", "p.programme", DOC_B, NULL);
  g_autofree char *x = pd_test_repo_commit (git, NULL, TRUE, T2018, "X", "other.txt", "x\n", NULL);
  const char *both[] = { x, b, NULL };
  g_free (pd_test_repo_commit (git, both, TRUE, T2019, "M", "p.programme", DOC_B, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2020, "C", "p.programme", DOC_C, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  o.path = "p.programme";
  g_autofree char *got = log_string (repo, &o);
  g_assert_cmpstr (got, ==, "C:+1-0~0>0 M:+0-0~1>0 A:new1");
}

/* Deleted, then added back; an invalid version in between is reported,
 * not fatal, and blame steps over it. */
static void
test_history_deleted_and_invalid (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "p.programme", DOC_A, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "gone", "p.programme", NULL, NULL));
  g_autofree char *c3 = pd_test_repo_commit (git, NULL, TRUE, T2018, "back", "p.programme", DOC_B, NULL);
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2019, "broken", "p.programme",
                               "[Programme]\nnot a key\n", NULL));
  g_autofree char *c5 = pd_test_repo_commit (git, NULL, TRUE, T2020, "C", "p.programme", DOC_C, NULL);
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  o.path = "p.programme";
  g_autofree char *got = log_string (repo, &o);
  g_assert_cmpstr (got, ==, "C:invalid broken:invalid back:new1 gone:deleted A:new1");

  g_autoptr(PdBlame) blame = pd_history_blame (repo, &o, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (blame_row (blame, "b")->introduced.commit, ==, c5);
  g_assert_cmpstr (blame_row (blame, "a")->introduced.commit, ==, c3);
}

static char *
log_area_string (PdRepo *repo, PdLogOptions *options, const char *area)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (pd_history_log_area (repo, options, area, describe_entry, s, &error));
  g_assert_no_error (error);
  return g_string_free (s, FALSE);
}

/* One area's commits, by any of its names, newest first; -n counts the
 * area's commits; a name no area had gives none. */
static void
test_history_log_area (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  const char *keep = "[Area k]\nTitle=Kept\n";
  g_autofree char *v1 = g_strconcat (DOC_A, keep, NULL);
  g_autofree char *v2 = g_strconcat ("[Programme]\nId=p\nTitle=P\nVersion=2\n"
                                     "[Area b]\nTitle=Alpha\nSummary=first text\n", keep, NULL);
  g_autofree char *v3 = g_strconcat ("[Programme]\nId=p\nTitle=P\nVersion=3\n"
                                     "[Area b]\nTitle=Alpha\nSummary=first text\n",
                                     "[Area k]\nTitle=Kept\nSummary=now\n", NULL);
  g_autofree char *v4 = g_strconcat ("[Programme]\nId=p\nTitle=P\nVersion=4\n"
                                     "[Area b]\nTitle=Alpha\nSummary=second text\n",
                                     "[Area k]\nTitle=Kept\nSummary=now\n", NULL);
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "p.programme", v1, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "renamed", "p.programme", v2, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2018, "other", "p.programme", v3, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2020, "changed", "p.programme", v4, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  o.path = "p.programme";
  const char *names[] = { "b", "a", "Alpha", "ALPHA" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *got = log_area_string (repo, &o, names[i]);
      g_test_message ("%s", names[i]);
      g_assert_cmpstr (got, ==, "changed:+0-0~1>0 renamed:+0-0~0>1 A:new2");
    }
  g_autofree char *kept = log_area_string (repo, &o, "k");
  g_assert_cmpstr (kept, ==, "other:+0-0~1>0 A:new2");
  g_autofree char *none = log_area_string (repo, &o, "nothing");
  g_assert_cmpstr (none, ==, "");
  o.max_count = 2;
  g_autofree char *two = log_area_string (repo, &o, "a");
  g_assert_cmpstr (two, ==, "changed:+0-0~1>0 renamed:+0-0~0>1");

  /* Dates choose what is listed, not what is followed: the rename in
   * 2016 is outside --until, and the area is still found before it, by
   * either name. */
  o.max_count = 0;
  o.until = T2014 + 86400;
  const char *until_names[] = { "b", "a" };
  for (guint i = 0; i < G_N_ELEMENTS (until_names); i++)
    {
      g_autofree char *early = log_area_string (repo, &o, until_names[i]);
      g_assert_cmpstr (early, ==, "A:new2");
    }
  o.until = G_MAXINT64;
  o.since = T2016;
  g_autofree char *late = log_area_string (repo, &o, "a");
  g_assert_cmpstr (late, ==, "changed:+0-0~1>0 renamed:+0-0~0>1");
}

/* With the document deleted at the start, the names of its newest valid
 * version are the current ones: an ID given to another area after a
 * rename names that other area. */
static void
test_history_log_area_deleted_at_start (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  const char *head = "[Programme]\nId=p\nTitle=P\nVersion=1\n";
  g_autofree char *v1 = g_strconcat (head, "[Area a]\nTitle=Beta\n", NULL);
  g_autofree char *v2 = g_strconcat (head, "[Area b]\nTitle=Beta\n", NULL);
  g_autofree char *v3 = g_strconcat (head, "[Area b]\nTitle=Beta\n[Area a]\nTitle=Gamma\n", NULL);
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "add", "p.programme", v1, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "rename", "p.programme", v2, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2018, "add-new-a", "p.programme", v3, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2020, "gone", "p.programme", NULL, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  o.path = "p.programme";
  g_autofree char *a = log_area_string (repo, &o, "a");
  g_assert_cmpstr (a, ==, "gone:deleted add-new-a:+1-0~0>0");
  g_autofree char *gamma = log_area_string (repo, &o, "Gamma");
  g_assert_cmpstr (gamma, ==, a);
}

/* A change made across invalid versions is charged to the first valid
 * version after them, as the timeline shows it, and an area renamed
 * across them is followed back to where it appeared. */
static void
test_history_blame_across_invalid (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_autofree char *first = pd_test_repo_commit (
      git, NULL, TRUE, T2014, "A", "p.programme",
      DOC_A "[Area old-id]\nTitle=Kept title\nSummary=kept text\n", NULL);
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "broken", "p.programme",
                               "[Programme]\nnot a key\n", NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2018, "binary", "p.programme", "\001\002", NULL));
  g_autofree char *fixed = pd_test_repo_commit (
      git, NULL, TRUE, T2020, "B", "p.programme",
      DOC_B "[Area new-id]\nTitle=Kept title\nSummary=kept text\n", NULL);
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;

  o.path = "p.programme";
  g_autoptr(PdBlame) blame = pd_history_blame (repo, &o, &error);
  g_assert_no_error (error);
  const PdBlameRow *a = blame_row (blame, "a");
  g_assert_cmpstr (a->introduced.commit, ==, first);
  g_assert_cmpstr (a->last_changed.commit, ==, fixed);
  g_assert_cmpuint (a->changes, ==, 2);
  const PdBlameRow *renamed = blame_row (blame, "new-id");
  g_assert_cmpstr (renamed->introduced.commit, ==, first);
  g_assert_cmpstr (renamed->last_changed.commit, ==, fixed);
}

/* The invalid run at either end of what blame sees: a document first
 * committed invalid, or deleted below the run, has its areas appear in
 * the first valid version above, as the timeline has them. */
static void
test_history_blame_invalid_at_the_start (void)
{
  static const char *const below[] = { "invalid first", "deleted below" };

  for (guint i = 0; i < G_N_ELEMENTS (below); i++)
    {
      g_autoptr(PdTestRepo) git = pd_test_repo_new ();
      if (i == 1)
        {
          g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "p.programme", DOC_A, NULL));
          g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "gone", "p.programme", NULL, NULL));
        }
      g_free (pd_test_repo_commit (git, NULL, TRUE, T2018, "broken", "p.programme",
                                   "[Programme]\nnot a key\n", NULL));
      g_autofree char *fixed = pd_test_repo_commit (git, NULL, TRUE, T2020, "B", "p.programme",
                                                    DOC_B, NULL);
      g_autofree char *more = pd_test_repo_commit (git, NULL, TRUE, T2023, "C", "p.programme",
                                                   DOC_C, NULL);
      g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
      PdLogOptions o = PD_LOG_OPTIONS_INIT;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", below[i]);
      o.path = "p.programme";
      g_autoptr(PdBlame) blame = pd_history_blame (repo, &o, &error);
      g_assert_no_error (error);
      const PdBlameRow *a = blame_row (blame, "a");
      g_assert_cmpstr (a->introduced.commit, ==, fixed);
      g_assert_cmpstr (a->last_changed.commit, ==, fixed);
      g_assert_cmpuint (a->changes, ==, 1);
      g_assert_cmpstr (blame_row (blame, "b")->introduced.commit, ==, more);
    }
}

/* A version without the document (a deletion) is a column where every
 * area present before is removed; a later version is compared with the
 * last one that had the document, its areas added again on their rows. */
static void
test_history_timeline_deleted (void)
{
  g_autoptr(PdDocument) a = pd_document_load_data ("a", DOC_A, strlen (DOC_A), NULL, NULL);
  g_autoptr(PdDocument) c = pd_document_load_data ("c", DOC_C, strlen (DOC_C), NULL, NULL);
  g_autoptr(PdTimeline) t = pd_timeline_new (NULL);

  pd_timeline_add (t, a, "A", NULL, NULL);
  pd_timeline_add (t, NULL, "gone", "id", NULL);
  pd_timeline_add (t, c, "C", NULL, NULL);
  pd_timeline_add (t, c, "C again", NULL, NULL);

  g_autofree char *cells = timeline_cells (t);
  g_assert_cmpstr (cells, ==, "a:+-+= b:aa+=");
  const PdTimelineVersion *gone = pd_timeline_get_version (t, 1);
  g_assert_null (gone->document);
  g_assert_null (gone->version);
  g_assert_cmpstr (gone->label, ==, "gone");
}

/* Each entry names its versions after its own commit, although a version
 * that several commits share is read once: for the first entry that
 * asks for it, which the walk, newest first, does under another name. */
static gboolean
check_entry_names (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  guint *n = user_data;
  const char *id = entry->commit->short_id;
  g_autofree char *old_name = g_strdup_printf ("%s^:p.programme", id);
  g_autofree char *new_name = g_strdup_printf ("%s:p.programme", id);

  if (entry->old_document != NULL)
    g_assert_cmpstr (pd_document_get_name (entry->old_document), ==, old_name);
  if (entry->new_document != NULL)
    g_assert_cmpstr (pd_document_get_name (entry->new_document), ==, new_name);
  if (entry->problem != NULL)
    {
      g_autofree char *invalid = g_strconcat (entry->new_document == NULL ? new_name : old_name,
                                              ":", NULL);
      g_assert_true (g_str_has_prefix (entry->problem, invalid));
    }
  (*n)++;
  return TRUE;
}

static void
test_history_entry_names (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  const char *bad = "[Programme]\nnot a key\n";
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "p.programme", DOC_A, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "B", "p.programme", DOC_B, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2018, "A again", "p.programme", DOC_A, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2019, "bad", "p.programme", bad, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2020, "C", "p.programme", DOC_C, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2021, "bad again", "p.programme", bad, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  o.path = "p.programme";
  g_assert_true (pd_history_log (repo, &o, check_entry_names, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 6);
}

/* blame needs the document at its starting commit: an invalid version
 * is named once (its problem starts with its name), a deletion by the
 * commit that made it. */
static void
test_history_blame_errors (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "p.programme", DOC_A, NULL));
  g_autofree char *broken = pd_test_repo_commit (git, NULL, TRUE, T2016, "broken", "p.programme",
                                                 "[Programme]\nnot a key\n", NULL);
  g_autofree char *gone = pd_test_repo_commit (git, NULL, TRUE, T2018, "gone", "p.programme",
                                               NULL, NULL);
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  g_autoptr(GError) invalid = NULL, deleted = NULL;

  o.path = "p.programme";
  o.rev = broken;
  g_assert_null (pd_history_blame (repo, &o, &invalid));
  g_autofree char *named = g_strdup_printf ("%.7s:p.programme:2:1: error: ", broken);
  g_assert_nonnull (invalid);
  g_assert_true (g_str_has_prefix (invalid->message, named));

  o.rev = gone;
  g_assert_null (pd_history_blame (repo, &o, &deleted));
  g_autofree char *expected = g_strdup_printf ("p.programme: deleted by commit %.7s", gone);
  g_assert_error (deleted, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_cmpstr (deleted->message, ==, expected);
}

/* A path starting with "./" or "../" is from the current directory, as
 * in REV:PATH; a plain one from the top of the tree, and when that finds
 * nothing from a subdirectory, the message says how to name the file. */
static void
test_history_relative_path (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014, "A", "sub/p.programme", DOC_A, NULL));
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2016, "B", "sub/p.programme", DOC_B, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  g_autofree char *sub = g_build_filename (git->dir, "sub", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GError) plain = NULL, outside = NULL;
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  g_autoptr(GError) missing = NULL;
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (g_chdir (sub), ==, 0);
  g_assert_true (g_file_set_contents ("p.programme", DOC_B, -1, NULL));
  o.path = "./p.programme";
  g_autofree char *got = log_string (repo, &o);
  o.path = "p.programme";
  gboolean found = pd_history_log (repo, &o, describe_entry, NULL, &plain);
  o.path = "q.programme";
  g_assert_false (pd_history_log (repo, &o, describe_entry, NULL, &missing));
  o.path = "../../p.programme";
  gboolean escaped = pd_history_log (repo, &o, describe_entry, NULL, &outside);
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_assert_cmpstr (got, ==, "B:+0-0~1>0 A:new1");
  g_assert_false (found);
  g_assert_error (plain, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (plain->message, "write ./p.programme"));
  /* No such file here: no advice to name it so. */
  g_assert_null (strstr (missing->message, "write ./"));
  g_assert_false (escaped);
  g_assert_error (outside, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (outside->message, "is outside the work tree"));

  /* A directory is not a history's document, and the message says so. */
  g_autoptr(GError) directory = NULL;
  o.path = "sub";
  g_assert_false (pd_history_log (repo, &o, describe_entry, NULL, &directory));
  g_assert_error (directory, PD_ERROR, PD_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (directory->message, "path 'sub' at 'HEAD' in "));
  g_assert_true (g_str_has_suffix (directory->message, " is a directory, not a document"));
}

/* Commit metadata is not validated by libgit2 (L12): control characters
 * and bad UTF-8 in an author or subject come out visible and valid. */
static void
test_history_hostile_metadata (void)
{
  g_autoptr(PdTestRepo) git = pd_test_repo_new ();
  g_free (pd_test_repo_commit (git, NULL, TRUE, T2014,
                               "evil \033]8;;http://x.test\007link\033[2J \xff",
                               "p.programme", DOC_A, NULL));
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;

  o.path = "p.programme";
  g_autofree char *got = log_string (repo, &o);
  g_assert_true (g_utf8_validate (got, -1, NULL));
  for (const char *p = got; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_nonnull (strstr (got, "evil \\e]8;;http://x.test\\x07link\\e[2J"));
}

/* ---- a history longer than the walk looks ahead ---- */

#define N_VERSIONS 40

/* Version @k (1-based) has areas a1..ak. */
static char *
growing_doc (guint k)
{
  GString *doc = g_string_new ("[Programme]\nId=p\nTitle=P\n");

  g_string_append_printf (doc, "Version=%u\n", k);
  for (guint i = 1; i <= k; i++)
    g_string_append_printf (doc, "[Area a%u]\nTitle=Area %u\nSummary=text of %u\n", i, i, i);
  return g_string_free (doc, FALSE);
}

/* N_VERSIONS commits that add one area each ("v1".."v40"), with a commit
 * that touches another file after every third. Returns the repository;
 * @blobs gets each version's blob id, @commits (nullable) its commit's. */
static PdTestRepo *
growing_history (git_oid *blobs, char **commits)
{
  PdTestRepo *git = pd_test_repo_new ();

  for (guint k = 1; k <= N_VERSIONS; k++)
    {
      g_autofree char *doc = growing_doc (k);
      g_autofree char *subject = g_strdup_printf ("v%u", k);
      char *commit = pd_test_repo_commit (git, NULL, TRUE, T2014 + k * 100, subject,
                                          "p.programme", doc, NULL);
      if (commits != NULL)
        commits[k] = commit;
      else
        g_free (commit);
      g_assert_cmpint (git_odb_hash (&blobs[k], doc, strlen (doc), GIT_OBJECT_BLOB), ==, 0);
      if (k % 3 == 0)
        g_free (pd_test_repo_commit (git, NULL, TRUE, T2014 + k * 100 + 50, "notes",
                                     "notes.txt", subject, NULL));
    }
  return git;
}

/* "vN:+1-0~0>0 ... v2:+1-0~0>0 v1:new1": newest first, down to @last. */
static char *
expected_growth (guint first, guint last)
{
  GString *s = g_string_new (NULL);

  for (guint k = first; k >= last && k >= 1; k--)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      if (k == 1)
        g_string_append (s, "v1:new1");
      else
        g_string_append_printf (s, "v%u:+1-0~0>0", k);
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  GString *seen;
  guint stop_after;   /* fail on this entry (1-based); 0 never */
  guint calls;
} Stopper;

static gboolean
stop_entry (const PdLogEntry *entry, gpointer user_data, GError **error)
{
  Stopper *st = user_data;

  if (++st->calls == st->stop_after)
    {
      g_set_error_literal (error, PD_ERROR, PD_ERROR_FAILED, "stopped by the caller");
      return FALSE;
    }
  return describe_entry (entry, st->seen, error);
}

static void
test_history_lookahead (void)
{
  g_test_summary ("A history of 40 versions, longer than the walk reads ahead: every "
                  "entry in order, each once; --max-count and a callback that stops "
                  "end it where they say, with nothing after.");

  git_oid blobs[N_VERSIONS + 1];
  g_autoptr(PdTestRepo) git = growing_history (blobs, NULL);
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  o.path = "p.programme";

  g_autofree char *all = log_string (repo, &o);
  g_autofree char *want_all = expected_growth (N_VERSIONS, 1);
  g_assert_cmpstr (all, ==, want_all);

  /* Versions larger than the walk may hold ahead: one entry at a time,
   * the same entries. */
  pd_history__set_lookahead_bytes (0);
  g_autofree char *small_budget = log_string (repo, &o);
  pd_history__set_lookahead_bytes (64u << 20);
  g_assert_cmpstr (small_budget, ==, want_all);

  o.max_count = 5;
  g_autofree char *five = log_string (repo, &o);
  g_autofree char *want_five = expected_growth (N_VERSIONS, N_VERSIONS - 4);
  g_assert_cmpstr (five, ==, want_five);

  o.max_count = 0;
  g_autoptr(GString) seen = g_string_new (NULL);
  Stopper st = { seen, 3, 0 };
  g_autoptr(GError) error = NULL;
  g_assert_false (pd_history_log (repo, &o, stop_entry, &st, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_FAILED);
  g_assert_cmpuint (st.calls, ==, 3);
  g_autofree char *want_two = expected_growth (N_VERSIONS, N_VERSIONS - 1);
  g_assert_cmpstr (seen->str, ==, want_two);
}

/* Replaces loose object @hex of @git with garbage. */
static void
damage_object (PdTestRepo *git, const char *hex)
{
  g_autofree char *fan = g_strndup (hex, 2);
  g_autofree char *object = g_build_filename (git->dir, ".git", "objects", fan, hex + 2, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (object, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_set_contents (object, "not a zlib stream", 17, &error));
  g_assert_no_error (error);
}

/* Logs @git, which must fail with PD_ERROR_GIT, a message with @what in
 * it; returns the entries that arrived before the error. */
static char *
log_until_error (PdTestRepo *git, const char *what)
{
  g_autoptr(PdRepo) repo = pd_repo_open (git->dir, NULL);
  PdLogOptions o = PD_LOG_OPTIONS_INIT;
  GString *seen = g_string_new (NULL);
  Stopper st = { seen, 0, 0 };
  g_autoptr(GError) error = NULL;

  o.path = "p.programme";
  g_assert_false (pd_history_log (repo, &o, stop_entry, &st, &error));
  g_assert_error (error, PD_ERROR, PD_ERROR_GIT);
  g_assert_nonnull (strstr (error->message, what));
  return g_string_free (seen, FALSE);
}

/* Damage in the middle of the history: the entries before it (newest
 * first) all arrive, then the error, whether a loading thread found it
 * in a version or the walk itself in a commit, while entries read ahead
 * were still waiting. */
static void
test_history_lookahead_damaged (void)
{
  const guint broken = 20;
  char hex[GIT_OID_HEXSZ + 1];
  git_oid blobs[N_VERSIONS + 1];
  char *commits[N_VERSIONS + 1] = { NULL };

  g_autoptr(PdTestRepo) bad_blob = growing_history (blobs, NULL);
  git_oid_tostr (hex, sizeof hex, &blobs[broken]);
  damage_object (bad_blob, hex);
  g_autofree char *seen_blob = log_until_error (bad_blob, hex);
  /* v21 is the first entry that needs version 20 (as its parent's). */
  g_autofree char *want_blob = expected_growth (N_VERSIONS, broken + 2);
  g_assert_cmpstr (seen_blob, ==, want_blob);

  g_autoptr(PdTestRepo) bad_commit = growing_history (blobs, commits);
  damage_object (bad_commit, commits[broken]);
  g_autofree char *child = g_strdup_printf ("cannot read the parent of commit %.7s",
                                            commits[broken + 1]);
  g_autofree char *seen_commit = log_until_error (bad_commit, child);
  /* The walk fails reading v21's parent, before v21's entry. */
  g_assert_cmpstr (seen_commit, ==, want_blob);
  for (guint k = 1; k <= N_VERSIONS; k++)
    g_free (commits[k]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The tests call libgit2 through the library's table, as it does. */
  g_assert_true (pd_git__load (NULL));

  g_test_add ("/history/log/nato-japan", Fixture, NULL, fixture_setup, test_history_log,
              fixture_teardown);
  g_test_add ("/history/log/limits", Fixture, NULL, fixture_setup, test_history_log_limits,
              fixture_teardown);
  g_test_add ("/history/log/errors", Fixture, NULL, fixture_setup, test_history_errors,
              fixture_teardown);
  g_test_add ("/history/blame/nato-japan", Fixture, NULL, fixture_setup, test_history_blame,
              fixture_teardown);
  g_test_add ("/history/timeline/files-and-commits", Fixture, NULL, fixture_setup,
              test_history_timeline, fixture_teardown);
  g_test_add_func ("/history/log/follow-rename", test_history_follow_rename);
  g_test_add_func ("/history/log/merge", test_history_merge);
  g_test_add_func ("/history/log/deleted-and-invalid", test_history_deleted_and_invalid);
  g_test_add_func ("/history/log/hostile-metadata", test_history_hostile_metadata);
  g_test_add_func ("/history/log/entry-names", test_history_entry_names);
  g_test_add_func ("/history/timeline/deleted", test_history_timeline_deleted);
  g_test_add_func ("/history/blame/errors", test_history_blame_errors);
  g_test_add_func ("/history/blame/across-invalid", test_history_blame_across_invalid);
  g_test_add_func ("/history/log/area", test_history_log_area);
  g_test_add_func ("/history/log/area-deleted-at-start", test_history_log_area_deleted_at_start);
  g_test_add_func ("/history/blame/invalid-at-the-start", test_history_blame_invalid_at_the_start);
  g_test_add_func ("/history/log/relative-path", test_history_relative_path);
  g_test_add_func ("/history/log/lookahead", test_history_lookahead);
  g_test_add_func ("/history/log/lookahead-damaged", test_history_lookahead_damaged);
  return g_test_run ();
}
