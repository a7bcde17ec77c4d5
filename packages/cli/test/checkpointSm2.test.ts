import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { storeWithLateCallback } from './support/lateCallbackStore.js';
import { REPO_ROOT, jsonOf, runCasefold, runProcess } from './support/runCasefold.js';
import { SAMPLE_UNITS, withPersonalData } from './support/operatorPrincipal.js';

/**
 * `casefold checkpoint --algorithm sm2` (SM3 tree, SM2 signature) over a real SQLite file,
 * verified by `casefold verify --checkpoint` (which reads the algorithm from the checkpoint),
 * tampered with raw SQL; and an evidence bundle of it checked by the standalone verifier.
 */

const VERIFIER = join(REPO_ROOT, 'packages/cli/standalone/verify-evidence.mjs');

let dir: string;
let db: string;
const run = (...args: string[]) => runCasefold(args, { cwd: dir });
const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

beforeAll(async () => {
  db = await storeWithLateCallback();
  dir = tempDir();
}, 60_000);

describe('casefold checkpoint --algorithm sm2', () => {
  it('writes an SM2 key pair in PEM, then a checkpoint with sm3 and sm2-sm3 that verify --checkpoint accepts', async () => {
    const made = await run('checkpoint', '--new-key', 'sm', '--algorithm', 'sm2', '--json');
    expect(made.code, made.stderr).toBe(0);
    expect(jsonOf(made)).toMatchObject({ algorithm: 'sm2', privateKey: 'sm', publicKey: 'sm.pub' });
    expect(read('sm')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(read('sm.pub')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);

    const taken = await run('checkpoint', '--db', db, '--key', 'sm', '--algorithm', 'sm2', '--out', 'cp.json');
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stdout).toMatch(/\(sm3\), signed with sm2-sm3 key 04[0-9a-f]{128}\./);
    const checkpoint = JSON.parse(read('cp.json')) as { algorithms: unknown; publicKey: string; signature: string };
    expect(checkpoint.algorithms).toEqual({ hash: 'sm3', signature: 'sm2-sm3' });
    expect(checkpoint.signature).toMatch(/^[0-9a-f]{128}$/);

    const verified = await run('verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'sm.pub');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('OK: the store holds everything checkpoint cp.json committed to');
    // The public key in hex, as the checkpoint records it, is a key too.
    writeFileSync(join(dir, 'sm.hex'), `${checkpoint.publicKey}\n`);
    expect((await run('verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'sm.hex')).code).toBe(0);
  });

  it('names an edited checkpoint, another SM2 key and a rewritten store; refuses an Ed25519 key and an unknown algorithm', async () => {
    const checkpoint = JSON.parse(read('cp.json')) as Record<string, unknown>;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify({ ...checkpoint, events: (checkpoint['events'] as number) + 1 }));
    writeFileSync(join(dir, 'edited.json.leaves'), read('cp.json.leaves'));
    const edited = await run('verify', '--db', db, '--checkpoint', 'edited.json', '--key', 'sm.pub', '--json');
    expect(edited.code).toBe(1);
    expect(jsonOf<{ differences: { kind: string }[] }>(edited).differences.map((d) => d.kind)).toEqual(['signatureInvalid']);

    expect((await run('checkpoint', '--new-key', 'other', '--algorithm', 'sm2')).code).toBe(0);
    const other = await run('verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'other.pub', '--json');
    expect(other.code).toBe(1);
    expect(jsonOf<{ differences: { kind: string }[] }>(other).differences.map((d) => d.kind)).toEqual(['keyDiffers']);

    expect((await run('checkpoint', '--new-key', 'ed')).code).toBe(0);
    const ed = await run('verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'ed.pub');
    expect(ed.code).toBe(3);
    expect(ed.stderr).toContain('expected an SM2 public key');
    const signedWithEd = await run('checkpoint', '--db', db, '--key', 'ed', '--algorithm', 'sm2', '--out', 'never.json');
    expect(signedWithEd.code).toBe(3);
    expect(signedWithEd.stderr).toContain('expected an SM2 private key');
    const unknown = await run('checkpoint', '--db', db, '--key', 'sm', '--algorithm', 'rsa', '--out', 'never.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--algorithm takes ed25519 or sm2');

    const forged = join(tempDir(), 'forged.db');
    writeFileSync(forged, readFileSync(db));
    const handle = openDatabase({ fileName: forged });
    try {
      handle.prepare("UPDATE events SET data = json_set(data, '$.note', 'forged') WHERE stream_id = 'case-L-1' AND revision = 3").run();
    } finally {
      handle.close();
    }
    const tampered = await run('verify', '--db', forged, '--checkpoint', 'cp.json', '--key', 'sm.pub', '--json');
    expect(tampered.code).toBe(1);
    expect(jsonOf<{ differences: { kind: string; streamId?: string }[] }>(tampered).differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'chainBroken', streamId: 'case-L-1' })]),
    );
  });
});

describe('a whole-store export carrying an SM2 checkpoint', () => {
  it('exports with the store compared to the SM3 tree, imports with --key (the SM2 public key), and is refused with another SM2 key', async () => {
    const exported = await run('export', '--db', db, ...withPersonalData(dir, SAMPLE_UNITS), '--checkpoint', 'cp.json', '--out', 'sm.ndjson');
    expect(exported.code, exported.stderr).toBe(0);
    const imported = await run('import', 'sm.ndjson', '--key', 'sm.pub', '--db', 'copy.db', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(jsonOf(imported)).toMatchObject({ commitment: 'signedCheckpoint' });
    const other = await run('import', 'sm.ndjson', '--key', 'other.pub', '--db', 'copy2.db');
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('the file differs from its checkpoint');
  });
});

describe('an evidence bundle proven against an SM2 checkpoint', () => {
  it('is written with the SM3 tree and verified by the standalone verifier (SM2 in plain BigInt, no dependency); an edited signature is not', async () => {
    const exported = await run('export', '--db', db, '--case', 'L-1', '--checkpoint', 'cp.json', '--out', 'sm.evidence.json', ...withPersonalData(dir, SAMPLE_UNITS));
    expect(exported.code, exported.stderr).toBe(0);
    const verify = (file: string, key = 'sm.pub') => runProcess('node', [VERIFIER, file, '--key', key, '--json'], { cwd: dir });
    const verified = await verify('sm.evidence.json');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(jsonOf<{ ok: boolean; cases: { contentProven: string[] }[] }>(verified)).toMatchObject({ ok: true, cases: [{ contentProven: ['0', '1', '2', '3'] }] });
    expect((await verify('sm.evidence.json', 'sm.hex')).code).toBe(0);

    const bundle = JSON.parse(read('sm.evidence.json')) as { checkpoint: { signature: string }; cases: { proof: { path: string[] } }[] };
    const flipped = { ...bundle, checkpoint: { ...bundle.checkpoint, signature: `${bundle.checkpoint.signature.slice(0, 127)}${bundle.checkpoint.signature.endsWith('0') ? '1' : '0'}` } };
    writeFileSync(join(dir, 'flipped.json'), JSON.stringify(flipped));
    const bad = await verify('flipped.json');
    expect(bad.code).toBe(1);
    expect(jsonOf<{ findings: { kind: string }[] }>(bad).findings.map((f) => f.kind)).toEqual(['signatureInvalid']);

    const otherKey = await verify('sm.evidence.json', 'other.pub');
    expect(jsonOf<{ findings: { kind: string }[] }>(otherKey).findings.map((f) => f.kind)).toEqual(['keyDiffers']);
    const edKey = await verify('sm.evidence.json', 'ed.pub');
    expect(edKey.code).toBe(2);
    expect(edKey.stderr).toContain('the checkpoint is signed with sm2-sm3, but the key given is an ed25519 key');
  });
});
