import type { EventStore, Json, ProjectionStore, RowProjectionStore } from '@casefold/engine';

/** An open store, whatever its kind: the adapter's store (events, read models, settings), for the commands. */
export interface OpenedStore {
  /** The location for messages. */
  readonly description: string;
  readonly events: EventStore;
  readonly projections: ProjectionStore;
  /** The row read models' store in the same database as the events (SQLite, PostgreSQL); absent for EventStoreDB. */
  readonly rowProjections?: RowProjectionStore;
  /** Position of the last event in the store (`0n` when empty). */
  readonly lastPosition: () => Promise<bigint>;
  /** Reads a small JSON setting kept beside the events (e.g. the jurisdiction directory); `null` if absent. */
  readonly readSetting: (name: string) => Promise<Json | null>;
  /** Writes such a setting. */
  readonly writeSetting: (name: string, value: Json) => Promise<void>;
  /** Closes the store; after a `bulk` open, also makes the file durable. */
  readonly close: () => Promise<void>;
}
