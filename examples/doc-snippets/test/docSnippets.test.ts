import { type DecisionContext, type Unit, CalendarCodec, createDirectory, isWorkingDay, mediationWorkflow } from '@casefold/core';
import { randomBytes } from 'node:crypto';
import { getInMemoryEventStore, getInMemoryRowProjectionStore, inMemoryKeystore, localMasterKey, protectPersonalData } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decided, status } from '../src/aTaste.js';
import { disposeExpiredCases } from '../src/disposeExpiredCases.js';
import { caseBoardRunner } from '../src/caseBoardRunner.js';
import { due } from '../src/holidayYear2027.js';
import { calendar } from '../src/nationalDayCalendar.js';
import { readEventLine } from '../src/readEventLine.js';
import { recordVisit } from '../src/recordVisit.js';
import { submitCase } from '../src/submitCase.js';

const UNITS: readonly Unit[] = [
  { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
  { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
];
const directory = E.getOrElseW(() => {
  throw new Error('the test units are invalid');
})(createDirectory(UNITS));
const submit = (caseId: string, commandId: string, receivingUnit = 'majie') => ({
  type: 'Submit',
  commandId,
  caseId,
  channel: 'window',
  category: 'tenancy',
  summary: 'Deposit not returned',
  receivingUnit,
  area: 'majie-north',
  claimedAmountFen: 20_000_000,
  parties: [{ subjectId: 'p-1', side: 'applicant', pii: { name: '张三', phone: null, idNumber: null } }],
});
const clerk = { id: 'clerk-7', role: 'intakeClerk', unit: 'majie' };

describe('README, "A taste"', () => {
  it('the submission is decided into one Submitted event, and the folded case is unreviewed (未审核)', () => {
    expect(E.isRight(decided) && decided.right.map((e) => e.type)).toEqual(['Submitted']);
    expect(status).toBe('unreviewed');
  });
});

describe('concepts: decoding an event', () => {
  const line = JSON.stringify(E.isRight(decided) ? decided.right[0] : null);

  it('a stored Submitted event decodes to itself', () => {
    expect(readEventLine(line)).toEqual(E.right(JSON.parse(line)));
  });

  it('a negative claim is refused with the path and the message the doc shows', () => {
    const negative = line.replace('"claimedAmountFen":20000000', '"claimedAmountFen":-5');
    expect(negative).not.toBe(line);
    expect(readEventLine(negative)).toEqual(
      E.left([
        { path: 'data.claimedAmountFen', message: 'expected Fen (a non-negative whole number of fen), got -5' },
        { path: 'data.claimedAmountFen', message: 'expected null, got -5' },
      ]),
    );
  });
});

describe('projections: running one', () => {
  it('the runner shows the command’s case once it has caught up (read-your-writes), and a rebuild gives the same board', async () => {
    const { board, rebuilt } = await caseBoardRunner(directory, submit('T-1', 'c-1'), { actor: clerk });
    expect(board.counts.total).toBe(1);
    expect(rebuilt).toEqual(board);
  });
});

describe('command handling', () => {
  const context: DecisionContext = { now: '2026-05-05T01:00:00.000Z', actor: clerk, directory, workflow: mediationWorkflow };

  it('handleCommand: recorded, then the same command id again is the first outcome, and a bad unit is the decider’s typed rejection', async () => {
    const store = getInMemoryEventStore();
    expect(await submitCase(store, submit('T-1', 'c-1'), context)).toBe('recorded: Submitted up to position 1');
    expect(await submitCase(store, submit('T-1', 'c-1'), context)).toBe('already recorded: Submitted up to position 1');
    expect(await submitCase(store, submit('T-2', 'c-2', 'nowhere'), context)).toMatch(/^refused: /);
  });

  it('caseCommandHandler: the event is dated when the fact happened and carries the correlation id', async () => {
    const store = getInMemoryEventStore();
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const result = await recordVisit(store, directory, submit('T-1', 'c-1'), anHourAgo);
    if (E.isLeft(result)) throw new Error(`refused: ${JSON.stringify(result.left)}`);
    expect(result.right.events.map((e) => e.meta.occurredAt)).toEqual([anHourAgo]);
    expect(Date.parse(String(result.right.recorded[0]?.metadata['recordedAt'])) - Date.parse(anHourAgo)).toBeGreaterThanOrEqual(3_600_000);
    expect(result.right.recorded.map((r) => r.metadata['correlationId'])).toEqual(['visit-9']);
  });
});

describe('calendars', () => {
  it('the calendar value decodes, and its make-up Saturday is worked while National Day is not', () => {
    expect(E.isRight(CalendarCodec.decode(calendar))).toBe(true);
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true);
    expect(isWorkingDay(calendar, '2026-10-01')).toBe(false);
    expect(isWorkingDay(calendar, '2026-10-09')).toBe(true);
  });

  it('a 2027 table given as data: three working days from 30 Dec 2026 end at 24:00 on 5 Jan 2027', () => {
    expect(due).toEqual(E.right('2027-01-05T16:00:00.000Z'));
  });
});

describe('docs/retention.md, "The yearly run"', () => {
  it('disposes of a case closed eleven years ago and shreds its applicant; a case closed last year stays', async () => {
    const events = getInMemoryEventStore();
    const keystore = inMemoryKeystore();
    const kms = localMasterKey({ masterKey: randomBytes(32) });
    const writer = protectPersonalData(events, { keystore, kms });
    const year = (y: number) => new Date(Date.UTC(y, 2, 2)).toISOString();
    const thisYear = new Date().getUTCFullYear();
    for (const [caseId, closedIn] of [
      ['OLD-1', thisYear - 11],
      ['NEW-1', thisYear - 1],
    ] as const) {
      const meta = (type: string, at: string) => ({
        occurredAt: at,
        recordedAt: at,
        commandId: `${caseId}/${type}`,
        correlationId: caseId,
        causationId: null,
        schemaVersion: 1,
        workflow: { id: 'mediation', version: 2 },
      });
      await writer.appendToStream(`case-${caseId}`, [
        {
          eventId: `${caseId}-0`,
          type: 'Submitted',
          data: { caseId, parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: '张三', phone: null, idNumber: null } }] },
          metadata: meta('Submitted', year(closedIn)),
        },
        { eventId: `${caseId}-1`, type: 'Closed', data: { caseId }, metadata: meta('Closed', year(closedIn)) },
      ]);
    }
    const result = await disposeExpiredCases(events, getInMemoryRowProjectionStore(), keystore, kms, { id: 'archivist-1', role: 'archivist', unit: 'majie' });
    expect(result).toEqual({ disposed: [{ caseId: 'OLD-1', forgotten: ['OLD-1-a'], keptByOtherCases: [] }], refused: [], failed: [] });
    expect((await keystore.read(['NEW-1-a', 'OLD-1-a'])).get('NEW-1-a')).toMatchObject({ state: 'active' });
    expect((await keystore.read(['OLD-1-a'])).get('OLD-1-a')).toMatchObject({ state: 'erased' });
  });
});
