import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type CaseState,
  type Principal,
  centreOneWindow,
  createAuthorization,
  gridEventWorkflow,
  legalAidWorkflow,
  legalConsultationWorkflow,
  mediationAuthorizationPolicy,
  mediationWorkflow,
  mediationWorkflowV1,
  petitionWorkflow,
  shippedAuthorizationPolicies,
  shippedWorkflows,
} from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { type EventStore, caseCommandHandler, getInMemoryEventStore, receiveAtWindow, streamStateCache } from '../../src/index.js';
import { storedEvents } from './storedEvents.js';

const NOW = '2026-06-01T08:00:00.000Z';
const authorization = (() => {
  const created = createAuthorization({ policies: shippedAuthorizationPolicies, workflows: shippedWorkflows, directory: sampleDirectory() });
  if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
  return created.right;
})();

const clerk: Principal = { id: 'clerk-1', assignments: [{ role: 'intakeClerk', unit: 'majie' }] };
const guanduClerk: Principal = {
  id: 'clerk-9',
  assignments: [
    { role: 'intakeClerk', unit: 'guandu' },
    { role: 'leaderInCharge', unit: 'guandu' },
  ],
};
const requester = (subjectId: string): Principal => ({ id: `account-${subjectId}`, subjectId, assignments: [{ role: 'requester', unit: 'majie' }] });

const submit = (caseId: string, applicant = `${caseId}-a`) => sampleSubmit(caseId, { parties: [{ subjectId: applicant, side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } }] });
const review = (caseId: string, commandId = `${caseId}/review`) => ({ type: 'Review', commandId, caseId, decision: { outcome: 'accepted', note: null } });
const withdraw = (caseId: string) => ({ type: 'Withdraw', commandId: `${caseId}/withdraw`, caseId, reason: 'settled privately' });

const handler = () => {
  const store = getInMemoryEventStore();
  return { store, execute: caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, authorization }) };
};

describe('caseCommandHandler with authorization: who acts comes from the principal, checked against the policy', () => {
  it('given a clerk of the receiving unit, when they submit and review, then the events record the assignment the policy admitted as the actor', async () => {
    const { store, execute } = handler();
    expect(E.isRight(await execute(submit('A-1'), { principal: clerk }))).toBe(true);
    expect(E.isRight(await execute(review('A-1'), { principal: clerk }))).toBe(true);
    expect((await storedEvents(store)).map((e) => e.metadata['actor'])).toEqual([
      { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' },
      { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' },
    ]);
  });

  it('given a requester, when they withdraw another citizen’s case, then they get the answer for a case that does not exist, and nothing is stored', async () => {
    const { store, execute } = handler();
    await execute(submit('A-2'), { principal: clerk });
    const other = await execute(withdraw('A-2'), { principal: requester('someone-else') });
    const missing = await execute(withdraw('A-404'), { principal: requester('someone-else') });
    expect(other).toEqual(E.left({ kind: 'rejected', rejection: { code: 'CaseNotFound', message: 'Case "A-2" has no history yet; submit it first.', caseId: 'A-2' } }));
    expect(missing).toEqual(E.left({ kind: 'rejected', rejection: { code: 'CaseNotFound', message: 'Case "A-404" has no history yet; submit it first.', caseId: 'A-404' } }));
    expect((await storedEvents(store)).map((e) => e.type)).toEqual(['Submitted']);
    // The applicant themself may withdraw, as their subject id.
    expect(E.isRight(await execute(withdraw('A-2'), { principal: requester('A-2-a') }))).toBe(true);
    expect((await storedEvents(store)).at(-1)?.metadata).toMatchObject({ actor: { id: 'A-2-a', role: 'requester', unit: 'majie' } });
  });

  it('given a clerk of another district, when they act on a case or retry its known command id, then the answer is the one for a missing case', async () => {
    const { store, execute } = handler();
    await execute(submit('A-3'), { principal: clerk });
    await execute(review('A-3'), { principal: clerk });
    const notFound = (caseId: string) => E.left({ kind: 'rejected', rejection: { code: 'CaseNotFound', message: `Case "${caseId}" has no history yet; submit it first.`, caseId } });
    expect(await execute(review('A-3', 'mine'), { principal: guanduClerk })).toEqual(notFound('A-3'));
    // The command id of the clerk's review is in the stream: its first outcome is not handed out.
    expect(await execute(review('A-3'), { principal: guanduClerk })).toEqual(notFound('A-3'));
    // Malformed commands on a hidden case tell nothing either.
    expect(await execute({ type: 'Review', commandId: 'x', caseId: 'A-3', decision: 'yes' }, { principal: guanduClerk })).toEqual(notFound('A-3'));
    expect(await execute({ type: 'Review', commandId: 'x', caseId: 'A-9', decision: 'yes' }, { principal: guanduClerk })).toEqual(notFound('A-9'));
    expect((await storedEvents(store)).map((e) => e.type)).toEqual(['Submitted', 'Reviewed']);
  });

  it('given a case id that is taken, when anyone submits it again, then it is CaseAlreadyExists whether or not they see the case (case ids must be unguessable)', async () => {
    const { execute } = handler();
    await execute(submit('A-4'), { principal: clerk });
    const taken = E.left({ kind: 'rejected', rejection: { code: 'CaseAlreadyExists', message: 'Case "A-4" already exists; use a new case id.', caseId: 'A-4' } });
    expect(await execute({ ...submit('A-4'), commandId: 'again' }, { principal: guanduClerk })).toEqual(taken);
    expect(await execute({ ...submit('A-4'), commandId: 'again' }, { principal: clerk })).toEqual(taken);
  });

  it('given a principal who sees the case but whose roles the policy does not admit for the command, then RoleNotAllowed names the roles admitted', async () => {
    const store = getInMemoryEventStore();
    const policy = { ...mediationAuthorizationPolicy, commands: { Review: [{ roles: ['leaderInCharge'], relations: ['holder', 'owner'] }] } };
    const created = createAuthorization({ policies: [policy], workflows: [mediationWorkflow, mediationWorkflowV1], directory: sampleDirectory() });
    if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, authorization: created.right });
    await execute(submit('A-5'), { principal: clerk });
    const result = await execute(review('A-5'), { principal: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'RoleNotAllowed', command: 'Review', role: 'intakeClerk@majie', allowedRoles: ['leaderInCharge'] } });
    expect((await storedEvents(store)).map((e) => e.type)).toEqual(['Submitted']);
  });

  it('given an actor and no principal, then a handler with authorization refuses (InvalidContext on principal); a handler without refuses a principal', async () => {
    const { execute } = handler();
    const result = await execute(submit('A-6'), { actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' } });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'InvalidContext', errors: [{ path: 'principal' }] } });
    const plain = caseCommandHandler({ store: getInMemoryEventStore(), directory: sampleDirectory(), clock: () => NOW });
    const refused = await plain(submit('A-6'), { principal: clerk });
    expect(E.isLeft(refused) && refused.left).toMatchObject({ kind: 'rejected', rejection: { code: 'InvalidContext', errors: [{ path: 'actor' }] } });
  });

  it('given a citizen, when they submit a case naming another citizen as the only applicant, then NotAParty names the rule and only their own id, and nothing is stored', async () => {
    const { store, execute } = handler();
    // Citizens submit online only.
    const online = (caseId: string, applicant: string) => ({ ...submit(caseId, applicant), channel: 'wechatMiniProgram' });
    const result = await execute(online('A-11', 'p-1'), { principal: requester('p-2') });
    expect(result).toEqual(
      E.left({
        kind: 'rejected',
        rejection: {
          code: 'NotAParty',
          message:
            'A citizen submits only a case that names them as an applicant: "p-2" (the principal\'s subject id) is none of this Submit\'s applicants; name them as an applicant, or have staff receive a request made for someone else.',
          actorId: 'p-2',
        },
      }),
    );
    expect(await storedEvents(store)).toEqual([]);
    // The applicant themself may submit, also beside another applicant; staff may receive a request for anyone.
    expect(E.isRight(await execute(online('A-11', 'p-1'), { principal: requester('p-1') }))).toBe(true);
    const both = { ...online('A-12', 'p-3'), parties: [...(submit('A-12', 'p-3').parties as unknown[]), { subjectId: 'p-2', side: 'applicant', pii: { name: 'B', phone: null, idNumber: null } }] };
    expect(E.isRight(await execute(both, { principal: requester('p-2') }))).toBe(true);
    expect(E.isRight(await execute(submit('A-13', 'p-9'), { principal: clerk }))).toBe(true);
    expect((await storedEvents(store)).map((e) => [e.streamId, e.metadata['actor']])).toEqual([
      ['case-A-11', { id: 'p-1', role: 'requester', unit: 'majie' }],
      ['case-A-12', { id: 'p-2', role: 'requester', unit: 'majie' }],
      ['case-A-13', { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' }],
    ]);
  });

  it('given a malformed principal, then the handler answers InvalidContext naming each field under principal (it throws nothing), and nothing is stored', async () => {
    const { store, execute } = handler();
    await execute(submit('A-14'), { principal: clerk });
    const refusal = async (principal: unknown) => {
      const result = await execute(review('A-14'), { principal: principal as Principal });
      return E.isLeft(result) && result.left.kind === 'rejected' ? result.left.rejection : result;
    };
    expect(await refusal(null)).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'principal', message: expect.stringContaining('null') }] });
    expect(await refusal({ id: 'x' })).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'principal.assignments' }] });
    expect(await refusal({ id: 'x', assignments: 'intakeClerk@majie' })).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'principal.assignments' }] });
    expect(await refusal({ id: '', assignments: [{ role: 'intakeClerk' }], accusedIn: 'A-14' })).toMatchObject({
      code: 'InvalidContext',
      errors: [{ path: 'principal.id' }, { path: 'principal.assignments.0.unit' }, { path: 'principal.accusedIn' }],
    });
    expect((await storedEvents(store)).map((e) => e.type)).toEqual(['Submitted']);
  });

  it('given authorization without a policy for a kind the handler decides, then building the handler throws a RangeError naming it', () => {
    const created = createAuthorization({ policies: [mediationAuthorizationPolicy], workflows: [mediationWorkflow, mediationWorkflowV1], directory: sampleDirectory() });
    if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
    expect(() =>
      caseCommandHandler({
        store: getInMemoryEventStore(),
        directory: sampleDirectory(),
        workflows: shippedWorkflows.filter((w) => w.id !== 'mediation' || w.version === 2),
        authorization: created.right,
      }),
    ).toThrow(/no policy for legalConsultation, legalAid, gridEvent, petition/);
  });
  it('given a hidden case and a missing one, then both take the same path: one read of the stream each, nothing else', async () => {
    const inner = getInMemoryEventStore();
    const reads: string[] = [];
    const store: EventStore = { ...inner, readStream: (streamId, options) => (reads.push(streamId), inner.readStream(streamId, options)) };
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, authorization });
    await execute(submit('A-7'), { principal: clerk });
    reads.length = 0;
    await execute(review('A-7', 'probe-1'), { principal: guanduClerk });
    await execute(review('A-707', 'probe-2'), { principal: guanduClerk });
    expect(reads).toEqual(['case-A-7', 'case-A-707']);
  });

  it('given the one window with every kind, when a clerk receives a request as a principal, then the linked cases open under each kind’s policy', async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({
      store,
      directory: sampleDirectory(),
      clock: () => NOW,
      workflows: [mediationWorkflow, petitionWorkflow, gridEventWorkflow, legalConsultationWorkflow, legalAidWorkflow],
      authorization,
    });
    const request = {
      requestId: 'w-1',
      matter: 'labourDisputeNeedingLegalAid',
      channel: 'visit',
      category: 'other',
      summary: 'Wages unpaid for three months at a building site',
      receivingUnit: 'majie',
      area: 'majie-north',
      claimedAmountFen: 1_200_000,
      parties: [{ subjectId: 'w-1-a', side: 'applicant' as const, pii: { name: '王五', phone: null, idNumber: null } }],
    };
    const opened = await receiveAtWindow(execute, centreOneWindow, request, { principal: clerk });
    expect(E.isRight(opened) && opened.right.map((r) => r.streamId)).toEqual(['case-w-1-mediation', 'case-w-1-legalAid']);
    const refused = await execute({ type: 'Review', commandId: 'g', caseId: 'w-1-legalAid', decision: { outcome: 'accepted', note: null } }, { principal: guanduClerk });
    expect(E.isLeft(refused) && refused.left).toMatchObject({ kind: 'rejected', rejection: { code: 'CaseNotFound' } });
  });
  it('given an accusation whose respondent holds the role that handles it at the receiving organ, then to them the case does not exist', async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, workflows: [petitionWorkflow], authorization, cache: streamStateCache<CaseState>({ maxStreams: 10 }) });
    const officer: Principal = { id: 'officer-1', assignments: [{ role: 'petitionOfficer', unit: 'majie' }] };
    const accusation = {
      ...submit('P-7'),
      kind: 'petition',
      channel: 'letter',
      category: 'accusation',
      summary: 'The head of the office takes bribes',
      parties: [
        { subjectId: 'P-7-a', side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } },
        { subjectId: 'official-7', side: 'respondent', pii: { name: 'B', phone: null, idNumber: null } },
      ],
    };
    expect(E.isRight(await execute(accusation, { principal: officer }))).toBe(true);
    const register = { type: 'RegisterPetition', commandId: 'P-7/register', caseId: 'P-7', matterKey: 'k-7', representatives: 1, materialWithheldFromAccused: true };
    const accused: Principal = { id: 'officer-2', subjectId: 'official-7', assignments: [{ role: 'petitionOfficer', unit: 'majie' }] };
    expect(await execute(register, { principal: accused, decideOnly: true })).toEqual(
      E.left({ kind: 'rejected', rejection: { code: 'CaseNotFound', message: 'Case "P-7" has no history yet; submit it first.', caseId: 'P-7' } }),
    );
    expect(E.isRight(await execute(register, { principal: officer, decideOnly: true }))).toBe(true);
  });
});
