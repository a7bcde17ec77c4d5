import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORDED_LATE_AFTER_MS } from '@casefold/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/demoDatabase.js';
import { storeWithLateCallback } from './support/lateCallbackStore.js';
import { REPO_ROOT, jsonOf, runCasefold, runProcess } from './support/runCasefold.js';
import { SAMPLE_UNITS, withPersonalData } from './support/operatorPrincipal.js';

/**
 * Honest time in evidence bundles: a case whose call-back was recorded two days late, dated
 * before its due time (support/lateCallbackStore.ts), exported as a bundle by the real CLI
 * and checked by the standalone verifier as a real `node` process. (The bundle of demo cases
 * without any late event is checked in evidenceBundle.test.ts.)
 */

const VERIFIER = join(REPO_ROOT, 'packages/cli/standalone/verify-evidence.mjs');

interface OnTimeRecordedLate {
  rule: string;
  label: string;
  startedAt: string;
  dueAt: string;
  revision: string;
  stoppedAt: string;
  recordedAt: string;
  checked?: boolean;
}
interface Bundle {
  cases: { onTimeRecordedLate: OnTimeRecordedLate[] | null }[];
  summary: string[];
}
interface Verdict {
  ok: boolean;
  recordedLateAfterMs: number;
  findings: { kind: string; message: string }[];
  cases: { recordedLate: string[]; times: { revision: string; occurredAt: string; recordedAt: string; recordedLate: boolean }[]; onTimeRecordedLate: OnTimeRecordedLate[] | null }[];
}

const CALLBACK = { rule: 'rejectionCallback', revision: '2', stoppedAt: '2026-06-03T08:00:00.000Z', recordedAt: '2026-06-05T02:00:00.000Z', dueAt: '2026-06-03T16:00:00.000Z' };

let dir: string;
const bundleOf = (file: string): Bundle => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Bundle;
const verify = async (file: string, ...more: string[]) => runProcess('node', [VERIFIER, file, '--key', 'signer.pub', ...more], { cwd: dir });

beforeAll(async () => {
  // Given a store with a fact recorded late, a checkpoint of it and the case's bundle.
  const db = await storeWithLateCallback();
  dir = tempDir();
  expect((await runCasefold(['checkpoint', '--new-key', 'signer'], { cwd: dir })).code).toBe(0);
  const taken = await runCasefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'cp.json'], { cwd: dir });
  expect(taken.code, taken.stderr).toBe(0);
  const exported = await runCasefold(['export', '--db', db, '--case', 'L-1', '--checkpoint', 'cp.json', '--out', 'late.json', ...withPersonalData(dir, SAMPLE_UNITS)], { cwd: dir });
  expect(exported.code, exported.stderr).toBe(0);
}, 120_000);

describe('an evidence bundle of a case with a backdated event', () => {
  it("the summary shows each event's occurredAt and recordedAt, marks the late one and the deadline it met only by its date", () => {
    // When the bundle is read; then its summary and its cases say so.
    const { summary, cases } = bundleOf('late.json');
    expect(summary[1]).toContain(`more than ${RECORDED_LATE_AFTER_MS / 60_000} minutes after it happened is marked "recorded late"`);
    expect(summary).toContain('Case L-1 (stream case-L-1): revisions 0..3 covered by the checkpoint; 1 event recorded late, 1 deadline met on time, recorded late.');
    const events = summary.filter((line) => /^ {2}#/.test(line));
    expect(events.map((line) => /occurred (\S+) {2}recorded (\S+)( \(recorded late\))?/.exec(line)?.slice(1))).toEqual([
      ['2026-06-01T01:00:00.000Z', '2026-06-01T01:00:00.000Z', undefined],
      ['2026-06-01T02:00:00.000Z', '2026-06-01T02:00:00.000Z', undefined],
      ['2026-06-03T08:00:00.000Z', '2026-06-05T02:00:00.000Z', ' (recorded late)'],
      ['2026-06-05T03:00:00.000Z', '2026-06-05T03:00:00.000Z', undefined],
    ]);
    const callback = summary.findIndex((line) => line.includes('(recorded late)'));
    expect(summary[callback]).toContain('CallbackRecorded by followUpAgent agent-1');
    expect(summary[callback + 1]).toMatch(
      /^ {8}deadline rejectionCallback \(.+\): met on time, recorded late \(due 2026-06-03T16:00:00\.000Z; met by this event dated 2026-06-03T08:00:00\.000Z, recorded 2026-06-05T02:00:00\.000Z\)$/,
    );
    expect(cases[0]!.onTimeRecordedLate).toEqual([expect.objectContaining(CALLBACK)]);
  });

  it('the standalone verifier prints and checks it from the proven events, with the same threshold', async () => {
    // When the standalone verifier checks the bundle; then it finds the same from the events' own metadata.
    const json = await verify('late.json', '--json');
    expect(json.code, json.stderr).toBe(0);
    const verdict = jsonOf<Verdict>(json);
    expect(verdict.recordedLateAfterMs).toBe(RECORDED_LATE_AFTER_MS);
    expect(verdict.cases[0]!.recordedLate).toEqual(['2']);
    expect(verdict.cases[0]!.times.map((t) => [t.occurredAt, t.recordedAt, t.recordedLate])[2]).toEqual([CALLBACK.stoppedAt, CALLBACK.recordedAt, true]);
    expect(verdict.cases[0]!.onTimeRecordedLate).toEqual([expect.objectContaining({ ...CALLBACK, checked: true })]);
    const text = await verify('late.json', '--times');
    expect(text.stdout).toContain(
      '  recorded late (more than 60 minutes after it happened): revision 2 (CallbackRecorded: occurred 2026-06-03T08:00:00.000Z, recorded 2026-06-05T02:00:00.000Z; stopped rejectionCallback)',
    );
    expect(text.stdout).toMatch(
      /met on time, recorded late: rejectionCallback \(.+\), due 2026-06-03T16:00:00\.000Z \(by the exporter's calendar\), met by revision 2 dated 2026-06-03T08:00:00\.000Z, recorded 2026-06-05T02:00:00\.000Z\n/,
    );
    expect(text.stdout).toContain('#  2  occurred 2026-06-03T08:00:00.000Z  recorded 2026-06-05T02:00:00.000Z (recorded late)  CallbackRecorded');
  });

  it.each([
    ['a due time after the recording (so it was not met only by its date)', (d: OnTimeRecordedLate) => (d.dueAt = '2026-06-06T00:00:00.000Z'), 'is not between its date and its recording'],
    ['another recording time', (d: OnTimeRecordedLate) => (d.recordedAt = '2026-06-04T00:00:00.000Z'), 'was recorded 2026-06-05T02:00:00.000Z, not 2026-06-04T00:00:00.000Z'],
    [
      'an event recorded on time',
      (d: OnTimeRecordedLate) => Object.assign(d, { revision: '3', stoppedAt: '2026-06-05T03:00:00.000Z', recordedAt: '2026-06-05T03:00:00.000Z' }),
      'was not recorded late',
    ],
  ])('a bundle misstating it (%s) is not verified', async (_name, change, message) => {
    // Given the bundle with its account of the deadline changed; when verified; then it is not, and the finding says why.
    const bundle = bundleOf('late.json');
    change(bundle.cases[0]!.onTimeRecordedLate![0]!);
    writeFileSync(join(dir, 'misstated.json'), JSON.stringify(bundle));
    const run = await verify('misstated.json', '--json');
    expect(run.code).toBe(1);
    expect(jsonOf<Verdict>(run).findings).toEqual([expect.objectContaining({ kind: 'timeMisstated', message: expect.stringContaining(message) as string })]);
  });
});
