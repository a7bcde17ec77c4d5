/**
 * Creates subject keys in a SQLite keystore file in phases — one key per `create`, a batch of
 * keys in one `create`, one append through `protectPersonalData` naming that many new
 * subjects, and that many appends at once each naming one — writing the name of each phase to stdout with one synchronous write(2) before it,
 * so that a syscall trace (strace) shows which disk syncs each phase made.
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { type NewSubjectKey, getInMemoryEventStore, localMasterKey, protectPersonalData } from '@casefold/engine';
import { openSqliteKeystore } from '@casefold/sqlite';
import { newEvent } from '../support/fixtures.js';

const { fileName, subjects } = JSON.parse(process.argv[2]!) as { fileName: string; subjects: number };
const phase = (name: string): void => void writeSync(1, `phase:${name}\n`);
const keystore = await openSqliteKeystore({ fileName, create: true });
const kms = localMasterKey({ masterKey: randomBytes(32) });
const keyOf = async (subjectId: string): Promise<NewSubjectKey> => ({
  state: 'active',
  wrappedKey: await kms.wrapKey(randomBytes(32), subjectId),
  cipher: 'aes-256-gcm',
  kmsKeyId: kms.keyId,
  createdAt: new Date().toISOString(),
});
const numbered = (prefix: string): string[] => Array.from({ length: subjects }, (_, i) => `${prefix}-${i}`);
const party = (subjectId: string) => ({ subjectId, side: 'applicant', pii: { name: '张三', phone: null, idNumber: null } });

phase('oneByOne');
for (const subjectId of numbered('one')) await keystore.create(new Map([[subjectId, await keyOf(subjectId)]]));
const batch = new Map<string, NewSubjectKey>();
for (const subjectId of numbered('batch')) batch.set(subjectId, await keyOf(subjectId));
phase('batch');
await keystore.create(batch);
// The store is bound to the keystore (and the key check recorded) by a first append.
phase('binding');
const events = protectPersonalData(getInMemoryEventStore(), { keystore, kms });
await events.appendToStream('case-first', [newEvent('Submitted', { parties: [party('first')] })]);
phase('protectedAppend');
await events.appendToStream('case-many', [newEvent('Submitted', { parties: numbered('many').map(party) })]);
// As many appends at once, each naming one new subject (commands in flight): their keys in one keystore commit.
phase('concurrentAppends');
await Promise.all(numbered('concurrent').map((subjectId) => events.appendToStream(`case-${subjectId}`, [newEvent('Submitted', { parties: [party(subjectId)] })])));
phase('end');
await keystore.close();
