import { type Workflow, mediationWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseCommandHandler, convertCase, conversionCommandIds, getInMemoryEventStore, streamStateCache, type EventStore } from '../../src/index.js';
import { storedEvents } from './storedEvents.js';

/*
 * One handler behind one window deciding several case kinds, each case under its own
 * workflow; conversions of a case into a case of another kind, recorded in both histories.
 */

const NOW = '2026-06-01T08:00:00.000Z';
const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };

/** A second kind: the mediation workflow renamed, with a conversion out of `accepted`. */
const gridLike: Workflow = {
  ...mediationWorkflow,
  id: 'gridLike',
  version: 1,
  channels: [...mediationWorkflow.channels, 'patrol'],
  stages: [...mediationWorkflow.stages, { id: 'converted', label: '已转调解', status: 'handled', terminal: true }],
  transitions: [...mediationWorkflow.transitions, { command: 'LinkCase', outcome: 'convertedTo', from: ['accepted'], to: 'converted', roles: ['intakeClerk'] }],
};

const submit = (caseId: string, extra: Record<string, unknown> = {}) => ({
  type: 'Submit',
  commandId: `${caseId}/submit`,
  caseId,
  channel: 'window',
  category: 'neighbour',
  summary: 'Water leaking into the flat below',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: null,
  parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } }],
  ...extra,
});
const review = (caseId: string) => ({ type: 'Review', commandId: `${caseId}/review`, caseId, decision: { outcome: 'accepted', note: null } });

const handler = (store: EventStore) => caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, workflows: [mediationWorkflow, gridLike] });

describe('caseCommandHandler with several kinds', () => {
  it('given two kinds, when cases are submitted with and without a kind, then each runs under its own workflow (the first by default)', async () => {
    const store = getInMemoryEventStore();
    const execute = handler(store);
    expect(E.isRight(await execute(submit('M-1'), { actor: clerk }))).toBe(true);
    expect(E.isRight(await execute(submit('G-1', { kind: 'gridLike', channel: 'patrol' }), { actor: clerk }))).toBe(true);
    expect(E.isRight(await execute(review('G-1'), { actor: clerk }))).toBe(true);
    const workflows = (await storedEvents(store)).map((e) => [e.streamId, e.metadata['workflow']]);
    expect(workflows).toEqual([
      ['case-M-1', { id: 'mediation', version: 2 }],
      ['case-G-1', { id: 'gridLike', version: 1 }],
      ['case-G-1', { id: 'gridLike', version: 1 }],
    ]);
  });

  it('given an unknown kind, then Submit is refused as InvalidValue naming the kinds the handler decides, and nothing is stored', async () => {
    const store = getInMemoryEventStore();
    const result = await handler(store)(submit('X-1', { kind: 'petition' }), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'InvalidValue', field: 'kind', value: 'petition', allowed: ['mediation', 'gridLike'] } });
    expect(await storedEvents(store)).toEqual([]);
  });

  it('given a channel only the second kind knows, when submitted without a kind, then the first kind refuses it (no kind is guessed)', async () => {
    const result = await handler(getInMemoryEventStore())(submit('X-2', { channel: 'patrol' }), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'InvalidValue', field: 'channel' } });
  });

  it('refuses options that name no kind, a kind twice, or both workflow and workflows (RangeError)', () => {
    const store = getInMemoryEventStore();
    const directory = sampleDirectory();
    expect(() => caseCommandHandler({ store, directory, workflows: [] })).toThrow(/workflows is empty/);
    expect(() => caseCommandHandler({ store, directory, workflows: [gridLike, { ...gridLike, version: 2 }] })).toThrow(/names kind "gridLike" twice/);
    expect(() => caseCommandHandler({ store, directory, workflow: gridLike, workflows: [gridLike] })).toThrow(/either workflow .* or workflows/);
  });

  it('decideOnly decides without recording: the events it would record come back, the store is unchanged', async () => {
    const store = getInMemoryEventStore();
    const result = await handler(store)(submit('D-1'), { actor: clerk, decideOnly: true });
    expect(E.isRight(result) && result.right).toMatchObject({ events: [{ type: 'Submitted' }], recorded: [], lastPosition: null, replayed: false });
    expect(E.isRight(result) && result.right.state.stage).toBe('submitted');
    expect(await storedEvents(store)).toEqual([]);
  });
});

describe('decideOnly with a state cache', () => {
  it('given a cached case, when a command is decided only, then nothing is appended and the next real command still goes through', async () => {
    const store = getInMemoryEventStore();
    const execute = caseCommandHandler({ store, directory: sampleDirectory(), clock: () => NOW, cache: streamStateCache({ maxStreams: 10 }) });
    await execute(submit('C-1'), { actor: clerk });
    const before = await storedEvents(store);
    const checked = await execute(review('C-1'), { actor: clerk, decideOnly: true });
    expect(E.isRight(checked) && checked.right.state.stage).toBe('accepted');
    expect(await storedEvents(store)).toEqual(before);
    const real = await execute(review('C-1'), { actor: clerk });
    expect(E.isRight(real) && [real.right.replayed, real.right.recorded.length]).toEqual([false, 1]);
  });
});

describe('convertCase', () => {
  // #region conversion
  const conversion = {
    conversionId: 'conv-1',
    fromCaseId: 'G-2',
    note: 'a civil dispute: to the mediation desk (访调对接)',
    to: {
      kind: 'mediation',
      caseId: 'M-2',
      channel: 'referral',
      category: 'neighbour',
      summary: 'Water leaking into the flat below',
      receivingUnit: 'majie',
      area: 'majie-north',
      claimedAmountFen: null,
      parties: [{ subjectId: 'G-2-a', side: 'applicant' as const, pii: { name: 'A', phone: null, idNumber: null } }],
    },
  };
  // #endregion conversion

  const acceptedGridCase = async (store: EventStore) => {
    const execute = handler(store);
    await execute(submit('G-2', { kind: 'gridLike', channel: 'patrol' }), { actor: clerk });
    await execute(review('G-2'), { actor: clerk });
    return execute;
  };

  it('given an accepted case of a kind that converts, when converted, then both histories record the link, each in its own stream', async () => {
    const store = getInMemoryEventStore();
    const execute = await acceptedGridCase(store);
    // #region convert
    const result = await convertCase(execute, conversion, { actor: clerk });
    // #endregion convert
    expect(E.isRight(result)).toBe(true);
    const events = await storedEvents(store);
    const linked = events.find((e) => e.type === 'CaseLinked');
    expect(linked).toMatchObject({ streamId: 'case-G-2', data: { caseId: 'M-2', kind: 'mediation', relation: 'convertedTo' }, metadata: { stage: 'converted', correlationId: 'conv-1' } });
    const submitted = events.find((e) => e.streamId === 'case-M-2');
    expect(submitted).toMatchObject({
      type: 'Submitted',
      data: { links: [{ caseId: 'G-2', kind: 'gridLike', relation: 'convertedFrom' }] },
      metadata: { workflow: { id: 'mediation', version: 2 }, causationId: 'conv-1/convertedTo' },
    });
  });

  it('given the same conversion run again (after a crash between its two appends), then it completes and records nothing twice', async () => {
    const store = getInMemoryEventStore();
    const execute = await acceptedGridCase(store);
    // The crash: only the first of the two commands got recorded.
    const ids = conversionCommandIds('conv-1');
    await execute({ type: 'LinkCase', commandId: ids.link, caseId: 'G-2', linkedCaseId: 'M-2', kind: 'mediation', relation: 'convertedTo', note: conversion.note }, { actor: clerk });
    expect((await storedEvents(store)).some((e) => e.streamId === 'case-M-2')).toBe(false);
    const again = await convertCase(execute, conversion, { actor: clerk });
    expect(E.isRight(again) && again.right.from.replayed).toBe(true);
    expect(E.isRight(again) && again.right.to.replayed).toBe(false);
    const third = await convertCase(execute, conversion, { actor: clerk });
    expect(E.isRight(third) && [third.right.from.replayed, third.right.to.replayed]).toEqual([true, true]);
    const events = await storedEvents(store);
    expect(events.filter((e) => e.type === 'CaseLinked')).toHaveLength(1);
    expect(events.filter((e) => e.streamId === 'case-M-2')).toHaveLength(1);
  });

  it('given a new case the target kind refuses (unknown category), then nothing is recorded on either side', async () => {
    const store = getInMemoryEventStore();
    const execute = await acceptedGridCase(store);
    const before = await storedEvents(store);
    const result = await convertCase(execute, { ...conversion, to: { ...conversion.to, category: 'alchemy' } }, { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ side: 'to', failure: { kind: 'rejected', rejection: { code: 'InvalidValue', field: 'category' } } });
    expect(await storedEvents(store)).toEqual(before);
  });

  it('given a case whose workflow does not convert from its stage, then nothing is recorded on either side', async () => {
    const store = getInMemoryEventStore();
    const execute = handler(store);
    await execute(submit('M-3'), { actor: clerk });
    const before = await storedEvents(store);
    const result = await convertCase(execute, { ...conversion, fromCaseId: 'M-3' }, { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ side: 'from', failure: { kind: 'rejected', rejection: { code: 'NotAllowedInStage' } } });
    expect(await storedEvents(store)).toEqual(before);
  });

  it('given a new case id that is already taken, then the conversion is refused as CaseAlreadyExists and nothing is recorded', async () => {
    const store = getInMemoryEventStore();
    const execute = await acceptedGridCase(store);
    await execute(submit('M-2'), { actor: clerk });
    const before = await storedEvents(store);
    const result = await convertCase(execute, conversion, { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ side: 'to', failure: { kind: 'rejected', rejection: { code: 'CaseAlreadyExists' } } });
    expect(await storedEvents(store)).toEqual(before);
  });

  it('given a case that does not exist, then the conversion is refused as CaseNotFound', async () => {
    const result = await convertCase(handler(getInMemoryEventStore()), { ...conversion, fromCaseId: 'nowhere' }, { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ side: 'from', failure: { kind: 'rejected', rejection: { code: 'CaseNotFound' } } });
  });
});
