import type { EventStore } from '../eventStore/eventStore.js';

/**
 * How far a store's read models say they have read, beside where its events end, both read at
 * one moment (see {@link ReadModelPositionSource}).
 */
export interface ReadModelPositions {
  /** The read model with the furthest checkpoint (the first by name among equals). */
  readonly readModel: string;
  /** Its checkpoint: the position of the last event it says it folded. */
  readonly position: bigint;
  /** How many read models have a checkpoint past {@link ReadModelPositions.lastPosition}. */
  readonly ahead: number;
  /** The position of the store's last event (`0n` when it has none). */
  readonly lastPosition: bigint;
}

/**
 * A store that keeps its read models' checkpoints in the same database as its events (the SQLite
 * and PostgreSQL stores' `projections` table: document and row projections alike), and can read
 * the furthest of them and its last position in one snapshot. A read model commits its checkpoint
 * only after the events it folded were committed, so in one snapshot no checkpoint is past the
 * last event, whatever is being appended meanwhile (see docs/audit.md).
 */
export interface ReadModelPositionSource {
  /** The furthest read model checkpoint and the last position, read at one moment; `null` when the store keeps no read model. */
  readReadModelPositions(): Promise<ReadModelPositions | null>;
}

/** Whether a store offers {@link ReadModelPositionSource.readReadModelPositions}. */
export const hasReadModelPositions = (store: object): store is ReadModelPositionSource => typeof (store as Partial<ReadModelPositionSource>).readReadModelPositions === 'function';

/**
 * Read models built past the store's last event: events were removed from the end of the store
 * after they were folded (every hash chain may still hold: nothing links to the last event), or
 * the read models were copied from another store. On SQLite the next append would reuse the
 * removed positions, and the read models would skip it.
 */
export interface ReadModelsAhead extends ReadModelPositions {
  /** What was found, what it means and what to do, in words. */
  readonly message: string;
}

/**
 * Compares the checkpoints of the read models kept in the store's own database with its last
 * position ({@link ReadModelPositionSource}); `null` when none is past it, or when the store
 * keeps no such record (other adapters, a tenant's view: its read models share the table with
 * the other tenants', whose positions are the whole store's).
 *
 * @example
 * const ahead = await findReadModelsAhead(store);
 * if (ahead !== null) console.error(ahead.message);
 */
export const findReadModelsAhead = async (store: EventStore): Promise<ReadModelsAhead | null> => {
  if (!hasReadModelPositions(store)) return null;
  const found = await store.readReadModelPositions();
  if (found === null || found.position <= found.lastPosition) return null;
  const others = found.ahead > 1 ? ` and ${found.ahead - 1} more` : '';
  return {
    ...found,
    message:
      `The read models were built up to position ${found.position} (read model '${found.readModel}'${others}), but the store ends at position ${found.lastPosition}: ` +
      'events were removed from the end of the store, or the read models belong to another store. Restore the database from a verified backup or export and find out who changed it; ' +
      'read models copied from another store are rebuilt with `casefold replay`.',
  };
};
