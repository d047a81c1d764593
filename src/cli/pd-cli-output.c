/* pd-cli-output.c: placeholder. */
#include "config.h"
