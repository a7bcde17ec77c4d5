import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, eventHashOfJson } from '@casefold/engine';
import { expect, it } from 'vitest';
import { REPO_ROOT, jsonOf, runProcess } from './runCasefold.js';

/**
 * Issue 15's tamper matrix over evidence bundles, whatever store they were exported from:
 * each tampering of a bundle written by `casefold export --case`, checked by the standalone
 * verifier run as a real `node` process (evidenceBundle.test.ts on SQLite,
 * evidenceBundlePostgres.test.ts on PostgreSQL).
 */

/** The standalone verifier. */
export const VERIFIER = join(REPO_ROOT, 'packages/cli/standalone/verify-evidence.mjs');

export interface BundleEvent {
  revision: string;
  position: string;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
  prevHash: string;
  hash: string;
  redacted?: { data: { parties: { pii: unknown }[] } };
}
export interface BundleCase {
  caseId: string;
  streamId: string;
  committed: { revision: string; hash: string };
  proof: { leafIndex: number; treeSize: number; path: string[] };
  events: BundleEvent[];
  notCovered: unknown[];
  workflows: string[];
  onTimeRecordedLate: unknown[] | null;
}
export interface Bundle {
  checkpoint: Record<string, unknown>;
  cases: BundleCase[];
  workflows: Record<string, { stages: unknown[]; transitions: unknown[]; guards?: unknown[]; deadlines: unknown[]; commands?: Record<string, { payload: Record<string, unknown> }> } | null>;
  redaction: unknown;
  summary: string[];
}
export interface Finding {
  kind: string;
  case?: string;
  revision?: string;
  message: string;
}
export interface Verdict {
  ok: boolean;
  findings: Finding[];
  cases: { caseId: string; contentProven: string[]; withheldPositionProven: string[]; notCovered: string[]; recordedLate: string[]; times: unknown[] }[];
}

/** A bundle of two cases (each of at least five events) in `dir`, with the signer's public key `signer.pub` and another private key `intruder` beside it. */
export interface TwoCaseBundle {
  readonly dir: string;
  /** The bundle's file name in `dir`. */
  readonly file: string;
  /** The two cases' ids, in the bundle's order. */
  readonly cases: readonly [string, string];
}

/** Reads and parses a bundle. */
export const bundleOf = (dir: string, file: string): Bundle => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Bundle;

/** Runs the standalone verifier on `file` in `dir` with `--json`. */
export const verifier = async (dir: string, file: string, key = 'signer.pub') => {
  const run = await runProcess('node', [VERIFIER, file, '--key', key, '--json'], { cwd: dir });
  return { code: run.code, verdict: jsonOf<Verdict>(run), stderr: run.stderr };
};

/** Writes a tampered copy of `source` in `dir` (changed by `change`, on the parsed bundle) and returns its name. */
export const tampered = (dir: string, name: string, change: (bundle: Bundle) => void, source: string): string => {
  const bundle = bundleOf(dir, source);
  change(bundle);
  writeFileSync(join(dir, name), JSON.stringify(bundle, null, 2));
  return name;
};

/** Re-hashes a case's events from `from` on, so each chain link holds again (a forger's rewrite). */
export const rehash = (c: BundleCase, from: number): void => {
  for (let i = from; i < c.events.length; i++) {
    const e = c.events[i]!;
    if (i > 0) e.prevHash = c.events[i - 1]!.hash;
    e.hash = eventHashOfJson(e.prevHash, { streamId: c.streamId, revision: BigInt(e.revision), eventId: e.eventId, type: e.type, dataJson: e.data, metadataJson: e.metadata });
  }
};

/** One tampering: its name, the change (`dir` holds the `intruder` key), and the findings expected for the two cases `a` and `other`. */
type Tampering = [string, (bundle: Bundle, dir: string) => void, (a: string, other: string) => Partial<Finding>[]];

const matrix: Tampering[] = [
  [
    'edit data',
    (b) => {
      const e = b.cases[0]!.events[2]!;
      e.data = e.data.replace(/"[^"]*"(?=[,}])/, '"forged"');
    },
    (a) => [{ kind: 'changed', case: a, revision: '2' }],
  ],
  [
    'edit metadata',
    (b) => {
      const e = b.cases[0]!.events[1]!;
      e.metadata = e.metadata.replace(/"occurredAt":"[^"]+"/, '"occurredAt":"2020-01-01T00:00:00.000Z"');
    },
    (a) => [{ kind: 'changed', case: a, revision: '1' }],
  ],
  ['delete a middle event', (b) => b.cases[0]!.events.splice(2, 1), (a) => [{ kind: 'removed', case: a, revision: '3' }]],
  ['delete the tail', (b) => b.cases[0]!.events.splice(-2, 2), (a) => [{ kind: 'truncated', case: a }]],
  [
    'reorder',
    (b) => {
      const events = b.cases[0]!.events;
      [events[1], events[2]] = [events[2]!, events[1]!];
    },
    (a) => [{ kind: 'reordered', case: a }],
  ],
  [
    "swap with another case's events",
    (b) => {
      b.cases[0]!.events = b.cases[1]!.events;
    },
    (a, other) => [{ kind: 'swapped', case: a, message: expect.stringContaining(`is an event of case-${other}`) as string }],
  ],
  [
    'rewrite a case and re-hash it (the head no longer matches the committed one)',
    (b) => {
      const c = b.cases[0]!;
      c.events[2]!.data = c.events[2]!.data.replace(/"[^"]*"(?=[,}])/, '"forged"');
      rehash(c, 2);
    },
    (a) => [{ kind: 'headDiffers', case: a }],
  ],
  [
    'rewrite, re-hash and claim the new head (the proof no longer leads to the signed root)',
    (b) => {
      const c = b.cases[0]!;
      c.events[2]!.data = c.events[2]!.data.replace(/"[^"]*"(?=[,}])/, '"forged"');
      rehash(c, 2);
      c.committed.hash = c.events[c.events.length - 1]!.hash;
    },
    (a) => [{ kind: 'proofInvalid', case: a }],
  ],
  [
    'edit the checkpoint',
    (b) => {
      b.checkpoint['events'] = (b.checkpoint['events'] as number) + 1;
    },
    () => [{ kind: 'signatureInvalid' }],
  ],
  [
    'sign with another key',
    (b, dir) => {
      const intruder = createPrivateKey(readFileSync(join(dir, 'intruder'), 'utf8'));
      const { signature: _signature, ...unsigned } = b.checkpoint;
      unsigned['publicKey'] = Buffer.from(intruder.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
      b.checkpoint = { ...unsigned, signature: sign(null, Buffer.from(canonicalJson(unsigned), 'utf8'), intruder).toString('hex') };
    },
    () => [{ kind: 'keyDiffers' }],
  ],
  [
    "duplicate a key in an event's stored JSON (JSON.parse reads the original value, so the hash still matches)",
    (b) => {
      const e = b.cases[0]!.events[1]!;
      const key = /^\{"([^"]+)":/.exec(e.data)![1]!;
      e.data = `{"${key}":"forged",${e.data.slice(1)}`;
    },
    (a) => [{ kind: 'ambiguous', case: a, revision: '1', message: expect.stringContaining('appears twice') as string }],
  ],
];

/**
 * Registers the matrix as tests (inside the caller's `describe`): the untampered bundle
 * verifies, and each tampering of a copy of it is detected (exit 1) and named.
 * `bundle` is called when the tests run (after the caller's `beforeAll`).
 */
export const bundleTamperMatrix = (bundle: () => TwoCaseBundle): void => {
  it('the untampered bundle verifies (exit 0)', async () => {
    const { dir, file } = bundle();
    const { code, verdict } = await verifier(dir, file);
    expect({ code, ok: verdict.ok, findings: verdict.findings }).toEqual({ code: 0, ok: true, findings: [] });
  });

  it.each(matrix)('%s: detected and named', async (name, change, expected) => {
    const { dir, file, cases } = bundle();
    const copy = tampered(dir, `${name.replace(/\W+/g, '-').slice(0, 40)}.json`, (b) => change(b, dir), file);
    const { code, verdict } = await verifier(dir, copy);
    expect(code).toBe(1);
    expect(verdict.ok).toBe(false);
    expect(verdict.findings).toEqual(expect.arrayContaining(expected(...cases).map((f) => expect.objectContaining(f))));
  });
};
