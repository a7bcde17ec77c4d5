import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PersonalData } from '@casefold/core';
import { personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { type EventStore, caseCommandHandler, localMasterKey, protectPersonalData } from '@casefold/engine';
import { openDatabase, openSqliteKeystore, openSqliteStore } from '@casefold/sqlite';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { runCasefold } from './support/runCasefold.js';

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const people = fc.sample(personalDataArbitrary(), { numRuns: 30, seed: 1647 });
const secretsOf = (pii: PersonalData): string[] => [pii.name, pii.phone, pii.idNumber].filter((v): v is string => v !== null);
const secrets = people.flatMap(secretsOf);

/** Submits one case per two generated people (applicant and respondent). */
const submitAll = async (store: EventStore): Promise<void> => {
  const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW });
  for (let i = 0; i < people.length; i += 2) {
    const command = sampleSubmit(`X-${i}`, {
      commandId: `c-${i}`,
      claimedAmountFen: null,
      parties: [
        { subjectId: `s-${i}`, side: 'applicant', pii: people[i] },
        { subjectId: `s-${i + 1}`, side: 'respondent', pii: people[i + 1] },
      ],
    });
    expect(E.isRight(await execute(command, { actor: clerk, occurredAt: NOW }))).toBe(true);
  }
};

describe('casefold export withholds personal data unless --with-personal-data for a principal the policy grants it to', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    const store = await openSqliteStore({ fileName: join(dir, 'plain.db') });
    await submitAll(store.events);
    await store.close();
  });

  it('by default: no generated name, phone or ID number anywhere in the file, each pii withheld, and no notice', async () => {
    const run = await runCasefold(['export', '--out', 'default.ndjson', '--db', 'plain.db'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('personal data');
    const bytes = readFileSync(join(dir, 'default.ndjson'));
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret, 'utf8')), 'personal data in the export').toBe(false);
    expect(bytes.toString('utf8').match(/"pii":\{"withheld":true\}/g)?.length).toBe(people.length);
    // The chain was still checked on the way (the store is intact), but such a file does not import.
    const imported = await runCasefold(['import', 'default.ndjson', '--db', 'refused.db'], { cwd: dir });
    expect(imported.code).toBe(3);
    // Refused as a file without personal data, with what to do: not as a tampered one.
    expect(imported.stderr).toContain("the export withheld this event's personal data");
    expect(imported.stderr).toContain('casefold export --with-personal-data');
    expect(imported.stderr).not.toContain('changed after it was written');
  });

  it('--with-personal-data without a principal, or for one the policy does not grant every case: refused (exit 2), nothing written', async () => {
    const none = await runCasefold(['export', '--with-personal-data', '--out', 'refused.ndjson', '--db', 'plain.db'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--with-personal-data discloses personal data, which needs the permission of the principal it is disclosed to: give --principal FILE');
    // The applicant of one case sees the personal data of that case alone.
    writeFileSync(join(dir, 'applicant.json'), JSON.stringify({ id: 'citizen-0', subjectId: 's-0', assignments: [{ role: 'requester', unit: 'majie' }] }));
    const applicant = await runCasefold(['export', '--with-personal-data', '--principal', 'applicant.json', '--out', 'refused.ndjson', '--db', 'plain.db'], { cwd: dir });
    expect(applicant.code).toBe(2);
    expect(applicant.stderr).toContain(
      `principal "citizen-0" may not see the personal data of ${people.length / 2 - 1} of the ${people.length / 2} cases exported under the shipped policies (X-10, X-12, X-14, X-16, X-18, …): nothing was written`,
    );
    for (const run of [none, applicant]) expect(run.stderr).not.toContain('NOTICE');
    expect(existsSync(join(dir, 'refused.ndjson'))).toBe(false);
    expect(existsSync(join(dir, 'refused.ndjson.partial'))).toBe(false);
    // A principal file that holds no principal names the field.
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ id: 'clerk-1', assignments: [{ role: 'intakeClerk' }] }));
    const broken = await runCasefold(['export', '--with-personal-data', '--principal', 'broken.json', '--out', 'refused.ndjson', '--db', 'plain.db'], { cwd: dir });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('broken.json: the file given as --principal holds no principal (principal.assignments.0.unit:');
    expect(existsSync(join(dir, 'refused.ndjson'))).toBe(false);
  });

  it('--with-personal-data for a principal the policy grants every case: the data in clear, the disclosure (who, which cases, when) noted on stderr, and the file imports', async () => {
    writeFileSync(join(dir, 'clerk.json'), JSON.stringify({ id: 'clerk-majie', assignments: [{ role: 'intakeClerk', unit: 'majie' }] }));
    const run = await runCasefold(['export', '--with-personal-data', '--principal', 'clerk.json', '--out', 'full.ndjson', '--db', 'plain.db'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      new RegExp(
        `NOTICE: the export full\\.ndjson includes personal data in clear \\(names, phone and ID numbers\\) of every case of the store \\(${people.length / 2}\\), disclosed to principal "clerk-majie" under the shipped policies, as asked by --with-personal-data, at 20\\d\\d-`,
      ),
    );
    const text = readFileSync(join(dir, 'full.ndjson'), 'utf8');
    for (const secret of secrets) expect(text).toContain(secret);
    expect((await runCasefold(['import', 'full.ndjson', '--db', 'copy.db'], { cwd: dir })).code).toBe(0);
  });

  it('a disclosure that does not happen is not noted: an --out that cannot be written (whole store, bundle) and a bundle refused against its checkpoint write no NOTICE, and nothing', async () => {
    writeFileSync(join(dir, 'owner.json'), JSON.stringify({ id: 'clerk-majie', assignments: [{ role: 'intakeClerk', unit: 'majie' }] }));
    const disclose = ['--with-personal-data', '--principal', 'owner.json', '--db', 'plain.db'];
    // Given an export and a bundle to places that do not exist
    const whole = await runCasefold(['export', ...disclose, '--out', 'missing/full.ndjson'], { cwd: dir });
    expect(whole.code, whole.stderr).toBe(2);
    expect(whole.stderr).toContain("Cannot write the export to 'missing/full.ndjson'");
    expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
    const signed = await runCasefold(['checkpoint', '--key', 'signer', '--out', 'cp.json', '--db', 'plain.db'], { cwd: dir });
    expect(signed.code, signed.stderr).toBe(0);
    const bundle = await runCasefold(['export', ...disclose, '--case', 'X-0', '--checkpoint', 'cp.json', '--out', 'missing/case.json'], { cwd: dir });
    expect(bundle.code, bundle.stderr).toBe(2);
    expect(bundle.stderr).toContain("cannot write 'missing/case.json'");
    // And a bundle of a case changed since the checkpoint (refused: exit 1, no bundle)
    const handle = openDatabase({ fileName: join(dir, 'plain.db') });
    const original = handle.prepare("SELECT data FROM events WHERE stream_id = 'case-X-2' AND revision = 0").pluck().get() as string;
    handle.prepare("UPDATE events SET data = json_set(data, '$.summary', 'forged') WHERE stream_id = 'case-X-2' AND revision = 0").run();
    const refused = await runCasefold(['export', ...disclose, '--case', 'X-2', '--checkpoint', 'cp.json', '--out', 'forged.json'], { cwd: dir });
    handle.prepare("UPDATE events SET data = ? WHERE stream_id = 'case-X-2' AND revision = 0").run(original);
    handle.close();
    expect(refused.code, refused.stderr).toBe(1);
    // Then none of them noted a disclosure, and none wrote a file
    for (const run of [whole, bundle, refused]) expect(run.stderr).not.toContain('NOTICE');
    expect(existsSync(join(dir, 'forged.json'))).toBe(false);
    // While a bundle that is written is noted
    const written = await runCasefold(['export', ...disclose, '--case', 'X-0', '--checkpoint', 'cp.json', '--out', 'case.json'], { cwd: dir });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain('NOTICE: the evidence bundle case.json includes personal data in clear');
  });

  it('a protected store, a subject forgotten: verify and dashboards run without keys; its export is ciphertext by default and imports whole; neither the data nor the keys are in the file', async () => {
    const own = tempDir();
    const store = await openSqliteStore({ fileName: join(own, 'protected.db') });
    const keystore = await openSqliteKeystore({ fileName: join(own, 'keys.db'), create: true });
    const events = protectPersonalData(store.events, { keystore, kms: localMasterKey({ masterKey: randomBytes(32) }) });
    await submitAll(events);
    const wrapped = [...(await keystore.read(people.map((_, i) => `s-${i}`))).values()].map((r) => (r.state === 'active' ? r.wrappedKey : ''));
    await events.forget('s-0', { legalBasis: 'PIPL Art 47(1)(1): purpose achieved' });
    await keystore.close();
    await store.close();
    // After forget, the command line (without keys) verifies the history and builds the dashboards.
    expect((await runCasefold(['verify', '--db', 'protected.db'], { cwd: own })).code).toBe(0);
    const dashboards = await runCasefold(['dashboards', '--db', 'protected.db'], { cwd: own });
    expect(dashboards.code, dashboards.stderr).toBe(0);
    const run = await runCasefold(['export', '--out', 'sealed.ndjson', '--db', 'protected.db'], { cwd: own });
    expect(run.code, run.stderr).toBe(0);
    const bytes = readFileSync(join(own, 'sealed.ndjson'));
    for (const secret of [...secrets, ...wrapped]) expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    expect(bytes.toString('utf8')).not.toContain('"withheld"');
    const imported = await runCasefold(['import', 'sealed.ndjson', '--db', 'copy.db'], { cwd: own });
    expect(imported.code, imported.stderr).toBe(0);
    expect((await runCasefold(['verify', '--db', 'copy.db'], { cwd: own })).code).toBe(0);
  });
});
