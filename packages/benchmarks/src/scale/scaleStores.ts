import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CasefoldStore, RowProjectionStore } from '@casefold/engine';
import { openPostgresStore } from '@casefold/postgres';
import { openSqliteStore } from '@casefold/sqlite';
import pg from 'pg';

/** Where a scale run's store lives: a SQLite file, or a schema of a PostgreSQL server. */
export type ScaleStoreLocation = { readonly kind: 'sqlite'; readonly fileName: string } | { readonly kind: 'postgres'; readonly url: string; readonly schema: string };

/** The location of a new store of `kind` for a run in `dir` (PostgreSQL: on the server at `url`). */
export const scaleStoreLocation = (kind: 'sqlite' | 'postgres', dir: string, url: string | undefined): ScaleStoreLocation => {
  if (kind === 'sqlite') return { kind, fileName: join(dir, 'city.db') };
  if (url === undefined) throw new Error('a PostgreSQL scale run needs a server URL');
  return { kind, url, schema: 'city' };
};

/** A store of a scale run: the adapters' common contract, with their row read models. */
export type ScaleStore = CasefoldStore & { readonly rowProjections: RowProjectionStore };

/** Opens the store at `location` with the adapter's defaults (SQLite: WAL, synchronous FULL; PostgreSQL: group commit, fsync on). */
export const openScaleStore = (location: ScaleStoreLocation): Promise<ScaleStore> =>
  location.kind === 'sqlite' ? openSqliteStore({ fileName: location.fileName }) : openPostgresStore({ connectionString: location.url, schema: location.schema });

/** Bytes on disk: the SQLite file with its WAL, or the PostgreSQL schema's tables with their indexes and TOAST. */
export const storeBytes = async (location: ScaleStoreLocation): Promise<number> => {
  if (location.kind === 'sqlite') {
    const size = (path: string): number => {
      try {
        return statSync(path).size;
      } catch {
        return 0;
      }
    };
    return size(location.fileName) + size(`${location.fileName}-wal`);
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    const result = await client.query<{ bytes: string | null }>(
      "SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
      [location.schema],
    );
    return Number(result.rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
};
