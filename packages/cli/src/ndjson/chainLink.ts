import { GENESIS_HASH } from '@casefold/engine';
import type { CliMessages } from '../i18n/cliMessages.js';
import { en } from '../i18n/en.js';

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

/** The reason given for an event whose content does not match its hash (English; the catalogues' `importFile.changedContent`). */
export const CHANGED_CONTENT = en.importFile.changedContent;

/**
 * What is wrong with `event` as the next event of its stream after `head` (`undefined`
 * when it is the first of its stream seen), or `null` when it links: revisions run on
 * by one, each `prevHash` is the previous event's hash, and a stream that starts at
 * revision 0 starts from the genesis hash. A stream seen first after revision 0 is fine
 * only when `startsAnywhere` (an import file may continue the database's chains). In the
 * catalogue's language, English by default.
 *
 * @example
 * linkProblem({ revision: 1n, hash: 'ab…' }, { revision: 3n, prevHash: 'cd…' }, false);
 * // → 'expected revision 2 next in this stream (events missing, repeated or out of order)'
 */
export const linkProblem = (head: ChainHead | undefined, event: ChainedEvent, startsAnywhere: boolean, m: CliMessages['importFile'] = en.importFile): string | null => {
  if (head !== undefined) {
    if (event.revision !== head.revision + 1n) return m.expectedRevision(String(head.revision + 1n));
    return event.prevHash === head.hash ? null : m.prevHashUnlinked(String(head.revision));
  }
  if (event.revision === 0n) return event.prevHash === GENESIS_HASH ? null : m.genesis;
  return startsAnywhere ? null : m.startsLate(String(event.revision), String(event.revision - 1n));
};
