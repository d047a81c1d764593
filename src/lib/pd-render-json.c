/* pd-render-json.c: placeholder until the module lands. */
#include "config.h"
