import type { AnyCaseEvent, Envelope } from '@casefold/core';
import { OPEN_STEPS, boardStreamId, decodedBoardEvent, isClosedCase } from './boardWorkload.js';

/**
 * Open cases of a generated history of `cases` cases (boardWorkload.ts) to move one step on
 * (MediationStarted): spread over the whole board, or over its `newest` cases only, none of those
 * in `taken`. Positions follow `from`; the benchmarks number them again as they commit.
 */
export const nextEvents = (cases: number, count: number, from: bigint, newest = cases, taken: ReadonlySet<string> = new Set()): Envelope<AnyCaseEvent>[] => {
  const picked: Envelope<AnyCaseEvent>[] = [];
  const streams = new Set<string>();
  for (let j = 0; picked.length < count; j++) {
    const i = cases - newest + ((j * 7_919) % newest);
    const streamId = boardStreamId(i);
    if (isClosedCase(i) || taken.has(streamId) || streams.has(streamId)) continue;
    streams.add(streamId);
    picked.push({ streamId, revision: BigInt(OPEN_STEPS), position: from + BigInt(picked.length + 1), eventId: `next-${i}`, recordedAt: '', event: decodedBoardEvent(i, OPEN_STEPS) });
  }
  return picked;
};
