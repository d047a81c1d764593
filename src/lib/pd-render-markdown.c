/* pd-render-markdown.c: placeholder until the module lands. */
#include "config.h"
