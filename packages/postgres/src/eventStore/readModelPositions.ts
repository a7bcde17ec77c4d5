import type { ReadModelPositions } from '@casefold/engine';
import { ensureOpen } from '../database/postgresErrors.js';
import type { StoreContext } from './storeContext.js';

const OPERATION = "compare the read models' checkpoints with the last position";

/**
 * The PostgreSQL store's `readReadModelPositions` (the engine's `ReadModelPositionSource`): the
 * furthest checkpoint of the schema's `projections` table (document and row projections) beside
 * the largest position of its events, in one statement, so one snapshot.
 *
 * Why no append or commit running meanwhile can show as a finding: a read model commits a
 * checkpoint only after reading the event at that position, which had committed before (whole-store
 * readers read below the snapshot's `xmin`); a snapshot that shows the checkpoint's commit
 * therefore shows that event's too. The last position here is the largest of every committed
 * event, not the readers' bound, so it never lags a checkpoint.
 *
 * `null` when the schema holds no read model, or when row-level security hides events from this
 * connection's role (`row_security_active`: a tenant's role sees its own events, and may see
 * other tenants' read models; docs/tenancy.md).
 */
export const readModelPositions = (context: StoreContext, isClosing: () => boolean): (() => Promise<ReadModelPositions | null>) => {
  const { db, quoted, tag } = context;
  const statement = {
    name: `casefold_read_model_positions_${tag}`,
    text: `WITH last AS (SELECT coalesce(max(position), 0) AS position FROM ${quoted}.events)
      SELECT p.name, p.position::text, (SELECT count(*) FROM ${quoted}.projections a WHERE a.position > last.position)::text, last.position::text,
             row_security_active($1::text)::text
      FROM ${quoted}.projections p, last
      ORDER BY p.position DESC, p.name
      LIMIT 1`,
  };
  return async () => {
    ensureOpen(isClosing(), OPERATION);
    const [row] = await db.query(OPERATION, statement, [`${quoted}.events`]);
    if (row === undefined) return null;
    const [readModel, position, ahead, lastPosition, hidden] = row as [string, string, string, string, string];
    if (hidden === 'true') return null;
    return { readModel, position: BigInt(position), ahead: Number(ahead), lastPosition: BigInt(lastPosition) };
  };
};
