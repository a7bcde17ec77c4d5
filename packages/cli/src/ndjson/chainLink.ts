import { GENESIS_HASH } from '@casefold/engine';

/** The last event of a stream seen so far; updated in place as a walk moves on. */
export interface ChainHead {
  revision: bigint;
  hash: string;
}

/** What {@link linkProblem} looks at in an event. */
export interface ChainedEvent {
  readonly revision: bigint;
  readonly prevHash: string;
}

/** The reason given for an event whose content does not match its hash. */
export const CHANGED_CONTENT = "the hash does not match the event's content (the event was changed after it was written)";

/**
 * What is wrong with `event` as the next event of its stream after `head` (`undefined`
 * when it is the first of its stream seen), or `null` when it links: revisions run on
 * by one, each `prevHash` is the previous event's hash, and a stream that starts at
 * revision 0 starts from the genesis hash. A stream seen first after revision 0 is fine
 * only when `startsAnywhere` (an import file may continue the database's chains).
 *
 * @example
 * linkProblem({ revision: 1n, hash: 'ab…' }, { revision: 3n, prevHash: 'cd…' }, false);
 * // → 'expected revision 2 next in this stream (events missing, repeated or out of order)'
 */
export const linkProblem = (head: ChainHead | undefined, event: ChainedEvent, startsAnywhere: boolean): string | null => {
  if (head !== undefined) {
    if (event.revision !== head.revision + 1n) return `expected revision ${head.revision + 1n} next in this stream (events missing, repeated or out of order)`;
    return event.prevHash === head.hash ? null : `prevHash does not link to revision ${head.revision}'s hash (an event before it was changed, removed or inserted)`;
  }
  if (event.revision === 0n) return event.prevHash === GENESIS_HASH ? null : 'the first event of a stream must have the genesis prevHash (64 zeros)';
  return startsAnywhere ? null : `the stream starts at revision ${event.revision}: revisions 0..${event.revision - 1n} are missing`;
};
