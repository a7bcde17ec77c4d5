import { describe, expect, it } from 'vitest';
import { shippedWorkflows } from '@casefold/core';
import { caseEventCodec } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { readRawCases } from './support/independentFigures.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

describe('casefold timeline and stats', () => {
  it('timeline shows every event of the case, in order, with its deadlines', async () => {
    const cases = await readRawCases(demoDatabase());
    const [streamId, raw] = [...cases.entries()].find(([, c]) => c.state.workflow?.id === 'mediation' && c.events.some((e) => e.type === 'ClockPaused') && c.state.stage === 'closed')!;
    const caseId = streamId.replace(/^case-/, '');
    const run = await runCasefold(['timeline', caseId, '--json', '--db', demoDatabase()], { cwd: tempDir() });
    expect(run.code, run.stderr).toBe(0);
    const timeline = jsonOf<{ caseId: string; items: { revision: number; type: string; occurredAt: string; deadlines: { stoppedAt: string | null }[] }[] }>(run);
    expect(timeline.caseId).toBe(caseId);
    expect(timeline.items.map((i) => i.type)).toEqual(raw.events.map((e) => e.type));
    expect(timeline.items.map((i) => i.occurredAt)).toEqual(raw.events.map((e) => e.meta.occurredAt));
    expect(timeline.items[timeline.items.length - 1]!.deadlines.every((d) => d.stoppedAt !== null)).toBe(true);

    const text = await runCasefold(['timeline', caseId, '--db', demoDatabase()], { cwd: tempDir() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Timeline of case ${caseId} (${raw.events.length} events`);
    expect(text.stdout).toContain('Deadline mediation');
  });

  it('stats counts exactly the cases submitted in [from, to), Beijing dates', async () => {
    const run = await runCasefold(['stats', '--from', '2025-04-01', '--to', '2025-07-01', '--json', '--db', demoDatabase()], { cwd: tempDir() });
    expect(run.code, run.stderr).toBe(0);
    const report = jsonOf<{ period: { from: string; to: string }; intake: { total: number; labour: number } }>(run);
    expect(report.period).toEqual({ from: '2025-03-31T16:00:00.000Z', to: '2025-06-30T16:00:00.000Z' });
    const store = getSqliteEventStore({ fileName: demoDatabase() });
    const codec = caseEventCodec({ workflows: shippedWorkflows });
    let total = 0;
    let labour = 0;
    for await (const recorded of store.readAll()) {
      const event = codec.decode(recorded);
      if (event._tag === 'Left' || event.right.type !== 'Submitted') continue;
      const at = event.right.meta.occurredAt;
      if (at >= report.period.from && at < report.period.to) {
        total += 1;
        if (event.right.data.category === 'labour') labour += 1;
      }
    }
    await store.close();
    expect(report.intake.total).toBe(total);
    expect(report.intake.labour).toBe(labour);
    expect(total).toBeGreaterThan(100);
  });
});
