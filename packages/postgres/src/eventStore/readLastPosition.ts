import { openDatabase } from '../connection/database.js';
import type { PostgresPoolOptions } from '../connection/connectionOptions.js';
import { quoteSchemaName } from '../schema/prepareSchema.js';

/** Options of {@link readLastPosition}. */
export interface ReadLastPositionOptions {
  /** As in `getPostgresEventStore`. */
  readonly connectionString: string;
  /** The store's schema. Default `casefold`. */
  readonly schema?: string;
  readonly pool?: PostgresPoolOptions;
}

/**
 * The position of the newest committed event of a store (`0n` when it has none), on a short
 * connection of its own: the question the event-store port has no method for. A whole-store
 * read reaches this position once the transactions running now have ended.
 *
 * @throws InvalidConnectionStringError, InvalidPostgresOptionError, PostgresAuthenticationError,
 *   StoreUnavailableError; a schema without the store's tables fails with the driver's error.
 */
export const readLastPosition = async (options: ReadLastPositionOptions): Promise<bigint> => {
  const quoted = quoteSchemaName(options.schema ?? 'casefold');
  const db = openDatabase({ connectionString: options.connectionString, ...(options.pool ? { pool: options.pool } : {}) });
  try {
    const rows = await db.query('read the last position', { text: `SELECT max(position)::text FROM ${quoted}.events` });
    return BigInt(rows[0]?.[0] ?? '0');
  } finally {
    await db.close();
  }
};
