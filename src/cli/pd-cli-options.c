/* pd-cli-options.c: GOptionContext with the habits of git and GNU tools.
 *
 * GLib's parser reads "-n1" as the flags -n and -1, and "--color" without
 * "=WHEN" as taking the next argument for its value; users of git and diff
 * type both. The arguments are rewritten first ("-n" "1", "--color=always"),
 * then parsed, and GLib's messages are put in this tool's style.
 */
#include "config.h"

#include <string.h>

#include "pd-cli.h"

/* Long options whose value may be left out, and what that means. */
static const struct
{
  const char *name;
  const char *implied;
} optional_values[] = {
  { "--color", "--color=always" },
};

static gboolean
takes_value (const GOptionEntry *entries, char short_name)
{
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    if (e->short_name == short_name)
      return e->arg != G_OPTION_ARG_NONE && !(e->flags & G_OPTION_FLAG_NO_ARG);
  return FALSE;
}

static const GOptionEntry *
find_long_option (const GOptionEntry *entries, const char *name)
{
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    if (strcmp (e->long_name, name) == 0)
      return e;
  return NULL;
}

/* Whether @arg is an option that takes the next argument for its value:
 * "-o", or "--output" without "=". */
static gboolean
value_follows (const GOptionEntry *entries, const char *arg)
{
  if (arg[0] != '-')
    return FALSE;
  if (arg[1] != '-')
    return arg[1] != '\0' && arg[2] == '\0' && takes_value (entries, arg[1]);
  if (strchr (arg, '=') != NULL)
    return FALSE;
  const GOptionEntry *e = find_long_option (entries, arg + 2);
  return e != NULL && e->arg != G_OPTION_ARG_NONE && !(e->flags & G_OPTION_FLAG_NO_ARG);
}

/* The arguments as GLib can read them; the strings are owned by @owned. */
static char **
rewrite_args (int argc, char **argv, const GOptionEntry *entries, GPtrArray *owned)
{
  GPtrArray *args = g_ptr_array_new ();
  gboolean options_end = FALSE;
  gboolean is_value = FALSE;

  for (int i = 0; i < argc; i++)
    {
      const char *arg = argv[i];
      /* An option's value is taken as it is, even "-n1" after --area. */
      if (is_value)
        is_value = FALSE;
      else if (i > 0 && !options_end)
        {
          is_value = value_follows (entries, arg);
          if (strcmp (arg, "--") == 0)
            options_end = TRUE;
          else if (arg[0] == '-' && arg[1] != '-' && arg[1] != '\0' && arg[2] != '\0'
                   && takes_value (entries, arg[1]))
            {
              char *flag = g_strndup (arg, 2);
              g_ptr_array_add (owned, flag);
              g_ptr_array_add (args, flag);
              arg += 2;
            }
          else
            for (guint k = 0; k < G_N_ELEMENTS (optional_values); k++)
              if (strcmp (arg, optional_values[k].name) == 0
                  && find_long_option (entries, optional_values[k].name + 2) != NULL)
                {
                  arg = optional_values[k].implied;
                  is_value = FALSE;
                }
        }
      char *copy = g_strdup (arg);
      g_ptr_array_add (owned, copy);
      g_ptr_array_add (args, copy);
    }
  g_ptr_array_add (args, NULL);
  return (char **) g_ptr_array_free (args, FALSE);
}

/* GLib's message in this tool's style: "unknown option --x", with
 * straight quotes. A translated message is left as it is. */
static char *
restyle (const char *message)
{
  g_autoptr(GString) out = g_string_new (message);

  g_string_replace (out, "\u201c", "'", 0);
  g_string_replace (out, "\u201d", "'", 0);
  if (g_ascii_isupper (out->str[0]) && g_ascii_islower (out->str[1]))
    out->str[0] = g_ascii_tolower (out->str[0]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
pd_cli_check_lang (const char *command, const char *lang)
{
  if (lang == NULL || pd_locale_is_valid (lang))
    return TRUE;
  pd_cli_usage_error (command, "invalid --lang '%s' (expected a locale such as 'ja', 'pt_BR' "
                               "or 'sr@latin')", lang);
  return FALSE;
}

/* The rewritten arguments stay until exit: the operands point into them.
 * GLib takes parsed options out of the array, so the strings are kept in
 * their own array, left for exit as the other objects are. */
static char **kept_args;

gboolean
pd_cli_parse_options (GOptionContext     *context,
                      const GOptionEntry *entries,
                      const char         *command,
                      int                *argc,
                      char             ***argv)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (kept_args == NULL, FALSE);
  GPtrArray *kept_strings = g_ptr_array_new_with_free_func (g_free);
  pd_cli_keep_until_exit (kept_strings);
  kept_args = rewrite_args (*argc, *argv, entries, kept_strings);
  pd_cli_keep_until_exit (kept_args);
  *argc = (int) g_strv_length (kept_args);
  *argv = kept_args;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *message = restyle (error->message);
      pd_cli_usage_error (command, "%s", message);
      return FALSE;
    }
  pd_cli_strip_dashdash (argc, *argv);
  return TRUE;
}
