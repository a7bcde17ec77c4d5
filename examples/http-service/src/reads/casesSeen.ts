import type { CaseScopesState, CaseSight } from '@casefold/core';

/** The cases a caller sees, of all the case scopes hold: their streams, and how many cases there are. */
export interface CasesSeen {
  /** The streams of the cases whose `case` part the sight shows. */
  readonly streamIds: readonly string[];
  /** Every case the scopes hold, seen or not. */
  readonly of: number;
}

/**
 * Which cases `sight` shows, judged for every case of the scopes read model (in memory): a policy
 * is not a column, so no index answers it. A case with no scope is seen by no one.
 */
export const casesSeen = (scopes: CaseScopesState, sight: CaseSight): CasesSeen => {
  const streamIds: string[] = [];
  let of = 0;
  for (const shard of Object.values(scopes.streams))
    for (const [streamId, caseId] of Object.entries(shard)) {
      of += 1;
      if (sight(caseId, 'case')) streamIds.push(streamId);
    }
  return { streamIds, of };
};
