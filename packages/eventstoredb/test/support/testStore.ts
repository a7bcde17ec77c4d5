import { randomUUID } from 'node:crypto';
import { openSqliteStore } from '@casefold/sqlite';
import { openEventStoreDbStore } from '@casefold/eventstoredb';
import type { EventStoreDbStoreOptions } from '@casefold/eventstoredb';
import type { CasefoldStore } from '@casefold/engine';

/** The real server the tests also run against when set, e.g. `esdb://localhost:2113?tls=false` (see docs/eventstoredb.md). */
export const realServerUrl: string | undefined = process.env.EVENTSTORE_URL === '' ? undefined : process.env.EVENTSTORE_URL;

/** Why the real-server tests did not run, in their names: never a silent skip. */
export const REAL_SERVER_SKIPPED = 'skipped: EVENTSTORE_URL is not set, so no real EventStoreDB/KurrentDB server was given (docs/eventstoredb.md says how to run them)';

/** A stream prefix of its own per store: stores on one server never see each other's events. */
export const uniquePrefix = (): string => `cf${randomUUID().slice(0, 8)}-`;

/** A store on `connectionString` with a fresh prefix, paired with a SQLite `:memory:` projection store. */
export const openTestStore = async (connectionString: string, options: Partial<EventStoreDbStoreOptions> = {}): Promise<CasefoldStore & { readonly prefix: string }> => {
  const prefix = options.streamPrefix ?? uniquePrefix();
  const store = await openEventStoreDbStore({ connectionString, projections: await openSqliteStore({ fileName: ':memory:' }), ...options, streamPrefix: prefix });
  return Object.assign(store, { prefix });
};
