import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyCaseEvent, type CaseState, decide, evolve, initialState } from '@casefold/core';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { HOTLINE_UNITS, hotlineDirectory } from '../src/hotlineDirectory.js';
import { hotlineWorkflow } from '../src/hotlineWorkflow.js';

const directory = hotlineDirectory();
const roles = hotlineWorkflow.roles.map((r) => r.id);
const units = HOTLINE_UNITS.map((u) => u.id);

/** Payloads for every command the workflow allows, valid or not: the decider must answer each with events or a rejection. */
const payload = fc.oneof(
  fc.constant({ type: 'Submit', channel: 'hotline12345', category: 'labour', summary: 'Unpaid wages', receivingUnit: 'xishan', area: 'majie-north', claimedAmountFen: null, parties: [{ subjectId: 'caller-1', side: 'applicant', pii: { name: 'n', phone: null, idNumber: null } }] }),
  fc.record({ type: fc.constant('Review'), decision: fc.oneof(fc.constant({ outcome: 'accepted', note: null }), fc.constant({ outcome: 'rejected', reason: 'duplicate', note: 'Same as WO-1' })) }),
  fc.record({ type: fc.constant('Dispatch'), to: fc.constantFrom(...units), reason: fc.constant(null) }),
  fc.record({ type: fc.constant('AnswerOnTheSpot'), workOrderNo: fc.constant('WO-1'), answer: fc.constantFrom('Answered', ' ', '\ud800') }),
  fc.record({ type: fc.constant('Reply'), workOrderNo: fc.constant('WO-1'), reply: fc.constant('Done'), resolved: fc.boolean() }),
  fc.record({ type: fc.constant('RecordCallback'), purpose: fc.constantFrom('followUp', 'rejectionExplained'), reached: fc.boolean(), satisfaction: fc.constant(null), note: fc.constant(null) }),
  fc.record({ type: fc.constant('RecordVerdict'), verdict: fc.constantFrom('satisfied', 'basicallySatisfied', 'dissatisfied', 'delighted') }),
  fc.record({ type: fc.constant('ExtendDeadline'), rule: fc.constant('unitReply'), by: fc.integer({ min: 1, max: 6 }), reason: fc.constant('Busy') }),
  fc.record({ type: fc.constant('RaiseSupervision'), level: fc.constantFrom('yellow', 'red'), reason: fc.constant('Slow') }),
  fc.record({ type: fc.constant('Close'), referredTo: fc.constant(null), note: fc.constant(null) }),
  fc.record({ type: fc.constant('Withdraw'), reason: fc.constant('x') }),
  fc.anything(),
);
const step = fc.record({ payload, role: fc.constantFrom(...roles), unit: fc.constantFrom(...units), caller: fc.boolean() });

describe('the 12345 workflow, for all command sequences', () => {
  it('decide is total, closed stays closed, every stage is one of the workflow’s, the director and verdict guards hold', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        let state: CaseState = initialState;
        let clock = Date.UTC(2026, 5, 1);
        for (const [i, s] of steps.entries()) {
          clock += 3_600_000;
          const command = typeof s.payload === 'object' && s.payload !== null ? { commandId: `c-${i}`, caseId: 'W-1', ...s.payload } : s.payload;
          const actor = { id: s.caller ? 'caller-1' : `${s.role}-1`, role: s.role, unit: s.unit };
          const before = state;
          const result = decide(command, state, { now: new Date(clock).toISOString(), actor, directory, workflow: hotlineWorkflow });
          expect(E.isLeft(result) || E.isRight(result)).toBe(true);
          if (E.isLeft(result)) continue;
          expect(before.stage).not.toBe('closed');
          for (const event of result.right as readonly AnyCaseEvent[]) {
            expect(event.meta.workflow).toEqual({ id: 'hotline12345', version: 1 });
            if (event.type === 'DeadlineExtended') {
              const total = (before.clocks['unitReply']?.extendedBy ?? 0) + Number(event.data['by']);
              if (total >= 5) expect(actor.role).toBe('director');
            }
            if (event.type === 'Closed') expect(before.facts['VerdictRecorded'] === undefined && ['replied', 'answered'].includes(before.stage)).toBe(false);
            state = evolve(state, event);
          }
          expect(hotlineWorkflow.stages.some((stage) => stage.id === state.stage)).toBe(true);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('the example', () => {
  it('imports only the public entry points of casefold (no relative path out of the example, no package internals)', () => {
    const root = join(import.meta.dirname, '..');
    const files = ['src', 'test'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => join(root, dir, f)));
    const specifiers = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? ''));
    expect(specifiers.length).toBeGreaterThan(10);
    const offending = specifiers.filter((s) => !(/^(@casefold\/(core|engine|sqlite)|io-ts|fp-ts\/lib\/[A-Za-z]+\.js|fast-check|vitest|node:[a-z]+)$/.test(s) || /^\.\.?\/(src\/)?[A-Za-z]+\.js$/.test(s)));
    expect(offending).toEqual([]);
  });
});
