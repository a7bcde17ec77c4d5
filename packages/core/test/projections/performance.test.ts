import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyCaseEvent, CaseEvent, Envelope, Projection } from '@casefold/core';
import { builtInProjections, casesOnBoard, deadlineReport, escalationReport, statisticsReport, timelineOf } from '../../src/projections/index.js';
import { entriesIn } from '../../src/projections/shared/shardedRecord.js';
import { calendar, directory } from '../support/fixtures.js';
import { caseStoreArbitrary } from '@casefold/core/testing';
import { projectInBatches } from './project.js';

/** A store of at least `minEvents` events: random stores, copied under fresh case ids and interleaved in blocks. */
const bigStore = (minEvents: number): Envelope<AnyCaseEvent>[] => {
  const seedStores = fc.sample(caseStoreArbitrary({ maxCases: 5, maxSteps: 16 }), { numRuns: 40, seed: 42 });
  const out: Envelope<AnyCaseEvent>[] = [];
  for (let copy = 0; out.length < minEvents; copy++) {
    seedStores.forEach((store, s) => {
      for (const e of store.envelopes) {
        const rename = (id: string) => `${id}#${copy}.${s}`;
        const event = e.event.type === 'Submitted' ? { ...e.event, data: { ...e.event.data, caseId: rename(String(e.event.data['caseId'])) } } : e.event;
        out.push({ ...e, streamId: rename(e.streamId), position: BigInt(out.length + 1), event });
      }
    });
  }
  return out;
};

const timed = <T>(f: () => T): [T, number] => {
  const start = performance.now();
  const result = f();
  return [result, performance.now() - start];
};

describe('built-in projections at scale', () => {
  const envelopes = bigStore(30_000);

  const states: Record<string, unknown> = {};
  const projections = Object.values(builtInProjections) as Projection<unknown, AnyCaseEvent>[];

  it('fold 30,000 events each in well under a few seconds, in the engine’s batches of 500', () => {
    const rates: Record<string, number> = {};
    for (const projection of projections) {
      const [state, ms] = timed(() => projectInBatches(projection, envelopes, 500));
      states[projection.name] = state;
      rates[projection.name] = Math.round(envelopes.length / (ms / 1000));
      // generous on a loaded 2-core machine; catches anything quadratic
      expect(ms, projection.name).toBeLessThan(6_000);
    }
    console.log(`events: ${envelopes.length}; events/s per projection: ${JSON.stringify(rates)}`);
  });

  it('answer their queries over ~10,000 cases in bounded time', () => {
    for (const p of projections) states[p.name] ??= projectInBatches(p, envelopes, 500);
    const state = states as { [K in keyof typeof builtInProjections]: (typeof builtInProjections)[K]['initialState'] };
    const now = '2026-12-01T00:00:00.000Z';
    const caseId = entriesIn(state.caseTimeline.cases)[0]?.[0] ?? '';
    const timings = {
      casesOnBoard: timed(() => casesOnBoard(state.caseBoard, { status: 'pending' }))[1],
      escalationReport: timed(() => escalationReport(state.escalationPaths, directory))[1],
      deadlineReport: timed(() => deadlineReport(state.deadlines, now, calendar))[1],
      statisticsReport: timed(() => statisticsReport(state.statistics, calendar))[1],
      timelineOf: timed(() => timelineOf(state.caseTimeline, caseId, calendar))[1],
    };
    console.log(`cases: ${state.caseBoard.counts.total}; query ms: ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    for (const [name, ms] of Object.entries(timings)) expect(ms, name).toBeLessThan(8_000);
  });
});
