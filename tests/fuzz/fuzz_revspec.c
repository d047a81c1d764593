/* fuzz_revspec.c: hostile `REV:PATH` arguments against a real repository.
 *
 * At start a small repository is built with libgit2 in a temporary
 * directory (isolated from the user's git configuration): two commits on
 * master, a topic branch, a lightweight and an annotated tag, a valid and
 * an invalid document, a binary file, a subdirectory, a symbolic link and
 * a submodule entry. Each input is one argument: it goes through
 * pd_repo_split_spec(), whose parts must rebuild it, and then through
 * pd_repo_load_document() three ways (split, whole as REV, whole as
 * PATH). Loading must give a document or a PD_ERROR whose message is
 * safe to print, and must not crash or hang.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <glib/gstdio.h>
#include <progdiff/progdiff.h>

#include "fuzz.h"

static char *repo_dir;
static PdRepo *repo;

static const char doc_2014[] =
  "[Programme]\nId=fuzz-plan\nTitle=Fuzz plan\nVersion=2014\nDate=2014-05-06\n\n"
  "[Area cyber]\nTitle=Cyber defence\nSummary=Exchange on cyber threats.\n"
  "Objectives=Share practice;Train together\n";
static const char doc_2020[] =
  "[Programme]\nId=fuzz-plan\nTitle=Fuzz plan\nVersion=2020\nDate=2020-06-26\n"
  "Supersedes=fuzz-plan@2014\n\n"
  "[Area cyber-defence]\nTitle=Cyber defence\nAliases=cyber\n"
  "Summary=Exchange on cyber threats and incidents.\n\n"
  "[Area space]\nTitle=Space\nTitle[ja]=\xE5\xAE\x87\xE5\xAE\x99\n";
static const char doc_bad[] = "[Programme]\nId=x\n[Area a]\nTitle=\n";
static const char doc_binary[] = "[Programme]\0binary";

static void
check (int rc)
{
  if (rc < 0)
    {
      const git_error *e = git_error_last ();
      pd_fuzz_fail (__FILE__, __LINE__, "libgit2", "%d %s", rc, e != NULL ? e->message : "");
    }
}

static void
insert_blob (git_repository *git, git_treebuilder *tb, const char *name, const char *data,
             size_t len, git_filemode_t mode)
{
  git_oid id;

  check (git_blob_create_from_buffer (&id, git, data, len));
  check (git_treebuilder_insert (NULL, tb, name, &id, mode));
}

static void
commit (git_repository *git, git_treebuilder *tb, const char *message, gint64 time,
        git_oid *out)
{
  git_oid tree_id, parent_id;
  git_tree *tree = NULL;
  git_commit *parent = NULL;
  git_signature *sig = NULL;

  check (git_treebuilder_write (&tree_id, tb));
  check (git_tree_lookup (&tree, git, &tree_id));
  check (git_signature_new (&sig, "Fuzz \033[31mAuthor", "fuzz@example.invalid", time, 60));
  if (git_reference_name_to_id (&parent_id, git, "HEAD") == 0)
    check (git_commit_lookup (&parent, git, &parent_id));
  check (git_commit_create (out, git, "HEAD", sig, sig, NULL, message, tree, parent != NULL,
                            (const git_commit **) &parent));
  git_commit_free (parent);
  git_signature_free (sig);
  git_tree_free (tree);
}

static void
build_repository (const char *dir)
{
  git_repository *git = NULL;
  git_treebuilder *tb = NULL, *sub = NULL;
  git_oid c1, c2, sub_id, fake_commit, tag_id;
  git_object *target = NULL;
  git_reference *branch = NULL;
  git_signature *sig = NULL;
  git_commit *first = NULL;

  check (git_repository_init (&git, dir, FALSE));

  check (git_treebuilder_new (&tb, git, NULL));
  insert_blob (git, tb, "plan.programme", doc_2014, strlen (doc_2014), GIT_FILEMODE_BLOB);
  insert_blob (git, tb, "notes.txt", "notes\n", 6, GIT_FILEMODE_BLOB);
  commit (git, tb, "IPCP 2014: first plan", 1399334400, &c1);

  check (git_treebuilder_new (&sub, git, NULL));
  insert_blob (git, sub, "deep.programme", doc_2014, strlen (doc_2014), GIT_FILEMODE_BLOB);
  check (git_treebuilder_write (&sub_id, sub));
  check (git_treebuilder_insert (NULL, tb, "sub", &sub_id, GIT_FILEMODE_TREE));
  insert_blob (git, tb, "plan.programme", doc_2020, strlen (doc_2020), GIT_FILEMODE_BLOB);
  insert_blob (git, tb, "bad.programme", doc_bad, strlen (doc_bad), GIT_FILEMODE_BLOB);
  insert_blob (git, tb, "binary.programme", doc_binary, sizeof doc_binary - 1,
               GIT_FILEMODE_BLOB);
  insert_blob (git, tb, "run.programme", doc_2020, strlen (doc_2020),
               GIT_FILEMODE_BLOB_EXECUTABLE);
  insert_blob (git, tb, "link.programme", "plan.programme", 14, GIT_FILEMODE_LINK);
  /* A submodule: a commit id that is not in this repository. */
  check (git_oid_fromstr (&fake_commit, "0123456789abcdef0123456789abcdef01234567"));
  check (git_treebuilder_insert (NULL, tb, "module", &fake_commit, GIT_FILEMODE_COMMIT));
  commit (git, tb, "IPCP 2020 \033]8;;http://x\a: second\n\nbody \xff\n", 1593129600, &c2);

  check (git_commit_lookup (&first, git, &c1));
  check (git_branch_create (&branch, git, "topic", first, 0));
  check (git_object_lookup (&target, git, &c1, GIT_OBJECT_COMMIT));
  check (git_tag_create_lightweight (&tag_id, git, "v2014", target, 0));
  git_object_free (target);
  check (git_object_lookup (&target, git, &c2, GIT_OBJECT_COMMIT));
  check (git_signature_new (&sig, "Tagger", "tag@example.invalid", 1593129600, 0));
  check (git_tag_create (&tag_id, git, "v2020", target, sig, "second plan\n", 0));

  git_signature_free (sig);
  git_object_free (target);
  git_reference_free (branch);
  git_commit_free (first);
  git_treebuilder_free (sub);
  git_treebuilder_free (tb);
  git_repository_free (git);
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
cleanup (void)
{
  g_clear_pointer (&repo, pd_repo_free);
  if (repo_dir != NULL)
    remove_tree (repo_dir);
  g_clear_pointer (&repo_dir, g_free);
  git_libgit2_shutdown ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;

  pd_fuzz_init_glib ();
  git_libgit2_init ();
  repo_dir = g_dir_make_tmp ("progdiff-fuzz-XXXXXX", &error);
  PD_FUZZ_CHECK (repo_dir != NULL, "%s", error->message);
  /* No ~/.gitconfig or /etc/gitconfig may change what the target sees. */
  for (int level = GIT_CONFIG_LEVEL_SYSTEM; level <= GIT_CONFIG_LEVEL_GLOBAL; level++)
    check (git_libgit2_opts (GIT_OPT_SET_SEARCH_PATH, level, repo_dir));
  build_repository (repo_dir);
  repo = pd_repo_open (repo_dir, &error);
  PD_FUZZ_CHECK (repo != NULL, "%s", error->message);
  atexit (cleanup);
  return 0;
}

static void
try_load (const char *rev, const char *path)
{
  g_autoptr(GPtrArray) diagnostics =
    g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_repo_load_document (repo, rev, path, diagnostics, &error);

  if (document != NULL)
    {
      PD_FUZZ_CHECK (error == NULL, "a document and an error");
      PD_FUZZ_CHECK (pd_document_get_n_areas (document) > 0, "a document without areas");
      return;
    }
  PD_FUZZ_CHECK (error != NULL, "no document and no error for '%s' '%s'", rev, path);
  PD_FUZZ_CHECK (error->domain == PD_ERROR, "error outside PD_ERROR: %s", error->message);
  pd_fuzz_check_visible ("error message", error->message, strlen (error->message), "");
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const PdDiagnostic *d = g_ptr_array_index (diagnostics, i);
      pd_fuzz_check_visible ("diagnostic", d->message, strlen (d->message), "");
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* An argument is a C string: it ends at the first NUL. */
  g_autofree char *spec = g_strndup ((const char *) data, size);
  char *rev = (char *) "untouched", *path = (char *) "untouched";

  if (pd_repo_split_spec (spec, &rev, &path))
    {
      g_autofree char *joined = g_strconcat (rev, ":", path, NULL);
      PD_FUZZ_CHECK (*rev != '\0' && *path != '\0', "an empty part");
      PD_FUZZ_CHECK (strchr (rev, ':') == NULL, "the revision holds a colon");
      PD_FUZZ_CHECK (strcmp (joined, spec) == 0, "the parts do not rebuild the argument");
      try_load (rev, path);
      g_free (rev);
      g_free (path);
    }
  else
    PD_FUZZ_CHECK (strcmp (rev, "untouched") == 0 && strcmp (path, "untouched") == 0,
                   "outputs changed on failure");

  try_load (spec, "plan.programme");
  try_load ("HEAD", spec);
  return 0;
}
