import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORE_REJECTION_CODES,
  DEFAULT_BACKDATING_TOLERANCE_MS,
  type DecisionContext,
  type Workflow,
  checkWorkflow,
  decideInput,
  initialState,
  mediationWorkflow,
  mediationWorkflowV1,
  shippedWorkflows,
} from '@casefold/core';
import { context, run, submit } from './support/fixtures.js';

const HOUR = 60 * 60_000;
const RECORDED_AT = '2026-06-05T08:00:00.000Z';
const before = (ms: number): string => new Date(Date.parse(RECORDED_AT) - ms).toISOString();

/** A case accepted on 1 June, in mediation at the community since 1 June 02:00. */
const inMediation = () =>
  run([
    { at: '2026-06-01T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('B-1') },
    { at: '2026-06-01T01:10:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'B-1', decision: { outcome: 'accepted', note: null } } },
    { at: '2026-06-01T01:20:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'B-1', to: 'majie-north', reason: null } },
    { at: '2026-06-01T02:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'StartMediation', caseId: 'B-1', track: 'people' } },
  ]).state;

const agreement = { type: 'RecordMediation', commandId: 'b-agree', caseId: 'B-1', result: { outcome: 'noAgreement', reason: 'The parties did not agree' } };
const supervise = { type: 'RaiseSupervision', commandId: 'b-supervise', caseId: 'B-1', level: 'yellow', reason: 'Slow progress' };

const withRecording = (base: DecisionContext, recordedAt: string | undefined, workflow: Workflow = mediationWorkflow): DecisionContext => ({
  ...base,
  workflow,
  ...(recordedAt === undefined ? {} : { recordedAt }),
});

describe('backdating policy: how far in the past a fact may be dated', () => {
  it('a mediator may record a mediation held two days ago; a leader may not date supervision an hour back', () => {
    const state = inMediation();
    const mediated = decideInput(agreement, state, withRecording(context(before(48 * HOUR), 'mediator', 'majie-north'), RECORDED_AT));
    expect(E.isRight(mediated)).toBe(true);
    const raised = decideInput(supervise, state, withRecording(context(before(HOUR), 'leaderInCharge', 'majie'), RECORDED_AT));
    expect(E.isLeft(raised) && raised.left).toMatchObject({
      code: 'BackdatingNotAllowed',
      occurredAt: before(HOUR),
      recordedAt: RECORDED_AT,
      backdatedByMs: HOUR,
      allowedMs: DEFAULT_BACKDATING_TOLERANCE_MS,
      role: 'leaderInCharge',
      mayBackdate: ['mediator', 'gridWorker', 'followUpAgent', 'notary'],
    });
    expect(E.isLeft(raised) && raised.left.message).toMatch(
      /dated 2026-06-05T07:00:00.000Z, 3600000 ms before it is recorded \(2026-06-05T08:00:00.000Z\); workflow mediation@2 lets the role leaderInCharge date a fact at most 300000 ms back/,
    );
  });

  it('even a listed role is refused beyond maxMs, and anyone may date a fact within the tolerance', () => {
    const state = inMediation();
    const policy = mediationWorkflow.backdating!;
    const tooFar = decideInput(agreement, state, withRecording(context(before(policy.maxMs + 1), 'mediator', 'majie-north'), RECORDED_AT));
    expect(E.isLeft(tooFar) && tooFar.left).toMatchObject({ code: 'BackdatingNotAllowed', allowedMs: policy.maxMs, backdatedByMs: policy.maxMs + 1 });
    const atMax = decideInput(agreement, state, withRecording(context(before(policy.maxMs), 'mediator', 'majie-north'), RECORDED_AT));
    expect(E.isRight(atMax)).toBe(true);
    const withinTolerance = decideInput(supervise, state, withRecording(context(before(DEFAULT_BACKDATING_TOLERANCE_MS), 'leaderInCharge', 'majie'), RECORDED_AT));
    expect(E.isRight(withinTolerance)).toBe(true);
  });

  it('without a recording time, or under a workflow without a policy (mediation v1), the fact is not judged backdated', () => {
    const state = inMediation();
    expect(E.isRight(decideInput(supervise, state, withRecording(context(before(48 * HOUR), 'leaderInCharge', 'majie'), undefined)))).toBe(true);
    expect(mediationWorkflowV1.backdating).toBeUndefined();
    const v1 = run([{ at: before(30 * 24 * HOUR), role: 'intakeClerk', unit: 'majie', command: submit('B-2') }]);
    expect(v1.events).toHaveLength(1);
    const v1Context = withRecording(context(before(30 * 24 * HOUR), 'intakeClerk', 'majie'), RECORDED_AT, mediationWorkflowV1);
    expect(E.isRight(decideInput(submit('B-3'), initialState, v1Context))).toBe(true);
  });

  it('for all gaps and roles: refused exactly when the gap exceeds what the policy allows the role', () => {
    const state = inMediation();
    const policy = mediationWorkflow.backdating!;
    const actors = [
      { role: 'mediator', unit: 'majie-north', command: agreement },
      { role: 'leaderInCharge', unit: 'majie', command: supervise },
    ] as const;
    fc.assert(
      fc.property(fc.integer({ min: -HOUR, max: 2 * policy.maxMs }), fc.constantFrom(...actors), (gapMs, { role, unit, command }) => {
        const decided = decideInput(command, state, withRecording(context(before(gapMs), role, unit), RECORDED_AT));
        const allowed = Math.max(policy.roles.includes(role) ? policy.maxMs : 0, DEFAULT_BACKDATING_TOLERANCE_MS);
        // A fact dated before the case's last event goes back in time, whatever the policy.
        const beforeLastEvent = Date.parse(before(gapMs)) < Date.parse(state.lastEventAt!);
        if (beforeLastEvent) return;
        expect(E.isLeft(decided) ? decided.left.code : 'decided').toBe(gapMs > allowed ? 'BackdatingNotAllowed' : 'decided');
      }),
      { numRuns: 500 },
    );
  });

  it('stays total: for any value as recordedAt, decide answers an Either and never throws', () => {
    const state = inMediation();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        (recordedAt) => {
          const decided = decideInput(supervise, state, { ...context(RECORDED_AT, 'leaderInCharge', 'majie'), recordedAt } as unknown);
          expect(E.isLeft(decided) || E.isRight(decided)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a recordedAt that is not an instant makes the context unusable, naming the field', () => {
    const decided = decideInput(submit('B-4'), initialState, { ...context(RECORDED_AT, 'intakeClerk', 'majie'), recordedAt: 'yesterday' });
    expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'recordedAt' }] });
  });

  it('BackdatingNotAllowed is a core code; every shipped workflow but mediation v1 has a valid policy; checkWorkflow names a bad one', () => {
    expect(CORE_REJECTION_CODES.has('BackdatingNotAllowed')).toBe(true);
    for (const workflow of shippedWorkflows) expect([workflow.id, workflow.version, workflow.backdating === undefined]).toEqual([workflow.id, workflow.version, workflow === mediationWorkflowV1]);
    const bad = (backdating: unknown): readonly string[] => checkWorkflow({ ...mediationWorkflow, backdating } as Workflow).map((p) => `${p.path}: ${p.message}`);
    expect(bad({ maxMs: -1, roles: [] })).toEqual(['workflow.backdating.maxMs: expected a whole number of milliseconds ≥ 0']);
    expect(bad({ maxMs: 60_000, roles: [] })).toEqual(['workflow.backdating.maxMs: expected at least toleranceMs (300000 ms): the listed roles may backdate at least as far as anyone']);
    expect(bad({ maxMs: HOUR, toleranceMs: 1.5, roles: ['judge'] })).toEqual([
      'workflow.backdating.toleranceMs: expected a whole number of milliseconds ≥ 0',
      'workflow.backdating.roles: unknown role "judge"',
    ]);
    expect(bad('yes')).toEqual(['workflow.backdating: expected { maxMs, roles, toleranceMs? }']);
    expect(bad({ maxMs: HOUR, toleranceMs: 0, roles: ['mediator'] })).toEqual([]);
  });
});
