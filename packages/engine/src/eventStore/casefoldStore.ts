import type { ProjectionStore } from '../projections/projectionStore.js';
import type { EventStore, LastPositionOptions } from './eventStore.js';
import type { SettingsStore } from './settingsStore.js';

/**
 * What every store adapter's opener returns (`openSqliteStore`, `openPostgresStore`,
 * `openInMemoryStore`): the event store, the read models and the settings kept beside it,
 * and one `close` for all.
 */
export interface CasefoldStore {
  readonly events: EventStore;
  /** Read models and checkpoints, in the same database as the events. */
  readonly projections: ProjectionStore;
  /** Small JSON settings, in the same database. */
  readonly settings: SettingsStore;
  /** Same as `events.readLastPosition(options)`. */
  readLastPosition(options?: LastPositionOptions): Promise<bigint>;
  /** Closes subscriptions and connections; the store refuses every later operation. */
  close(): Promise<void>;
}
