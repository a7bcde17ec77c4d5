import type pg from 'pg';
import type { HeadEvent } from '@casefold/engine';
import type { HeadEventReader, HeadEventSource } from '@casefold/engine/adapter';
import type { Statement, TextRow } from '../database/openDatabase.js';
import { ensureOpen } from '../database/postgresErrors.js';
import { visibleBoundSql } from './positions.js';
import type { StoreContext } from './storeContext.js';

/** The store's {@link HeadEventSource}, and what closing the store does to its readers. */
export interface HeadEventReaders extends HeadEventSource {
  /** Closes every reader still open (the store is closing). */
  readonly closeAll: () => Promise<void>;
}

const OPERATION = 'read the events appended since the last checkpoint';

/**
 * Head readers for periodic checkpoints (`startCheckpointing`). Each read is one keyset query
 * (positions after the last one read, below the visible bound of its own snapshot, see
 * positions.ts) selecting only the columns of a head, on a connection of the reader's own:
 * it never waits for transactions in flight (a later read gets their events, since nothing
 * can appear below the bound afterwards) and never takes a pooled connection from the
 * writers. The connection opens at the first read; a read that fails (the connection broke,
 * the server restarted) fails with the pool's typed error and ends the connection, and the
 * next read opens a new one.
 */
export const createHeadEventReaders = (context: StoreContext, isClosing: () => boolean): HeadEventReaders => {
  const { db, quoted, tag, positionBase } = context;
  const statement: Statement = {
    name: `casefold_read_heads_${tag}`,
    text: `SELECT position, stream_id, revision, hash FROM ${quoted}.events
      WHERE position > $1 AND position < ${visibleBoundSql(positionBase)} ORDER BY position LIMIT $2`,
  };
  const readers = new Set<HeadEventReader>();

  const openHeadEventReader = (): HeadEventReader => {
    let connection: Promise<pg.Client> | null = null;
    let closed = false;
    /** Ends the connection `of` unless a newer one replaced it; the next read opens another. */
    const drop = (of: Promise<pg.Client>): void => {
      if (connection === of) connection = null;
      void of.then((client) => client.end()).catch(() => undefined);
    };
    const connected = (): Promise<pg.Client> => {
      if (connection !== null) return connection;
      const opening = db.connect(OPERATION);
      connection = opening;
      opening.then(
        (client) => {
          client.on('error', () => drop(opening));
          client.on('end', () => drop(opening));
        },
        () => drop(opening),
      );
      return opening;
    };
    const reader: HeadEventReader = {
      readAfter: async (position, maxCount) => {
        ensureOpen(closed || isClosing(), OPERATION);
        const opening = connected();
        let rows: TextRow[];
        try {
          rows = await db.queryOn(await opening)(OPERATION, statement, [position.toString(), maxCount]);
        } catch (e) {
          // A broken connection may not have said so yet: the next read opens a new one.
          drop(opening);
          throw e;
        }
        return rows.map(([at, streamId, revision, hash]): HeadEvent => ({ position: BigInt(at!), streamId: streamId!, revision: BigInt(revision!), hash: hash! }));
      },
      close: async () => {
        closed = true;
        readers.delete(reader);
        const current = connection;
        connection = null;
        if (current !== null) await current.then((client) => client.end()).catch(() => undefined);
      },
    };
    readers.add(reader);
    return reader;
  };

  return {
    openHeadEventReader,
    closeAll: async () => {
      await Promise.all([...readers].map((reader) => reader.close()));
    },
  };
};
