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

  it('describes an esdb:// location by scheme, hosts and prefix only, reading the user-info part as the client does (a password may hold / or ?)', () => {
    for (const url of ['esdb://admin:s3/cr?et@h1:2113,h2:2113?tls=false', 'esdb+discover://admin:s3cret@h1:2113,h2:2113/?tls=false&nodePreference=leader']) {
      const location = parseStoreLocation({ store: url, streamPrefix: 'centre2-' });
      expect(location).toMatchObject({ kind: 'eventstoredb', hosts: 'h1:2113,h2:2113', projections: { kind: 'sqlite', fileName: 'esdb-h1-2113-h2-2113-centre2.read-models.db' } });
      expect(describeLocation(location)).toMatch(/^'esdb(\+discover)?:\/\/h1:2113,h2:2113' \(streams 'centre2-…'\)$/);
      expect(describeLocation(location)).not.toMatch(/s3|admin/);
    }
    expect(parseStoreLocation({ store: 'esdb://h:2113?tls=false', projections: 'postgres://u:p@db/rm' })).toMatchObject({ projections: { kind: 'postgres', url: 'postgres://u:p@db/rm' } });
    for (const projections of ['esdb://h:2113', 'host=db password=s3cret']) {
      const error = (() => {
        try {
          return parseStoreLocation({ store: 'esdb://h:2113?tls=false', projections });
        } catch (e) {
          return e;
        }
      })();
      expect(isUsageError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/^--projections/);
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('still takes plain file names', () => {
    expect(parseStoreLocation({ store: 'cases.db' })).toEqual({ kind: 'sqlite', fileName: 'cases.db' });
  });
});
