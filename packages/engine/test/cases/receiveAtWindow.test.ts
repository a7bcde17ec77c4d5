import { type WindowRequest, centreOneWindow, gridEventWorkflow, legalAidWorkflow, legalConsultationWorkflow, mediationWorkflow, petitionWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseCommandHandler, getInMemoryEventStore, receiveAtWindow, type EventStore } from '../../src/index.js';
import { storedEvents } from './storedEvents.js';

/*
 * The one window (一窗式受理): a first-contact owner receives any request and triages it into a
 * case of the right kind, or into two linked cases, through the real command handler.
 */

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };

// #region handler
const handler = (store: EventStore) =>
  caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, workflows: [mediationWorkflow, petitionWorkflow, gridEventWorkflow, legalConsultationWorkflow, legalAidWorkflow] });
// #endregion handler

const request = (requestId: string, matter: string, overrides: Partial<WindowRequest> = {}): WindowRequest => ({
  requestId,
  matter,
  channel: 'visit',
  category: 'other',
  summary: 'Wages unpaid for three months at a building site',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: 1_200_000,
  parties: [{ subjectId: `${requestId}-a`, side: 'applicant', pii: { name: '王五', phone: null, idNumber: null } }],
  ...overrides,
});

describe('receiveAtWindow', () => {
  it('given a labour dispute needing legal aid, when received at the window, then it opens a mediation and a legal-aid case, each naming the other', async () => {
    const store = getInMemoryEventStore();
    // #region receive
    const opened = await receiveAtWindow(handler(store), centreOneWindow, request('w-1', 'labourDisputeNeedingLegalAid'), { actor: clerk });
    // #endregion receive
    expect(E.isRight(opened) && opened.right.map((r) => r.streamId)).toEqual(['case-w-1-mediation', 'case-w-1-legalAid']);
    const events = await storedEvents(store);
    expect(events.map((e) => [e.streamId, e.type, e.metadata['workflow'], e.metadata.correlationId])).toEqual([
      ['case-w-1-mediation', 'Submitted', { id: 'mediation', version: 2 }, 'w-1'],
      ['case-w-1-legalAid', 'Submitted', { id: 'legalAid', version: 1 }, 'w-1'],
    ]);
    expect(events[0]?.data).toMatchObject({ channel: 'window', category: 'labour', receivingUnit: 'majie', links: [{ caseId: 'w-1-legalAid', kind: 'legalAid', relation: 'sameRequest' }] });
    expect(events[1]?.data).toMatchObject({ channel: 'window', category: 'labour', links: [{ caseId: 'w-1-mediation', kind: 'mediation', relation: 'sameRequest' }] });
  });

  it('given a legal question by phone, then it opens one consultation, with the channel as that kind names it and no links', async () => {
    const store = getInMemoryEventStore();
    const opened = await receiveAtWindow(handler(store), centreOneWindow, request('w-2', 'legalQuestion', { channel: 'phone', category: 'labour' }), { actor: clerk });
    expect(E.isRight(opened)).toBe(true);
    const [event] = await storedEvents(store);
    expect(event).toMatchObject({ streamId: 'case-w-2-legalConsultation', data: { channel: 'legalHotline12348', category: 'labour' } });
    expect(Object.keys(event?.data ?? {})).not.toContain('links');
  });

  it('given the same request received twice (a crash part-way), then it is completed and nothing is recorded twice', async () => {
    const store = getInMemoryEventStore();
    const execute = handler(store);
    await receiveAtWindow(execute, centreOneWindow, request('w-3', 'labourDisputeNeedingLegalAid'), { actor: clerk });
    const again = await receiveAtWindow(execute, centreOneWindow, request('w-3', 'labourDisputeNeedingLegalAid'), { actor: clerk });
    expect(E.isRight(again) && again.right.map((r) => r.replayed)).toEqual([true, true]);
    expect(await storedEvents(store)).toHaveLength(2);
  });

  it('given an unknown matter, then it is refused as InvalidValue naming the matters, and nothing is stored', async () => {
    const store = getInMemoryEventStore();
    const result = await receiveAtWindow(handler(store), centreOneWindow, request('w-4', 'horoscope'), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ caseId: null, failure: { kind: 'rejected', rejection: { code: 'InvalidValue', field: 'matter', value: 'horoscope' } } });
    expect(E.isLeft(result) && result.left.failure.kind === 'rejected' && result.left.failure.rejection.message).toMatch(/use one of: civilDispute, labourDispute/);
    expect(await storedEvents(store)).toEqual([]);
  });

  it('given no request id (a JavaScript caller forgot it), then it is refused as MalformedCommand on requestId, and nothing is stored', async () => {
    const store = getInMemoryEventStore();
    const result = await receiveAtWindow(handler(store), centreOneWindow, { ...request('w-7', 'civilDispute'), requestId: undefined as unknown as string }, { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ caseId: null, failure: { rejection: { code: 'MalformedCommand', errors: [{ path: 'requestId' }] } } });
    expect(await storedEvents(store)).toEqual([]);
  });

  it('given a channel one of the kinds has no name for (a letter asking for mediation), then it is refused naming the channels that work', async () => {
    const result = await receiveAtWindow(handler(getInMemoryEventStore()), centreOneWindow, request('w-5', 'civilDispute', { channel: 'letter' }), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ caseId: null, failure: { rejection: { code: 'InvalidValue', field: 'channel', allowed: ['visit', 'phone', 'online'] } } });
  });

  it('given two cases of which the second kind refuses its data, then neither case is opened', async () => {
    const store = getInMemoryEventStore();
    // A window whose rules send one route to a category the legal-aid kind does not know.
    const window = {
      ...centreOneWindow,
      matters: {
        ...centreOneWindow.matters,
        both: [
          { kind: 'mediation', category: 'labour' },
          { kind: 'legalAid', category: 'astrology' },
        ],
      },
    };
    const result = await receiveAtWindow(handler(store), window, request('w-6', 'both'), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ caseId: 'w-6-legalAid', failure: { kind: 'rejected', rejection: { code: 'InvalidValue', field: 'category' } } });
    expect(await storedEvents(store)).toEqual([]);
  });
});
