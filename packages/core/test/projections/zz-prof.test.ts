import fc from 'fast-check';
import { it } from 'vitest';
import type { CaseEvent, Envelope, Projection } from '@casefold/core';
import { builtInProjections } from '../../src/projections/index.js';
import { storeArbitrary } from '../support/histories.js';
import { projectInBatches } from './project.js';
it('prof', () => {
  const seed = fc.sample(storeArbitrary({ maxCases: 5, maxSteps: 16 }), { numRuns: 40, seed: 42 });
  const out: Envelope<CaseEvent>[] = [];
  for (let copy = 0; out.length < 30000; copy++) seed.forEach((store, s) => { for (const e of store.envelopes) { const r = (id: string) => `${id}#${copy}.${s}`; const event = e.event.type === 'Submitted' ? { ...e.event, data: { ...e.event.data, caseId: r(e.event.data.caseId) } } : e.event; out.push({ ...e, streamId: r(e.streamId), event }); } });
  const res: Record<string, unknown> = {};
  for (const p of Object.values(builtInProjections) as Projection<unknown, CaseEvent>[]) {
    const plain = structuredClone(p.initialState);
    let t = performance.now();
    for (const e of out) p.apply(plain as never, e);
    const raw = performance.now() - t;
    t = performance.now();
    projectInBatches(p, out, 500);
    const immer = performance.now() - t;
    res[p.name] = { raw: Math.round(raw), immer: Math.round(immer) };
  }
  console.log('PROF', out.length, JSON.stringify(res));
});
