/* pd-cli-driver.c: `progdiff git-driver` and `progdiff git-setup`.
 *
 * git-driver speaks git's external diff protocol (GIT_EXTERNAL_DIFF,
 * diff.<driver>.command); see the shared notes P1-P5:
 *
 *   PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE     7 arguments
 *   … NEW-PATH METADATA                              renames and copies: 9
 *   PATH                                                 an unmerged path: 1
 *
 * A missing side is "/dev/null . ."; the work-tree side has 40 zeros as
 * its hex and a path relative to the current directory, which git sets
 * to the top of the work tree. git 2.39 dies when the driver exits with
 * anything but 0, so the driver always exits 0 unless --exit-code asks
 * for diff(1)'s statuses (for diff.<driver>.trustExitCode, git 2.46).
 * What cannot be compared area by area is shown as a plain line diff,
 * after a warning line: the driver never prints nothing for a change.
 *
 * git's arguments are never given to GOption, since a path may begin
 * with '-' (shared notes G2): only the leading --color and --exit-code,
 * which come from the configured command, are options.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pd-cli.h"

/* git's rule for binary content: a NUL in the first 8000 bytes. */
#define BINARY_PROBE 8000

#define BOLD "\033[1m"
#define GREEN "\033[32m"
#define RED "\033[31m"
#define RESET "\033[m"

static const char driver_usage[] =
  "Usage: progdiff git-driver [--color[=WHEN]] [--exit-code] [--] PATH OLD-FILE OLD-HEX OLD-MODE\n"
  "                           NEW-FILE NEW-HEX NEW-MODE [NEW-PATH METADATA]\n"
  "       progdiff git-driver [--color[=WHEN]] [--exit-code] [--] PATH\n";

static const char driver_help[] =
  "\n"
  "git's external diff driver: compare the two versions git hands over area by\n"
  "area, or show a plain line diff with a warning when a version is not a valid\n"
  "programme document. git runs it with 7 arguments, 9 for a rename or copy, and\n"
  "1 for an unmerged path; 'progdiff git-setup' configures it.\n"
  "\n"
  "Options (before git's arguments):\n"
  "  --color[=WHEN]   Colour the output: never (the default), always, or auto\n"
  "                   (when standard output is a terminal and NO_COLOR is\n"
  "                   unset or empty)\n"
  "  --exit-code      Exit 1 when the versions differ, 0 when not (for\n"
  "                   diff.progdiff.trustExitCode, git 2.46 or later)\n"
  "\n"
  "Exit status: 0 (git 2.39 stops when a driver exits otherwise), or with\n"
  "--exit-code 1 when the versions differ; 2 when the output cannot be written.\n"
  "Wrong arguments, and a version that cannot be read, give status 2 when run by\n"
  "hand; run by git (GIT_DIFF_PATH_COUNTER is set), status 0, or 1 with\n"
  "--exit-code for a version that cannot be read.\n";

typedef struct
{
  const char *file; /* NULL when the side is missing ("/dev/null . .") */
  const char *hex;
  const char *mode;
} Side;

typedef struct
{
  gboolean color;
  gboolean exit_code;
  gboolean unmerged;
  const char *path;     /* the logical path, $1 */
  const char *new_path; /* $8 for a rename or copy, else $1 */
  const char *metadata; /* $9, or NULL: several lines, never printed */
  Side old_side;
  Side new_side;
} Driver;

/* git sets GIT_DIFF_PATH_COUNTER for the drivers it runs. */
static gboolean
run_by_git (void)
{
  return g_getenv ("GIT_DIFF_PATH_COUNTER") != NULL;
}

/* Status for a usage error: git 2.39 dies on anything but 0 (P1). */
static int
usage_status (void)
{
  return run_by_git () ? PD_CLI_EXIT_SAME : PD_CLI_EXIT_TROUBLE;
}

static int
driver_usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
driver_usage_error (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  pd_cli_error ("git-driver: %s", message);
  fputs (driver_usage, stderr);
  return usage_status ();
}

static gboolean
is_option (const char *arg)
{
  return g_str_equal (arg, "--color") || g_str_has_prefix (arg, "--color=")
         || g_str_equal (arg, "--exit-code") || g_str_equal (arg, "--");
}

static gboolean
want_color (const char *when, gboolean *out)
{
  const char *no_color = g_getenv ("NO_COLOR");

  if (when == NULL || g_str_equal (when, "always"))
    *out = TRUE;
  else if (g_str_equal (when, "never"))
    *out = FALSE;
  else if (g_str_equal (when, "auto"))
    *out = isatty (STDOUT_FILENO) && (no_color == NULL || *no_color == '\0')
           && g_strcmp0 (g_getenv ("TERM"), "dumb") != 0;
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_hex_id (const char *hex)
{
  size_t length = strlen (hex);

  if (length != 40 && length != 64)
    return FALSE;
  for (const char *p = hex; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_mode (const char *mode)
{
  if (strlen (mode) != 6)
    return FALSE;
  for (const char *p = mode; *p != '\0'; p++)
    if (*p < '0' || *p > '7')
      return FALSE;
  return TRUE;
}

/* The three forms of a side (P2): "/dev/null . ." when missing, else a
 * file, a hex object id (all zeros for the work tree) and an octal mode.
 * The hex is only checked and never parsed: "unchanged" is decided by
 * content, and nothing is looked up by id. Returns NULL when well
 * formed, else what is wrong. */
static char *
parse_side (Side *side, char **args, const char *which)
{
  const char *file = args[0], *hex = args[1], *mode = args[2];

  if (g_str_equal (hex, ".") && g_str_equal (mode, "."))
    {
      *side = (Side) { NULL, hex, mode };
      return NULL;
    }
  if (*file == '\0')
    return g_strdup_printf ("malformed %s side from git: an empty file name", which);
  if (!is_hex_id (hex) || !is_mode (mode))
    {
      g_autofree char *shown_hex = pd_escape_visible (hex, -1);
      g_autofree char *shown_mode = pd_escape_visible (mode, -1);
      return g_strdup_printf ("malformed %s side from git: object id '%s', mode '%s'", which,
                              shown_hex, shown_mode);
    }
  *side = (Side) { file, hex, mode };
  return NULL;
}

/* Reads git's @n_git arguments into @d; NULL when they are well formed. */
static char *
parse_git_args (char **git, int n_git, Driver *d)
{
  char *problem = NULL;

  d->path = d->new_path = git[0];
  d->old_side = d->new_side = (Side) { NULL, NULL, NULL };
  d->metadata = NULL;
  d->unmerged = n_git == 1;
  if (n_git == 1)
    return NULL;
  if ((problem = parse_side (&d->old_side, git + 1, "old")) != NULL
      || (problem = parse_side (&d->new_side, git + 4, "new")) != NULL)
    return problem;
  if (d->old_side.file == NULL && d->new_side.file == NULL)
    return g_strdup ("both sides missing in the arguments from git");
  if (n_git == 9)
    {
      d->new_path = git[7];
      d->metadata = git[8];
    }
  return NULL;
}

/* Whether argv[1..n_options] are all options, "--" only last. */
static gboolean
are_options (int n_options, char **argv)
{
  for (int i = 1; i <= n_options; i++)
    if (!is_option (argv[i]) || (g_str_equal (argv[i], "--") && i != n_options))
      return FALSE;
  return TRUE;
}

/* git's arguments are the last 9, 7 or 1, and what precedes them must
 * be options. The first count, in that order, whose options and git
 * arguments are both well formed wins: so "--exit-code -- P O H M N H M"
 * is two options and 7 arguments, while a path that looks like an
 * option ("--exit-code") is still a path. Returns -1 when the command
 * line is good, else the exit status. */
static int
parse_driver_args (int argc, char **argv, Driver *d)
{
  static const int counts[] = { 9, 7, 1 };
  g_autofree char *problem = NULL;
  int n_options = -1;

  for (guint c = 0; c < G_N_ELEMENTS (counts) && n_options < 0; c++)
    {
      int n = argc - 1 - counts[c];
      if (n < 0 || !are_options (n, argv))
        continue;
      char *why = parse_git_args (argv + 1 + n, counts[c], d);
      if (why == NULL)
        n_options = n;
      else if (problem == NULL)
        problem = why;
      else
        g_free (why);
    }
  if (n_options < 0)
    {
      if (problem != NULL)
        return driver_usage_error ("%s", problem);
      if (argc > 1 && g_str_has_prefix (argv[1], "-") && !is_option (argv[1]))
        {
          g_autofree char *shown = pd_escape_visible (argv[1], -1);
          return driver_usage_error ("unknown option '%s'", shown);
        }
      return driver_usage_error ("expected 1, 7 or 9 arguments from git, got %d", argc - 1);
    }

  for (int i = 1; i <= n_options; i++)
    if (g_str_equal (argv[i], "--exit-code"))
      d->exit_code = TRUE;
    else if (g_str_equal (argv[i], "--color") || g_str_has_prefix (argv[i], "--color="))
      {
        const char *when = argv[i][7] == '=' ? argv[i] + 8 : NULL;
        if (!want_color (when, &d->color))
          {
            g_autofree char *shown = pd_escape_visible (when, -1);
            return driver_usage_error ("unknown --color value '%s' (expected auto, always "
                                       "or never)", shown);
          }
      }
  return -1;
}

static void
put_color (const Driver *d, GString *out, const char *code)
{
  if (d->color)
    g_string_append (out, code);
}

static void
put_visible (GString *out, const char *text)
{
  g_autofree char *shown = pd_escape_visible (text, -1);
  g_string_append (out, shown);
}

/* "renamed (similarity index 95%)", read from the metadata git passes in
 * $9; the metadata itself, which quotes paths, is never printed. */
static void
put_rename (const Driver *d, GString *out)
{
  g_auto(GStrv) lines = g_strsplit (d->metadata, "\n", -1);
  const char *how = NULL;
  const char *similarity = NULL;

  for (char **line = lines; *line != NULL; line++)
    if (g_str_has_prefix (*line, "rename from "))
      how = "renamed";
    else if (g_str_has_prefix (*line, "copy from "))
      how = "copied";
    else if (g_str_has_prefix (*line, "similarity index "))
      similarity = *line + strlen ("similarity index ");
  if (how == NULL)
    how = "renamed or copied";
  g_string_append (out, how);
  if (similarity != NULL && strspn (similarity, "0123456789") > 0
      && strspn (similarity, "0123456789") <= 3
      && g_str_equal (similarity + strspn (similarity, "0123456789"), "%"))
    g_string_append_printf (out, " (similarity index %s)", similarity);
  g_string_append_c (out, '\n');
}

static void
put_header (const Driver *d, GString *out)
{
  put_color (d, out, BOLD);
  g_string_append (out, "diff --progdiff ");
  put_visible (out, d->path);
  if (!g_str_equal (d->path, d->new_path))
    {
      g_string_append (out, " \u2192 ");
      put_visible (out, d->new_path);
    }
  put_color (d, out, RESET);
  g_string_append_c (out, '\n');
  if (d->metadata != NULL)
    put_rename (d, out);
  if (d->old_side.file != NULL && d->new_side.file != NULL
      && !g_str_equal (d->old_side.mode, d->new_side.mode))
    g_string_append_printf (out, "mode %s \u2192 %s\n", d->old_side.mode, d->new_side.mode);
}

static void
put_warning (GString *out, const char *path, const char *why)
{
  g_string_append (out, "progdiff: warning: ");
  put_visible (out, path);
  g_string_append (out, ": ");
  put_visible (out, why);
  g_string_append (out, ", showing a plain diff\n");
}

/* Reads one side, at most PD_DOCUMENT_MAX_SIZE bytes; NULL for a missing
 * side. The work-tree side is relative to the current directory (P4). */
static gboolean
read_side (const Side *side, GBytes **out, GError **error)
{
  *out = NULL;
  if (side->file == NULL)
    return TRUE;
  /* Bounded whatever the file is: run by hand, a side may be /dev/zero. */
  *out = pd_document_read_file_bytes (side->file, error);
  if (*out == NULL && g_error_matches (*error, PD_ERROR, PD_ERROR_TOO_LARGE))
    {
      /* git's temporary file name would say nothing to the reader. */
      g_clear_error (error);
      g_set_error (error, PD_ERROR, PD_ERROR_TOO_LARGE, "larger than %u MiB, not compared",
                   (unsigned) (PD_DOCUMENT_MAX_SIZE >> 20));
    }
  return *out != NULL;
}

/* Loads one present side as a document, or says in @why_out why not. */
static PdDocument *
load_side (GBytes *data, const char *name, char **why_out)
{
  gsize length = 0;
  const char *bytes = g_bytes_get_data (data, &length);

  if (memchr (bytes, '\0', MIN (length, BINARY_PROBE)) != NULL)
    {
      *why_out = g_strdup ("binary");
      return NULL;
    }
  g_autoptr(GPtrArray) diagnostics
      = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_diagnostic_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDocument) document = pd_document_load_data (name, bytes, length, diagnostics,
                                                          &error);
  if (document != NULL)
    return g_steal_pointer (&document);
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const PdDiagnostic *diagnostic = diagnostics->pdata[i];
      if (diagnostic->severity != PD_SEVERITY_ERROR)
        continue;
      *why_out = diagnostic->line > 0
                     ? g_strdup_printf ("line %u: %s", diagnostic->line, diagnostic->message)
                     : g_strdup (diagnostic->message);
      return NULL;
    }
  *why_out = g_strdup (error->message);
  return NULL;
}

static const char *
document_label (const PdDocument *document)
{
  const char *label = pd_document_get_short_title (document);
  return label != NULL ? label : pd_document_get_title (document);
}

/* An added or deleted document: its summary and its areas, each marked
 * as added (+) or removed (-), then the counts line. */
static void
put_whole_document (const Driver *d, GString *out, PdDocument *document, gboolean added)
{
  const char *date = pd_document_get_date (document);
  guint n = pd_document_get_n_areas (document);

  put_color (d, out, BOLD);
  g_string_append (out, added ? "new programme document " : "deleted programme document ");
  put_visible (out, pd_document_get_name (document));
  put_color (d, out, RESET);
  g_string_append (out, "\n    ");
  put_visible (out, document_label (document));
  g_string_append (out, ", version ");
  put_visible (out, pd_document_get_version (document));
  if (date != NULL)
    {
      g_string_append (out, " of ");
      put_visible (out, date);
    }
  g_string_append_printf (out, ", %u %s\n\n", n, n == 1 ? "area" : "areas");
  for (guint i = 0; i < n; i++)
    {
      const PdArea *area = pd_document_get_area (document, i);
      put_color (d, out, added ? GREEN : RED);
      g_string_append (out, added ? "+ " : "- ");
      put_visible (out, pd_area_get_title (area));
      g_string_append (out, " [");
      put_visible (out, pd_area_get_id (area));
      g_string_append (out, added ? "] added" : "] removed");
      put_color (d, out, RESET);
      g_string_append_c (out, '\n');
    }
  if (added)
    g_string_append_printf (out, "\n0 \u2192 %u %s: %u added\n", n, n == 1 ? "area" : "areas", n);
  else
    g_string_append_printf (out, "\n%u \u2192 0 areas: %u removed\n", n, n);
}

static gboolean
is_programme_name (const char *path)
{
  return g_str_has_suffix (path, ".programme");
}

/* Compares the two versions into @out; returns whether they differ.
 * *@unreadable is set when a side could not be read. */
static gboolean
compare_sides (const Driver *d, GString *out, gboolean *unreadable)
{
  g_autofree char *old_name = g_strconcat ("a/", d->path, NULL);
  g_autofree char *new_name = g_strconcat ("b/", d->new_path, NULL);
  g_autoptr(GBytes) old_data = NULL;
  g_autoptr(GBytes) new_data = NULL;
  g_autoptr(GError) error = NULL;

  if (!read_side (&d->old_side, &old_data, &error)
      || !read_side (&d->new_side, &new_data, &error))
    {
      g_string_append (out, "progdiff: warning: ");
      put_visible (out, d->path);
      g_string_append (out, ": ");
      put_visible (out, error->message);
      g_string_append_c (out, '\n');
      *unreadable = TRUE;
      return TRUE;
    }
  if (old_data != NULL && new_data != NULL && g_bytes_equal (old_data, new_data))
    {
      g_string_append (out, "content unchanged\n");
      return FALSE;
    }

  g_autofree char *why = NULL;
  g_autoptr(PdDocument) old_doc = NULL;
  g_autoptr(PdDocument) new_doc = NULL;
  if (!is_programme_name (d->path) && !is_programme_name (d->new_path))
    why = g_strdup ("not a *.programme file");
  else
    {
      g_autofree char *old_why = NULL, *new_why = NULL;
      if (old_data != NULL)
        old_doc = load_side (old_data, old_name, &old_why);
      if (new_data != NULL)
        new_doc = load_side (new_data, new_name, &new_why);
      if (old_why != NULL && new_why != NULL)
        why = g_strdup_printf ("neither version is a valid programme (old: %s; new: %s)",
                               old_why, new_why);
      else if (old_why != NULL || new_why != NULL)
        why = g_strdup_printf ("the %s version is not a valid programme (%s)",
                               old_why != NULL ? "old" : "new",
                               old_why != NULL ? old_why : new_why);
    }

  if (why != NULL)
    {
      put_warning (out, d->path, why);
      if (!pd_plaindiff_render (old_name, old_data, new_name, new_data,
                                d->color ? PD_PLAINDIFF_FLAGS_COLOR : PD_PLAINDIFF_FLAGS_NONE,
                                out, &error))
        {
          g_string_append (out, "progdiff: warning: ");
          put_visible (out, error->message);
          g_string_append_c (out, '\n');
        }
      return TRUE;
    }
  if (old_doc == NULL || new_doc == NULL)
    {
      put_whole_document (d, out, old_doc != NULL ? old_doc : new_doc, old_doc == NULL);
      return TRUE;
    }

  PdReportOptions report = PD_REPORT_OPTIONS_INIT;
  if (d->color)
    report.flags |= PD_REPORT_FLAGS_COLOR;
  g_autoptr(PdComparison) comparison = pd_comparison_new (old_doc, new_doc, NULL);
  gsize start = out->len;
  if (!pd_report_render_comparison (comparison, &report, out, &error))
    {
      g_string_truncate (out, start);
      put_warning (out, d->path, error->message);
      pd_plaindiff_render (old_name, old_data, new_name, new_data, PD_PLAINDIFF_FLAGS_NONE, out,
                           NULL);
      return TRUE;
    }
  return pd_comparison_has_differences (comparison);
}

static int
print_driver_help (void)
{
  g_autoptr(GString) text = g_string_new (driver_usage);
  g_autoptr(GError) error = NULL;

  g_string_append (text, driver_help);
  if (!pd_cli_write (NULL, text, &error))
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  return PD_CLI_EXIT_SAME;
}

int
pd_cli_git_driver (int argc, char **argv)
{
  Driver d = { 0 };

  /* git 2.39 stops at any other status (P1), even after running out of
   * memory on one file: the message says what happened. */
  pd_cli_output_set_out_of_memory_status (usage_status ());

  /* A lone "--help" from git would be an unmerged path of that name. */
  if (argc == 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
      && !run_by_git ())
    return print_driver_help ();

  int status = parse_driver_args (argc, argv, &d);
  if (status >= 0)
    return status;

  gboolean under_git = run_by_git ();
  if (under_git)
    signal (SIGPIPE, SIG_IGN);   /* a closed pipe is a write error, handled below */

  g_autoptr(GString) text = g_string_new (NULL);
  gboolean differ = TRUE, unreadable = FALSE;
  put_header (&d, text);
  if (d.unmerged)
    {
      g_string_append (text, "* Unmerged path ");
      put_visible (text, d.path);
      g_string_append (text, "\n");
    }
  else
    differ = compare_sides (&d, text, &unreadable);

  g_autoptr(GError) error = NULL;
  if (!pd_cli_write (NULL, text, &error))
    {
      /* git's reader went away (`git diff | head`). A driver killed by
       * SIGPIPE, or ending in error, makes git 2.39 print "external diff
       * died" (P1); git itself ends quietly on its own next write. */
      if (under_git && g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_PIPE))
        _exit (PD_CLI_EXIT_SAME);
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  /* By hand, trouble; under git, an unreadable version still differs
   * (--exit-code: 1), as anything but 0 or 1 stops git (P1). */
  if (unreadable && !under_git)
    return PD_CLI_EXIT_TROUBLE;
  if (d.exit_code)
    return differ ? PD_CLI_EXIT_DIFFERENT : PD_CLI_EXIT_SAME;
  return PD_CLI_EXIT_SAME;
}

/* --- git-setup --- */

int
pd_cli_git_setup (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  /* GOption prints the program name in its usage line. */
  g_set_prgname ("progdiff git-setup");
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (
      context,
      "Make 'git diff' compare *.programme files area by area in the current repository:\n"
      "set diff.progdiff.command = " PD_REPO_DRIVER_COMMAND " in its .git/config and add\n"
      "'" PD_REPO_DRIVER_ATTRIBUTE "' to the top-level .gitattributes.\n"
      "Nothing else is changed; running it again changes nothing.");
  g_option_context_set_description (context,
                                    "'git log' and 'git show' use the driver only with "
                                    "--ext-diff, e.g. 'git log -p --ext-diff'.\n"
                                    "Exit status: 0 on success, 2 on trouble.");
  if (!pd_cli_parse_options (context, entries, "git-setup", &argc, &argv))
    return PD_CLI_EXIT_TROUBLE;
  if (argc > 1)
    return pd_cli_usage_error ("git-setup", "extra operand '%s'", argv[1]);

  g_autoptr(PdRepo) repo = pd_repo_open (".", &error);
  if (repo == NULL)
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  g_auto(PdRepoDriverSetup) setup = { 0 };
  gboolean ok = pd_repo_install_driver (repo, NULL, &setup, &error);

  /* Say what was done, also when a later step failed. */
  g_autoptr(GString) text = g_string_new (NULL);
  if (setup.config_file != NULL && (ok || setup.command_set))
    {
      g_autofree char *config = pd_escape_visible (setup.config_file, -1);
      if (setup.command_set && setup.previous_command != NULL)
        {
          g_autofree char *previous = pd_escape_visible (setup.previous_command, -1);
          g_string_append_printf (text, "%s: set diff.progdiff.command = %s (was: %s)\n", config,
                                  PD_REPO_DRIVER_COMMAND, previous);
        }
      else if (setup.command_set)
        g_string_append_printf (text, "%s: set diff.progdiff.command = %s\n", config,
                                PD_REPO_DRIVER_COMMAND);
      else
        g_string_append_printf (text, "%s: diff.progdiff.command is already %s\n", config,
                                PD_REPO_DRIVER_COMMAND);
    }
  if (ok)
    {
      g_autofree char *attributes = pd_escape_visible (setup.attributes_file, -1);
      g_string_append_printf (text, "%s: %s %s\n", attributes,
                              setup.attributes_created ? "created with"
                              : setup.attributes_appended ? "added"
                                                          : "already has",
                              PD_REPO_DRIVER_ATTRIBUTE);
      g_string_append (text, "git diff now compares *.programme files area by area; "
                             "use 'git log -p --ext-diff' for their history.\n");
    }
  g_autoptr(GError) write_error = NULL;
  if (!pd_cli_write (NULL, text, &write_error))
    {
      pd_cli_print_gerror (write_error);
      return PD_CLI_EXIT_TROUBLE;
    }
  if (!ok)
    {
      pd_cli_print_gerror (error);
      return PD_CLI_EXIT_TROUBLE;
    }
  /* git runs the command by name: without progdiff on PATH, every
   * 'git diff' that meets a *.programme file would stop with an error. */
  g_autofree char *found = g_find_program_in_path ("progdiff");
  if (found == NULL)
    fprintf (stderr, "progdiff: warning: no 'progdiff' on PATH: git cannot run the driver, and "
                     "'git diff' stops at the first *.programme file, until progdiff is "
                     "installed or its directory is on PATH\n");
  return PD_CLI_EXIT_SAME;
}
