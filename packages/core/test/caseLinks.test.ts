import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type Workflow, decideInput, evolve, initialState, mediationWorkflow } from '@casefold/core';
import { cid, context, submit } from './support/fixtures.js';

/*
 * Links between cases (one request at the window opening two cases; a case converted into a
 * case of another kind): `Submit` records the links of a new case, `LinkCase` records the
 * other side on an existing one, each in its own history.
 */

const AT = '2026-05-05T01:00:00.000Z';
const clerk = context(AT, 'intakeClerk', 'majie');

/** The mediation workflow with a conversion out of `accepted` (as the grid-event and petition kinds have). */
const convertible: Workflow = {
  ...mediationWorkflow,
  id: 'convertible',
  stages: [...mediationWorkflow.stages, { id: 'converted', label: '已转办', status: 'handled', terminal: true }],
  transitions: [...mediationWorkflow.transitions, { command: 'LinkCase', outcome: 'convertedTo', from: ['accepted'], to: 'converted', roles: ['intakeClerk'] }],
};

const accepted = (workflow: Workflow) => {
  const ctx = { ...clerk, workflow };
  let state = initialState;
  for (const command of [submit('c-1'), { type: 'Review', commandId: cid(), caseId: 'c-1', decision: { outcome: 'accepted', note: null } }]) {
    const decided = decideInput(command, state, ctx);
    if (E.isLeft(decided)) throw new Error(decided.left.message);
    for (const event of decided.right) state = evolve(state, event);
  }
  return state;
};

describe('Submit records the links of a new case', () => {
  it('given a request opened as two cases, when each is submitted with a sameRequest link, then each Submitted names the other', () => {
    const decided = decideInput(submit('c-2', { links: [{ caseId: 'c-3', kind: 'legalAid', relation: 'sameRequest' }] }), initialState, clerk);
    expect(E.isRight(decided) && decided.right[0]?.data).toMatchObject({ caseId: 'c-2', links: [{ caseId: 'c-3', kind: 'legalAid', relation: 'sameRequest' }] });
  });

  it('given no links, then Submitted has no links field (events of unlinked cases stay as they were)', () => {
    const decided = decideInput(submit('c-2'), initialState, clerk);
    expect(E.isRight(decided) && Object.keys(decided.right[0]?.data ?? {})).not.toContain('links');
  });

  it('given a link to the case itself, then Submit is refused as InvalidValue naming links', () => {
    const decided = decideInput(submit('c-2', { links: [{ caseId: 'c-2', kind: 'mediation', relation: 'convertedFrom' }] }), initialState, clerk);
    expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidValue', field: 'links' });
  });

  it('given a kind other than the workflow deciding it, then Submit is refused as InvalidValue naming kind', () => {
    const decided = decideInput(submit('c-2', { kind: 'petition' }), initialState, clerk);
    expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidValue', field: 'kind', value: 'petition', allowed: ['mediation'] });
    expect(E.isRight(decideInput(submit('c-2', { kind: 'mediation' }), initialState, clerk))).toBe(true);
  });

  it('given a link with an unknown relation, then Submit is malformed', () => {
    const decided = decideInput(submit('c-2', { links: [{ caseId: 'c-3', kind: 'legalAid', relation: 'cousin' }] }), initialState, clerk);
    expect(E.isLeft(decided) && decided.left.code).toBe('MalformedCommand');
  });
});

describe('LinkCase records the other side of a link on an existing case', () => {
  const link = (relation: string, linkedCaseId = 'c-9') => ({ type: 'LinkCase', commandId: cid(), caseId: 'c-1', linkedCaseId, kind: 'mediation', relation, note: null });

  it('given a workflow with a convertedTo transition, when the case is converted, then CaseLinked is recorded and the case reaches that stage', () => {
    const state = accepted(convertible);
    const decided = decideInput(link('convertedTo'), state, { ...clerk, workflow: convertible });
    expect(E.isRight(decided)).toBe(true);
    if (E.isLeft(decided)) return;
    const event = decided.right[0]!;
    expect(event).toMatchObject({ type: 'CaseLinked', data: { caseId: 'c-9', kind: 'mediation', relation: 'convertedTo', note: null }, meta: { stage: 'converted', status: 'handled' } });
    const after = evolve(state, event);
    expect(after.stage).toBe('converted');
    expect(after.facts['CaseLinked']?.count).toBe(1);
  });

  it('given a workflow without a transition for that relation, then LinkCase is refused and nothing is decided', () => {
    const decided = decideInput(link('convertedTo'), accepted(mediationWorkflow), clerk);
    expect(E.isLeft(decided) && decided.left.code).toBe('NotAllowedInStage');
  });

  it('given a link to the case itself, then LinkCase is refused as InvalidValue', () => {
    const decided = decideInput(link('convertedTo', 'c-1'), accepted(convertible), { ...clerk, workflow: convertible });
    expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidValue', field: 'linkedCaseId' });
  });
});
