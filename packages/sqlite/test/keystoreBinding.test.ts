import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mobileNumberOf, residentIdNumberOf, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler, caseStreamId, isKeyManagementMismatchError, isKeystoreMismatchError, isKeystoreNotFoundError, localMasterKey, protectPersonalData } from '@casefold/engine';
import BetterSqlite3 from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteKeystore, openSqliteStore } from '../src/index.js';

const NOW = '2026-06-01T08:00:00.000Z';
const at = { actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' }, occurredAt: NOW };
const person = { name: '赵敏-keystore', phone: mobileNumberOf(24681357), idNumber: residentIdNumberOf(9090) };
const submit = (caseId: string, subjectId: string) => sampleSubmit(caseId, { claimedAmountFen: null, parties: [{ subjectId, side: 'applicant', pii: person }] });
const failure = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-keystore-'));
  dirs.push(dir);
  return dir;
};

describe('the SQLite keystore is created only when asked, and a store keeps to its own keystore', () => {
  it('a missing keystore file is refused (no file made) unless create is given; a file without the keystore table too; an existing keystore opens without it', async () => {
    const dir = tempDir();
    const missing = join(dir, 'keys.db');
    const error = await failure(openSqliteKeystore({ fileName: missing }));
    expect(isKeystoreNotFoundError(error) && error.message).toMatch(/No keystore at '.*keys\.db' \(no such file\).*`create: true`/);
    expect(existsSync(missing)).toBe(false);
    const other = join(dir, 'other.db');
    new BetterSqlite3(other).exec('CREATE TABLE t (x)').close();
    expect(isKeystoreNotFoundError(await failure(openSqliteKeystore({ fileName: other })))).toBe(true);
    expect(new BetterSqlite3(other).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['t']); // left as it was
    const created = await openSqliteKeystore({ fileName: missing, create: true });
    const { keystoreId } = await created.identity();
    await created.close();
    const reopened = await openSqliteKeystore({ fileName: missing });
    expect((await reopened.identity()).keystoreId).toBe(keystoreId);
    await reopened.close();
  });

  it('a store sealed with one keystore file refuses a new keystore file and another master key; its case still takes commands with its own', async () => {
    const dir = tempDir();
    const fileName = join(dir, 'cases.db');
    const masterKey = randomBytes(32);
    const store = await openSqliteStore({ fileName });
    const keystore = await openSqliteKeystore({ fileName: join(dir, 'keys.db'), create: true });
    const handler = (events: ReturnType<typeof protectPersonalData>) => caseCommandHandler({ store: events, directory: sampleDirectory(), clock: () => NOW });
    expect(E.isRight(await handler(protectPersonalData(store.events, { keystore, kms: localMasterKey({ masterKey }), clock: () => NOW }))(submit('K-1', 'S-1'), at))).toBe(true);
    const last = await store.events.readLastPosition();

    // A keystore path mistyped as a new file (created on purpose): the store names the keystore it needs.
    const fresh = await openSqliteKeystore({ fileName: join(dir, 'keys-new.db'), create: true });
    const withFresh = handler(protectPersonalData(store.events, { keystore: fresh, kms: localMasterKey({ masterKey }), clock: () => NOW }));
    const mismatch = await failure(withFresh(submit('K-2', 'S-1'), at));
    expect(isKeystoreMismatchError(mismatch) && mismatch.message).toMatch(/sealed with the keys of keystore '.+', but it was opened with keystore '.+'.*Open it with its own keystore/);
    expect(isKeystoreMismatchError(await failure(withFresh(submit('K-3', 'S-3'), at)))).toBe(true);
    expect(await fresh.read(['S-1', 'S-3'])).toEqual(new Map());
    await fresh.close();

    // Another master key with the right keystore.
    const wrongKey = handler(protectPersonalData(store.events, { keystore, kms: localMasterKey({ masterKey: randomBytes(32) }), clock: () => NOW }));
    expect(isKeyManagementMismatchError(await failure(wrongKey(submit('K-4', 'S-4'), at)))).toBe(true);
    expect(await store.events.readLastPosition()).toBe(last); // nothing appended by either

    // Its own keystore, reopened from the file: the case reads and takes commands.
    await keystore.close();
    const own = await openSqliteKeystore({ fileName: join(dir, 'keys.db') });
    const events = protectPersonalData(store.events, { keystore: own, kms: localMasterKey({ masterKey }), clock: () => NOW });
    const review = { type: 'Review', commandId: 'K-1/review', caseId: 'K-1', decision: { outcome: 'accepted', note: null } };
    expect(E.isRight(await handler(events)(review, at))).toBe(true);
    const [submitted] = await (async () => {
      const out = [];
      for await (const event of events.readStream(caseStreamId('K-1'))) out.push(event);
      return out;
    })();
    expect((submitted!.data as { parties: { pii: unknown }[] }).parties[0]!.pii).toEqual(person);
    await own.close();
    await store.close();
  });

  it('a keystore from before key checks (keys, no check value) takes its check only from a master key that opens its keys', async () => {
    const dir = tempDir();
    const keyFile = join(dir, 'keys.db');
    const masterKey = randomBytes(32);
    const old = await openSqliteKeystore({ fileName: keyFile, create: true });
    const dataKey = randomBytes(32);
    await old.create(new Map([['S-1', { state: 'active', wrappedKey: await localMasterKey({ masterKey }).wrapKey(dataKey, 'S-1'), cipher: 'aes-256-gcm', kmsKeyId: 'local', createdAt: NOW }]]));
    await old.close();
    new BetterSqlite3(keyFile).exec('DROP TABLE casefold_keystore').close(); // as such a keystore was
    const store = await openSqliteStore({ fileName: join(dir, 'cases.db') });
    const keystore = await openSqliteKeystore({ fileName: keyFile });
    const submitWith = (key: Buffer) =>
      caseCommandHandler({ store: protectPersonalData(store.events, { keystore, kms: localMasterKey({ masterKey: key }), clock: () => NOW }), directory: sampleDirectory(), clock: () => NOW });
    expect(isKeyManagementMismatchError(await failure(submitWith(randomBytes(32))(submit('L-1', 'S-2'), at)))).toBe(true);
    expect((await keystore.identity()).keyCheck).toBeUndefined(); // the wrong key's check was not recorded
    expect(await store.events.readLastPosition()).toBe(0n); // nothing appended
    expect(E.isRight(await submitWith(masterKey)(submit('L-1', 'S-2'), at))).toBe(true);
    expect((await keystore.identity()).keyCheck).toEqual(expect.any(String));
    await keystore.close();
    await store.close();
  });
});

describe('a SQLite keystore from before keystores recorded their store', () => {
  it('opens, gains the column, records the store it belongs to at its next use, and is then refused by another store', async () => {
    const dir = tempDir();
    const keysFile = join(dir, 'keys.db');
    // The keystore's tables as an earlier version made them: no bound_to column.
    const old = new BetterSqlite3(keysFile);
    old.exec(
      'CREATE TABLE casefold_subject_keys (subject_id TEXT PRIMARY KEY, state TEXT NOT NULL, wrapped_key TEXT, cipher TEXT, kms_key_id TEXT, created_at TEXT, erased_at TEXT, legal_basis TEXT)',
    );
    old.exec(
      "CREATE TABLE casefold_keystore (one INTEGER PRIMARY KEY CHECK (one = 1), keystore_id TEXT NOT NULL, key_check TEXT); INSERT INTO casefold_keystore (one, keystore_id) VALUES (1, 'old-keystore')",
    );
    old.close();
    const keystore = await openSqliteKeystore({ fileName: keysFile });
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    const store = await openSqliteStore({ fileName: join(dir, 'cases.db') });
    const other = await openSqliteStore({ fileName: join(dir, 'other.db') });
    try {
      expect(await keystore.identity()).toEqual({ keystoreId: 'old-keystore' });
      const submit = sampleSubmit('K-1', { parties: [{ subjectId: 'S-1', side: 'applicant', pii: { name: '旧 张', phone: null, idNumber: null } }] });
      const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
      const execute = (events: typeof store.events) => caseCommandHandler({ store: protectPersonalData(events, { keystore, kms }), directory: sampleDirectory() })(submit, { actor: clerk });
      expect(E.isRight(await execute(store.events))).toBe(true);
      expect((await keystore.identity()).boundTo).toBeDefined();
      await expect(execute(other.events)).rejects.toSatisfy(isKeystoreMismatchError);
    } finally {
      await keystore.close();
      await store.close();
      await other.close();
    }
  });
});
