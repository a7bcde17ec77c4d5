import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedAuthorizationPolicies } from '@casefold/core';
import { canonicalJson } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCaseCount, demoCopy } from './support/demoDatabase.js';
import { type Bundle, VERIFIER, bundleOf as bundleIn, bundleTamperMatrix, tampered, verifier as verifierIn } from './support/evidenceMatrix.js';
import { runCasefold, runProcess } from './support/runCasefold.js';
import { storeDirectory, storeUnits, withPersonalData } from './support/operatorPrincipal.js';

/**
 * `casefold export --case … --checkpoint … --out BUNDLE [--redact]` on a copy of the demo
 * database (made by the real command handler), and the standalone verifier run as a real
 * `node` process on the bundle and on tampered copies of it (issue 15's tamper matrix over
 * evidence bundles, support/evidenceMatrix.ts; evidenceBundlePostgres.test.ts runs it on
 * PostgreSQL).
 */

let dir: string;
let db: string;
/** Two cases with at least five events each. */
let cases: [string, string];

const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
const bundleOf = (file: string): Bundle => bundleIn(dir, file);
const verifier = (file: string) => verifierIn(dir, file);

beforeAll(async () => {
  ({ dir, db } = demoCopy());
  const handle = openDatabase({ fileName: db });
  try {
    const streams = handle.prepare('SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 2').pluck().all() as string[];
    cases = [streams[0]!.slice('case-'.length), streams[1]!.slice('case-'.length)];
  } finally {
    handle.close();
  }
  for (const key of ['signer', 'intruder']) expect((await runCasefold(['checkpoint', '--new-key', key], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'cp.json'], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
  const two = await runCasefold(
    ['export', '--db', db, '--case', cases[0], '--case', cases[1], '--checkpoint', 'cp.json', '--out', 'two.json', '--json', ...withPersonalData(dir, await storeUnits(dir, { db }))],
    { cwd: dir },
  );
  expect(two.code, two.stderr).toBe(0);
  const redacted = await runCasefold(['export', '--db', db, '--case', cases[0], '--checkpoint', 'cp.json', '--out', 'redacted.json', '--redact'], { cwd: dir });
  expect(redacted.code, redacted.stderr).toBe(0);
}, 180_000);

describe('casefold export --case', () => {
  it("writes the cases' stored events, their proofs, the checkpoint, the workflows as data and a timeline", () => {
    const bundle = bundleOf('two.json');
    expect(bundle.checkpoint).toEqual(JSON.parse(read('cp.json')));
    expect(bundle.cases.map((c) => c.caseId)).toEqual(cases);
    const handle = openDatabase({ fileName: db });
    try {
      for (const c of bundle.cases) {
        const rows = handle.prepare('SELECT revision, data, metadata, hash FROM events WHERE stream_id = ? ORDER BY revision').all(c.streamId) as {
          revision: number;
          data: string;
          metadata: string;
          hash: string;
        }[];
        // Exactly as stored: the texts byte for byte, so that the hashes recompute.
        expect(c.events.map((e) => [Number(e.revision), e.data, e.metadata, e.hash])).toEqual(rows.map((r) => [r.revision, r.data, r.metadata, r.hash]));
        expect(c.committed).toEqual({ revision: String(rows.length - 1), hash: rows[rows.length - 1]!.hash });
        expect(c.proof.treeSize).toBe(demoCaseCount());
        expect(c.notCovered).toEqual([]);
      }
    } finally {
      handle.close();
    }
    const label = bundle.cases[0]!.workflows[0]!;
    const workflow = bundle.workflows[label]!;
    expect(workflow.stages.length).toBeGreaterThan(3);
    expect(workflow.transitions.length).toBeGreaterThan(3);
    expect(workflow.deadlines.length).toBeGreaterThan(0);
    // io-ts codecs as their names.
    const payloads = Object.values(workflow.commands ?? {}).flatMap((command) => Object.values(command.payload));
    for (const field of payloads) expect(typeof field).toBe('string');
    expect(bundle.summary[0]).toMatch(/^Evidence from store '[^']*casefold\.db', proven against the checkpoint taken /);
    expect(bundle.summary.some((line) => line.includes(`Case ${cases[0]} (stream case-${cases[0]}): revisions 0..`))).toBe(true);
    expect(bundle.summary.some((line) => /#\s+0 {2}occurred \S+ {2}recorded \S+ {2}Submitted by /.test(line))).toBe(true);
  });

  it('shows honest time in a bundle without any backdated event: every event with both times, none marked (evidenceTime.test.ts has one with)', () => {
    // Given two demo cases (no event recorded late), when exported (beforeAll); then every event shows both times and nothing is marked.
    const bundle = bundleOf('two.json');
    for (const c of bundle.cases) {
      expect(bundle.summary).toContainEqual(expect.stringMatching(new RegExp(`^Case ${c.caseId} .*; no event recorded late\\.$`)));
      expect(c.onTimeRecordedLate).toEqual([]);
    }
    const events = bundle.summary.filter((line) => /^ {2}#/.test(line));
    expect(events).toHaveLength(bundle.cases.reduce((n, c) => n + c.events.length, 0));
    for (const line of events) expect(line).toMatch(/ {2}occurred \d{4}-\S+Z {2}recorded \d{4}-\S+Z {2}\w+ by /);
    expect(bundle.summary.join('\n')).not.toContain('recorded late)');
  });

  it('refuses a case the checkpoint does not commit to (exit 3), and a case whose stored events differ from the checkpoint (exit 1, nothing written)', async () => {
    const unknown = await runCasefold(['export', '--db', db, '--case', 'NO-SUCH-CASE', '--checkpoint', 'cp.json', '--out', 'never.json'], { cwd: dir });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("does not commit to stream 'case-NO-SUCH-CASE'");
    const { db: other } = demoCopy();
    const handle = openDatabase({ fileName: other });
    try {
      handle.prepare("UPDATE events SET data = json_set(data, '$.note', 'forged') WHERE stream_id = ? AND revision = 1").run(`case-${cases[1]}`);
    } finally {
      handle.close();
    }
    const changed = await runCasefold(['export', '--db', other, '--case', cases[1], '--checkpoint', 'cp.json', '--out', 'never.json'], { cwd: dir });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('NO EVIDENCE WRITTEN');
    expect(changed.stdout).toContain(`case-${cases[1]}`);
    expect(() => statSync(join(dir, 'never.json'))).toThrow();
    const usage = await runCasefold(['export', '--db', db, '--case', cases[0], '--out', 'never.json'], { cwd: dir });
    expect(usage.code).toBe(2);
  });
});

describe('verify-evidence.mjs (standalone, a real node process)', () => {
  it('verifies the untampered bundle and says what it proved', async () => {
    const { code, verdict } = await verifier('two.json');
    expect(code).toBe(0);
    expect(verdict.ok).toBe(true);
    const events = bundleOf('two.json').cases.map((c) => c.events.map((e) => e.revision));
    expect(verdict.cases.map((c) => c.contentProven)).toEqual(events);
    expect(verdict.cases.map((c) => [c.recordedLate, c.times.length])).toEqual(events.map((e) => [[], e.length]));
    const text = await runProcess('node', [VERIFIER, 'two.json', '--key', 'signer.pub'], { cwd: dir });
    expect(text.stdout).toMatch(/^VERIFIED: two\.json is evidence from checkpoint of store '[^']*casefold\.db' at position \d+/);
    expect(text.stdout.match(/^ {2}recorded late \(more than 60 minutes after it happened\): none$/gm)).toHaveLength(2);
  });

  it('exits 2 on usage errors and unreadable input', async () => {
    expect((await runProcess('node', [VERIFIER, 'two.json'], { cwd: dir })).code).toBe(2);
    expect((await runProcess('node', [VERIFIER, 'missing.json', '--key', 'signer.pub'], { cwd: dir })).code).toBe(2);
    writeFileSync(join(dir, 'notjson.json'), '{"format":');
    expect((await runProcess('node', [VERIFIER, 'notjson.json', '--key', 'signer.pub'], { cwd: dir })).code).toBe(2);
    expect((await runProcess('node', [VERIFIER, 'two.json', '--key', 'cp.json'], { cwd: dir })).code).toBe(2);
  });

  bundleTamperMatrix(() => ({ dir, file: 'two.json', cases }));

  it('detects a duplicated key in the bundle itself (the committed head given twice)', async () => {
    const text = read('two.json').replace(/"committed": \{\n(\s+)"revision"/, (_m, indent: string) => `"committed": {\n${indent}"hash": "${'0'.repeat(64)}",\n${indent}"revision"`);
    writeFileSync(join(dir, 'dup-bundle.json'), text);
    const { code, verdict } = await verifier('dup-bundle.json');
    expect(code).toBe(1);
    expect(verdict.findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'ambiguous', message: expect.stringContaining('"hash" appears twice') as string })]));
  });
});

describe('export --redact', () => {
  it('withholds the events holding personal data, and the bundle verifies as specified', async () => {
    const full = bundleOf('two.json').cases[0]!;
    const text = read('redacted.json');
    const bundle = JSON.parse(text) as Bundle;
    const c = bundle.cases[0]!;
    const withheld = c.events.filter((e) => e.redacted !== undefined);
    expect(withheld.map((e) => e.revision)).toEqual(['0']);
    // No personal data in the bundle: every party's name and phone of the full event are gone.
    const submitted = JSON.parse(full.events[0]!.data) as { parties: { pii: { name: string; phone: string | null } }[] };
    for (const party of submitted.parties) {
      expect(text).not.toContain(party.pii.name);
      if (party.pii.phone !== null) expect(text).not.toContain(party.pii.phone);
    }
    // Each commitment opens with the salt kept apart (BUNDLE.openings, owner-only).
    expect(statSync(join(dir, 'redacted.json.openings')).mode & 0o777).toBe(0o600);
    const openings = JSON.parse(read('redacted.json.openings')) as { path: string; salt: string; pii: unknown; commitment: string }[];
    expect(openings.map((o) => o.pii)).toEqual(submitted.parties.map((p) => p.pii));
    withheld[0]!.redacted!.data.parties.forEach((party, i) => {
      const opening = openings[i]!;
      expect(party.pii).toEqual({ commitment: opening.commitment });
      expect(
        createHash('sha256')
          .update(opening.salt + canonicalJson(opening.pii))
          .digest('hex'),
      ).toBe(opening.commitment);
    });
    const { code, verdict } = await verifier('redacted.json');
    expect(code).toBe(0);
    expect(verdict.cases[0]).toMatchObject({ withheldPositionProven: ['0'], contentProven: full.events.slice(1).map((e) => e.revision) });
    const printed = await runProcess('node', [VERIFIER, 'redacted.json', '--key', 'signer.pub'], { cwd: dir });
    expect(printed.stdout).toContain('redacted: content withheld, chain position proven: revision 0');
  });

  it('withholds personal data by default, as --redact does; --with-personal-data keeps it for a principal the policy grants it to and notes the disclosure on stderr; both at once is a usage error', async () => {
    const byDefault = await runCasefold(['export', '--db', db, '--case', cases[0], '--checkpoint', 'cp.json', '--out', 'default.json'], { cwd: dir });
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(byDefault.stderr).not.toContain('NOTICE');
    const events = (file: string) => (JSON.parse(read(file)) as Bundle).cases[0]!.events.map((e) => ({ revision: e.revision, redacted: e.redacted !== undefined }));
    expect(events('default.json')).toEqual(events('redacted.json'));
    expect(events('default.json').some((e) => e.redacted)).toBe(true);
    expect(statSync(join(dir, 'default.json.openings')).mode & 0o777).toBe(0o600);
    const plain = await runCasefold(['export', '--db', db, '--case', cases[0], '--checkpoint', 'cp.json', '--out', 'plain.json', ...withPersonalData(dir, await storeUnits(dir, { db }))], {
      cwd: dir,
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(
      new RegExp(`NOTICE: the evidence bundle plain\\.json includes personal data in clear .* of case ${cases[0]}, disclosed to principal "operator" under the shipped policies`),
    );
    expect(events('plain.json').some((e) => e.redacted)).toBe(false);
    const both = await runCasefold(['export', '--db', db, '--case', cases[0], '--checkpoint', 'cp.json', '--out', 'never.json', '--redact', '--with-personal-data'], { cwd: dir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --redact (the default) or --with-personal-data, not both');
  });

  it("refuses --with-personal-data without a principal, and for one the policy does not grant the case's personal data (the city above it: PIPL Art 6), writing nothing; --policy grants it otherwise", async () => {
    const args = ['export', '--db', db, '--case', cases[0], '--checkpoint', 'cp.json', '--out', 'refused.json', '--with-personal-data'];
    const none = await runCasefold(args, { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--with-personal-data discloses personal data, which needs the permission of the principal it is disclosed to: give --principal FILE');
    expect(existsSync(join(dir, 'refused.json'))).toBe(false);
    const city = [...(await storeDirectory(dir, { db })).units.values()].find((unit) => unit.parent === null)!;
    writeFileSync(join(dir, 'city.json'), JSON.stringify({ id: 'city-clerk', assignments: [{ role: 'intakeClerk', unit: city.id }] }));
    const above = await runCasefold([...args, '--principal', 'city.json'], { cwd: dir });
    expect(above.code).toBe(2);
    expect(above.stderr).toContain(`principal "city-clerk" may not see the personal data of 1 of the 1 case exported under the shipped policies (${cases[0]}): nothing was written`);
    expect(above.stderr).not.toContain('NOTICE');
    expect(existsSync(join(dir, 'refused.json'))).toBe(false);
    // --policy: policies of one's own. One with a misspelt key is refused naming it; one granting personal data to the levels above too lets the city have it.
    const policies = shippedAuthorizationPolicies.map((policy) => ({ ...policy, see: { ...policy.see, personalData: policy.see.case } }));
    writeFileSync(join(dir, 'misspelt.json'), JSON.stringify([{ ...policies[0], acusation: { categories: [] } }, ...policies.slice(1)]));
    const misspelt = await runCasefold([...args, '--principal', 'city.json', '--policy', 'misspelt.json'], { cwd: dir });
    expect(misspelt.code).toBe(3);
    expect(misspelt.stderr).toContain('misspelt.json: the authorization policies cannot be used (policies.0.acusation: unknown key');
    writeFileSync(join(dir, 'wide.json'), JSON.stringify(policies));
    const wide = await runCasefold([...args, '--principal', 'city.json', '--policy', 'wide.json'], { cwd: dir });
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stderr).toContain(`of case ${cases[0]}, disclosed to principal "city-clerk" under wide.json`);
    expect(existsSync(join(dir, 'refused.json'))).toBe(true);
  });

  it("detects a withheld event's hash edited (its successor no longer links to it)", async () => {
    const file = tampered(dir, 'redacted-hash.json', (b) => (b.cases[0]!.events[0]!.hash = 'f'.repeat(64)), 'redacted.json');
    const { code, verdict } = await verifier(file);
    expect(code).toBe(1);
    expect(verdict.findings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'linkBroken', case: cases[0], revision: '1' })]));
  });
});
