/* pd-git-load.c: opens libgit2 when a repository is first needed (see
 * pd-git-private.h for why it is not linked). */
#include "config.h"

#include <dlfcn.h>

#include "pd-escape-private.h"
#define PD_GIT_LOADER
#include "pd-git-private.h"

PdGitFunctions pd_git__functions;

static GMutex lock;
static gboolean loaded;    /* set once, under @lock; read atomically */
static const char *soname_override;

void
pd_git__set_soname (const char *soname)
{
  soname_override = soname;
}

/* Fills @fns from @handle; names the first function missing, if any. */
static const char *
resolve (void *handle, PdGitFunctions *fns)
{
#define PD_GIT_RESOLVE(name)                                              \
  if ((fns->name = (__typeof__ (fns->name)) dlsym (handle, #name)) == NULL) \
    return #name;
  PD_GIT_FUNCTIONS (PD_GIT_RESOLVE)
#undef PD_GIT_RESOLVE
  return NULL;
}

gboolean
pd_git__load (GError **error)
{
  if (g_atomic_int_get (&loaded))
    return TRUE;

  g_mutex_lock (&lock);
  const char *soname = soname_override != NULL ? soname_override : "libgit2.so." LIBGIT2_SOVERSION;
  gboolean ok = loaded;
  if (!ok)
    {
      /* Never closed: libgit2 keeps process-wide state (its init count,
       * the pack cache) for as long as the process runs. */
      void *handle = dlopen (soname, RTLD_NOW | RTLD_LOCAL);
      PdGitFunctions fns;
      const char *missing = handle != NULL ? resolve (handle, &fns) : NULL;
      if (handle == NULL)
        {
          /* The loader's message names files found on the search path,
           * which the environment chooses: made visible. */
          g_autofree char *why = pd_escape__visible (dlerror (), -1);
          g_set_error (error, PD_ERROR, PD_ERROR_GIT, "cannot load libgit2 (%s): %s", soname, why);
        }
      else if (missing != NULL)
        g_set_error (error, PD_ERROR, PD_ERROR_GIT, "%s has no function %s (libgit2 %s expected)",
                     soname, missing, LIBGIT2_VERSION);
      else
        {
          pd_git__functions = fns;
          g_atomic_int_set (&loaded, TRUE);
          ok = TRUE;
        }
      if (!ok && handle != NULL)
        dlclose (handle);
    }
  g_mutex_unlock (&lock);
  return ok;
}
