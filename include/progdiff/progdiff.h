/* progdiff.h: the one header users of libprogdiff include. */
#ifndef PD_PROGDIFF_H
#define PD_PROGDIFF_H

#define PD_INSIDE_PROGDIFF_H

#include <progdiff/pd-types.h>
#include <progdiff/pd-error.h>
#include <progdiff/pd-escape.h>
#include <progdiff/pd-document.h>
#include <progdiff/pd-wdiff.h>
#include <progdiff/pd-match.h>
#include <progdiff/pd-compare.h>
#include <progdiff/pd-report.h>
#include <progdiff/pd-repo.h>
#include <progdiff/pd-history.h>
#include <progdiff/pd-timeline.h>
#include <progdiff/pd-plaindiff.h>

#undef PD_INSIDE_PROGDIFF_H

#endif /* PD_PROGDIFF_H */
