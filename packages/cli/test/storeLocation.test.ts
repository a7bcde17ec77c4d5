import { describe, expect, it } from 'vitest';
import { isUsageError } from '../src/cli/cliErrors.js';
import { describeLocation, parseStoreLocation } from '../src/store/storeLocation.js';

const usageError = (store: string): unknown => {
  try {
    parseStoreLocation({ store });
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('store locations never show a password', () => {
  it('describes a postgres:// location by scheme, host, port and database only (no user, password or parameter), without @casefold/postgres', () => {
    expect(describeLocation({ kind: 'postgres', url: 'postgres://u:p@ss@h:6432/db?password=s3cret&sslmode=require' })).toBe("'postgres://h:6432/db'");
    expect(describeLocation({ kind: 'postgres', url: 'postgres://u:hun/ter2@h:99999/db' })).toBe('a PostgreSQL connection string (not shown: it may hold a password)');
    expect(describeLocation({ kind: 'postgres', url: 'postgres://u:hun?ter2@h/db' })).toBe('a PostgreSQL connection string (not shown: it may hold a password)');
  });

  it.each(['host=h password=s3cret', 'dbname=app user=me password=s3cret', 'password = s3cret host=h'])('refuses the keyword/value form %j as a usage error that does not echo it', (store) => {
    const error = usageError(store);
    expect(isUsageError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/keyword\/value/);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('still takes plain file names', () => {
    expect(parseStoreLocation({ store: 'cases.db' })).toEqual({ kind: 'sqlite', fileName: 'cases.db' });
  });
});
