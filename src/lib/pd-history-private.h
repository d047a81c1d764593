/* pd-history-private.h: what blame and the area follower share (internal). */
#ifndef PD_HISTORY_PRIVATE_H
#define PD_HISTORY_PRIVATE_H

#include <progdiff/pd-history.h>

G_BEGIN_DECLS

/* A run of invalid versions, as a walk (newest first) meets it: nothing
 * can be compared inside it, so what changed across it is found by
 * comparing the valid versions on either side, and shows in the upper
 * one. Zero-initialised: no run. */
typedef struct
{
  PdDocument *top;     /* the valid version above the run, while in one */
  char *top_commit;    /* its commit's full id */
} PdHistoryGap;

typedef enum
{
  PD_HISTORY_GAP_NONE,      /* @entry ends no run */
  PD_HISTORY_GAP_BRIDGED,   /* a valid version below the run: *across is set */
  PD_HISTORY_GAP_DELETED,   /* the document was deleted below the run: what the
                             * top version holds appeared there */
} PdHistoryGapEnd;

/* Moves @gap past @entry, the walk's next entry. When @entry ends a run,
 * says how, and for a valid version below it sets *@across to that
 * version compared with the top one (transfer full) and *@top_commit to
 * the top's commit (transfer full; may be NULL). A caller handles that
 * before @entry's own comparison, which is older. */
PdHistoryGapEnd pd_history__gap_step (PdHistoryGap           *gap,
                                      const PdLogEntry       *entry,
                                      const PdCompareOptions *compare,
                                      PdComparison          **across,
                                      char                  **top_commit);

void pd_history__gap_clear (PdHistoryGap *gap);

G_END_DECLS

#endif /* PD_HISTORY_PRIVATE_H */
