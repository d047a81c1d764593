/* pd-cli-check.c: placeholder. */
#include "config.h"
