import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localMasterKey, protectPersonalData, verifyAll } from '@casefold/engine';
import { expectErasedOnRead, expectNoTraceOf, shredSample } from '@casefold/engine/testing';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteKeystore, openSqliteStore } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The bytes of the database file and its write-ahead log, as one buffer. */
const fileBytes = (fileName: string): Buffer => Buffer.concat([fileName, `${fileName}-wal`].filter(existsSync).map((f) => readFileSync(f)));

describe('crypto-shredding on SQLite: forget leaves no trace of the subject in the file', () => {
  it.each([
    ['keys in the event store’s file, in their own table', true],
    ['keys in a file of their own', false],
  ])('%s: no name, phone or ID number ever in the file (WAL included), and no key of a forgotten subject after forget; the history verifies', async (_, sameFile) => {
    const dir = mkdtempSync(join(tmpdir(), 'casefold-shred-'));
    dirs.push(dir);
    const fileName = join(dir, 'cases.db');
    const keyFile = sameFile ? fileName : join(dir, 'keys.db');
    const store = await openSqliteStore({ fileName });
    const keystore = await openSqliteKeystore({ fileName: keyFile, create: true });
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    // The search finds what is there: the wrapped keys are in the keystore's file before forget.
    const sample = await shredSample({ store: store.events, keystore, kms, keystoreBytes: async () => fileBytes(keyFile) });
    await keystore.close();
    await store.close();

    const bytes = Buffer.concat([fileBytes(fileName), sameFile ? Buffer.alloc(0) : fileBytes(keyFile)]);
    expectNoTraceOf(bytes, sample);

    // Reopened: the history verifies, the forgotten read as erased, the others as written.
    const reopened = await openSqliteStore({ fileName });
    const reopenedKeys = await openSqliteKeystore({ fileName: keyFile });
    try {
      const reader = protectPersonalData(reopened.events, { keystore: reopenedKeys, kms });
      expect(E.isRight(await verifyAll(reader))).toBe(true);
      await expectErasedOnRead(reader, sample);
    } finally {
      await reopenedKeys.close();
      await reopened.close();
    }
  });
});
