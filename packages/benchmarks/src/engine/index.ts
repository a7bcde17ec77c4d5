import { hash, randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { type CaseState, decideInput, evolve, initialState } from '@casefold/core';
import { type RecordedEvent, caseCommandHandler, eventHash, getInMemoryEventStore, streamStateCache, verifyAll } from '@casefold/engine';
import { sampleDirectory } from '@casefold/core/testing';
import { benchClock, benchWorkflow, lifecycleCommands } from '../workload/lifecycleCommands.js';
import { type BenchmarkSuite, median } from '../harness/benchHarness.js';

const CASES = 10_000;

/** Commands of N cases, interleaved: the first step of every case, then the second, … */
const interleaved = (cases: number) => {
  const perCase = Array.from({ length: cases }, (_, i) => lifecycleCommands(i));
  const steps = perCase[0]?.length ?? 0;
  return Array.from({ length: steps }, (_, s) => perCase.map((c) => c[s]!)).flat();
};

const inMemoryCommandPath: BenchmarkSuite = {
  id: 'engine-memory',
  name: 'engine: command path on the in-memory store (hash chain on)',
  run: async () => {
    const commands = interleaved(CASES);
    const directory = sampleDirectory();
    const rates: number[] = [];
    const baseRates: number[] = [];
    const verifyRates: number[] = [];
    const hashRates: number[] = [];
    const boundRates: number[] = [];
    for (let round = 0; round < 3; round++) {
      // Baseline: the same decisions with states in a Map, no store, no hashing.
      const states = new Map<string, CaseState>();
      let start = performance.now();
      for (const { command, context } of commands) {
        const caseId = String(command['caseId']);
        const decided = decideInput(command, states.get(caseId) ?? initialState, context);
        if (E.isRight(decided)) states.set(caseId, decided.right.reduce(evolve, states.get(caseId) ?? initialState));
      }
      baseRates.push(commands.length / ((performance.now() - start) / 1000));

      // Bound: the least a hash-chained append adds to deciding, with no store and no checks:
      // the recorded event DESIGN.md asks for (ids, revision, engine metadata), serialized by
      // native JSON.stringify (not even canonical) and hashed with SHA-256 after the previous hash.
      const chained = new Map<string, { state: CaseState; revision: number; hash: string }>();
      const kept: unknown[] = [];
      start = performance.now();
      for (const { command, context } of commands) {
        const caseId = String(command['caseId']);
        const head = chained.get(caseId) ?? { state: initialState, revision: -1, hash: '' };
        const decided = decideInput(command, head.state, context);
        if (E.isLeft(decided)) continue;
        let { state, revision, hash: prevHash } = head;
        for (const event of decided.right) {
          state = evolve(state, event);
          revision += 1;
          const metadata = Object.assign({ recordedAt: context.now, commandId: `${caseId}/${revision}`, correlationId: caseId, causationId: caseId, schemaVersion: 1 }, event.meta);
          const recorded = { streamId: caseId, revision, eventId: randomUUID(), type: event.type, data: event.data, metadata, prevHash, hash: '' };
          recorded.hash = hash('sha256', prevHash + JSON.stringify(recorded));
          prevHash = recorded.hash;
          kept.push(recorded);
        }
        chained.set(caseId, { state, revision, hash: prevHash });
      }
      boundRates.push(commands.length / ((performance.now() - start) / 1000));

      const store = getInMemoryEventStore();
      const execute = caseCommandHandler({ store, directory, workflow: benchWorkflow, clock: benchClock, newEventId: randomUUID, cache: streamStateCache({ maxStreams: CASES * 2 }) });
      start = performance.now();
      for (const { command, context } of commands) {
        const result = await execute(command, { actor: context.actor, occurredAt: context.now });
        if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
      }
      rates.push(commands.length / ((performance.now() - start) / 1000));

      // verifyAll over the store just written, beside recomputing every hash in a plain loop.
      const events: RecordedEvent[] = [];
      for await (const event of store.readAll()) events.push(event);
      start = performance.now();
      for (const event of events) if (eventHash(event.prevHash, event) !== event.hash) throw new Error('hash mismatch');
      hashRates.push(events.length / ((performance.now() - start) / 1000));
      start = performance.now();
      const verified = await verifyAll(store);
      if (E.isLeft(verified)) throw new Error(verified.left.message);
      verifyRates.push(verified.right.events / ((performance.now() - start) / 1000));
    }
    const rate = median(rates);
    const base = median(baseRates);
    const verify = median(verifyRates);
    const hashing = median(hashRates);
    const bound = median(boundRates);
    return [
      { name: `${CASES.toLocaleString('en')} cases × 7 commands, interleaved (vs decide+evolve alone)`, value: rate, unit: 'commands/s', baseline: base, ratio: rate / base },
      {
        name: `bound: decide+evolve, then build, JSON.stringify and SHA-256 each recorded event, no store (vs decide+evolve alone)`,
        value: bound,
        unit: 'commands/s',
        baseline: base,
        ratio: bound / base,
      },
      { name: `verifyAll of those ${(CASES * 7).toLocaleString('en')} events (vs recomputing each hash alone)`, value: verify, unit: 'events/s', baseline: hashing, ratio: verify / hashing },
    ];
  },
};

export const benchmarks: BenchmarkSuite[] = [inMemoryCommandPath];
