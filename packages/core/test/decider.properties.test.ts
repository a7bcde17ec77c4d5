import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseState, TERRITORIAL_LEVELS, decideInput, decodeCaseEvent, escalationTarget, fold, initialState, instantMillis, mediationWorkflow, publicStatus } from '@casefold/core';
import { caseHistoryArbitrary, intentsArbitrary, playIntents, sampleDirectory } from '@casefold/core/testing';

const directory = sampleDirectory();
const RUNS = { numRuns: 1000 };
const histories = caseHistoryArbitrary({ directory, maxLength: 30 });

const PENDING = new Set(['accepted', 'routed', 'inMediation']);
const HANDLED = new Set(['agreement', 'noAgreement', 'withdrawn', 'notarized']);

const statusAgreesWithStage = (state: CaseState): boolean => {
  const status = publicStatus(state);
  if (state.stage === 'new') return status === null;
  if (state.stage === 'submitted') return status === 'unreviewed';
  if (state.stage === 'rejected') return status === 'rejected';
  if (PENDING.has(state.stage)) return status === 'pending';
  if (HANDLED.has(state.stage)) return status === 'handled';
  return status === (state.closure?.outcome === 'rejected' ? 'rejected' : 'handled');
};

describe('decide is total', () => {
  const validContext = { now: '2026-05-05T01:00:00.000Z', actor: { id: 'a', role: 'intakeClerk', unit: 'majie' }, directory, workflow: mediationWorkflow };

  it('never throws and always returns an Either, for any input at all', () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(fc.constant(initialState), fc.anything() as fc.Arbitrary<CaseState>), fc.oneof(fc.constant(validContext), fc.anything()), (command, state, context) => {
        const result = decideInput(command, state, context);
        expect(E.isLeft(result) || E.isRight(result)).toBe(true);
        if (E.isLeft(result)) expect(typeof result.left.message).toBe('string');
      }),
      RUNS,
    );
  });

  it('never throws for command-shaped input with random fields', () => {
    const commandLike = fc
      .record({ type: fc.constantFrom(...mediationWorkflow.transitions.map((t) => t.command), 'Nope'), commandId: fc.string(), caseId: fc.string() }, { requiredKeys: ['type'] })
      .chain((base) => fc.dictionary(fc.string({ maxLength: 12 }), fc.anything()).map((extra) => ({ ...extra, ...base })));
    fc.assert(
      fc.property(commandLike, histories, (command, history) => {
        const result = decideInput(command, history.state, validContext);
        expect(E.isLeft(result) || E.isRight(result)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('every sequence of accepted commands keeps the invariants', () => {
  it('revision grows by one per event; closed is terminal; status agrees with stage; owner never changes', () => {
    fc.assert(
      fc.property(histories, ({ steps }) => {
        for (const step of steps) {
          if (step.before.stage === 'closed') expect(E.isLeft(step.result)).toBe(true);
          if (E.isRight(step.result)) {
            expect(step.after.revision).toBe(step.before.revision + step.result.right.length);
            if (step.before.owner !== null) expect(step.after.owner).toBe(step.before.owner);
          } else {
            expect(step.after).toBe(step.before);
          }
          expect(statusAgreesWithStage(step.after)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('the stage after an accepted command is the one the workflow data names', () => {
    fc.assert(
      fc.property(histories, ({ steps }) => {
        for (const step of steps) {
          if (E.isLeft(step.result)) continue;
          const rows = mediationWorkflow.transitions.filter((t) => t.command === step.command['type'] && t.from.includes(step.before.stage));
          const targets = rows.map((t) => (t.to === 'same' ? step.before.stage : t.to));
          expect(targets).toContain(step.after.stage);
        }
      }),
      RUNS,
    );
  });

  it('notarized implies a written agreement with payment terms', () => {
    fc.assert(
      fc.property(histories, ({ steps }) => {
        for (const step of steps) {
          if (step.after.notarization !== null) {
            expect(step.after.agreement).toMatchObject({ form: 'written', hasPaymentTerms: true });
          }
        }
      }),
      RUNS,
    );
  });

  it('escalation moves exactly one level up, to the parent unit', () => {
    fc.assert(
      fc.property(histories, ({ events }) => {
        for (const event of events) {
          if (event.type !== 'Routed' || event.data.mode !== 'escalate') continue;
          expect(escalationTarget(directory, String(event.data.from))?.id).toBe(event.data.to);
          const from = TERRITORIAL_LEVELS.indexOf(event.data.fromLevel as never);
          expect(TERRITORIAL_LEVELS.indexOf(event.data.toLevel as never)).toBe(from + 1);
        }
      }),
      RUNS,
    );
  });

  it('every decided event decodes with its codec, carries its command id and moves time forward', () => {
    fc.assert(
      fc.property(histories, ({ steps }) => {
        let last = Number.NEGATIVE_INFINITY;
        for (const step of steps) {
          if (E.isLeft(step.result)) continue;
          for (const event of step.result.right) {
            expect(E.isRight(decodeCaseEvent(JSON.parse(JSON.stringify(event))))).toBe(true);
            expect(event.meta.commandId).toBe(step.command['commandId']);
            expect(event.meta.workflow).toEqual({ id: 'mediation', version: 2 });
            const at = instantMillis(event.meta.occurredAt);
            expect(at).toBeGreaterThanOrEqual(last);
            last = at;
          }
        }
      }),
      RUNS,
    );
  });
});

describe('folding', () => {
  it('is deterministic, and equal after a JSON round trip of the history', () => {
    fc.assert(
      fc.property(histories, ({ events, state }) => {
        expect(fold(initialState, events)).toEqual(state);
        expect(fold(initialState, JSON.parse(JSON.stringify(events)))).toEqual(state);
      }),
      RUNS,
    );
  });

  it('explores the whole lifecycle (the generator reaches every stage)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(intentsArbitrary(40, 0.05), (intents) => void playIntents(intents, { directory }).steps.forEach((s) => seen.add(s.after.stage))),
      RUNS,
    );
    expect([...seen].sort()).toEqual(['accepted', 'agreement', 'closed', 'inMediation', 'new', 'noAgreement', 'notarized', 'rejected', 'routed', 'submitted', 'withdrawn']);
  });
});
