import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreUnavailableError } from '@casefold/engine';
import { getSqliteEventStore, isDatabaseOpenError, openDatabase } from '@casefold/sqlite';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** The error `open` throws (fails the test if it returns). */
const failureOf = (open: () => unknown): unknown => {
  try {
    open();
  } catch (e) {
    return e;
  }
  throw new Error('expected the open to fail, but it succeeded');
};

describe.each([
  ['getSqliteEventStore', (fileName: string): unknown => getSqliteEventStore({ fileName })],
  ['openDatabase', (fileName: string): unknown => openDatabase({ fileName })],
])('%s on a path that cannot be opened', (_, open) => {
  it('a missing directory: DatabaseOpenError naming the file, the directory and what to do; not retryable; nothing created', () => {
    const missing = join(dir.path, 'no', 'such', 'dir');
    const fileName = join(missing, 'cases.db');
    const error = failureOf(() => open(fileName));
    expect(isDatabaseOpenError(error)).toBe(true);
    expect(isStoreUnavailableError(error)).toBe(false);
    expect(error).toMatchObject({ fileName, retryable: false });
    const { message } = error as Error;
    expect(message).toContain(`'${fileName}'`);
    expect(message).toContain(`the directory '${missing}' does not exist`);
    expect(message).toContain('create the directory');
    expect(message).toContain('retrying will not help');
    expect(existsSync(join(dir.path, 'no'))).toBe(false);
  });
});
