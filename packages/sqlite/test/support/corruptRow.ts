import type { SqliteEventStore } from '@casefold/sqlite';
import { storeDatabase } from '../../src/eventStore/storeDatabase.js';

/** The conformance suite's `corrupt` hook: writes JSON that does not parse into an event's data column, behind the store's back. */
export const corruptRow =
  (store: SqliteEventStore) =>
  (streamId: string, revision: bigint): Promise<void> => {
    storeDatabase(store).prepare('UPDATE events SET data = \'{"amount": \' WHERE stream_id = ? AND revision = ?').run(streamId, revision);
    return Promise.resolve();
  };
