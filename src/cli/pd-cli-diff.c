/* pd-cli-diff.c: placeholder. */
#include "config.h"
