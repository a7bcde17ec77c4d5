import type { Database } from '../database/openDatabase.js';

/** What the parts of a PostgreSQL event store share. */
export interface StoreContext {
  readonly db: Database;
  /** The schema name as given. */
  readonly schema: string;
  /** The schema name shortened for prepared-statement names (schemaTag.ts): PostgreSQL cuts those at 63 characters. */
  readonly tag: string;
  /** The schema name, quoted for SQL. */
  readonly quoted: string;
  /** Position base (see positions.ts). */
  readonly positionBase: bigint;
  /** Rows per page of a read. */
  readonly pageSize: number;
}
