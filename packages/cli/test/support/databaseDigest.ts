import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { openDatabase } from '@casefold/sqlite';

/**
 * A digest of what a casefold database holds (events, stream heads, read models and
 * settings, schema history), and its event count. `eventsOnly` digests the events alone
 * (the schema history records when it was applied, so it differs between two files).
 */
export const databaseDigest = (fileName: string, options: { readonly eventsOnly?: boolean } = {}): { readonly events: number; readonly digest: string } => {
  const db = openDatabase({ fileName });
  try {
    const hash = createHash('sha256');
    let events = 0;
    for (const row of db.prepare('SELECT * FROM events ORDER BY position').raw(true).iterate()) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      events += 1;
    }
    for (const table of options.eventsOnly === true ? [] : ['streams', 'projections', 'schema_version']) {
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY 1`).raw(true).iterate()) hash.update(JSON.stringify(row));
    }
    return { events, digest: hash.digest('hex') };
  } finally {
    db.close();
  }
};

/** SHA-256 of a file's bytes (for files the CLI must not even open for writing). */
export const fileDigest = (fileName: string): string | null => (existsSync(fileName) ? createHash('sha256').update(readFileSync(fileName)).digest('hex') : null);
