/* pd-compare.c: placeholder until the module lands. */
#include "config.h"
