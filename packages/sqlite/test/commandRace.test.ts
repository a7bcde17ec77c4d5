import { createDirectory, type JurisdictionDirectory } from '@casefold/core';
import { caseCommandHandler, type EventStore } from '@casefold/engine';
import { getSqliteEventStore, type SqliteEventStore } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { collect, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

const directory = (): JurisdictionDirectory => {
  const created = createDirectory([
    { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
    { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
    { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
    { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  ]);
  if (E.isLeft(created)) throw new Error(`test directory is invalid: ${JSON.stringify(created.left)}`);
  return created.right;
};

const clerk = { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' };
const leader = { id: 'leader-1', role: 'leaderInCharge', unit: 'majie' };
const submit = {
  type: 'Submit',
  commandId: 'submit',
  caseId: 'R-1',
  channel: 'window',
  category: 'tenancy',
  summary: 'Deposit not returned',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: null,
  parties: [{ subjectId: 'R-1-a', side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } }],
};
const review = (commandId: string) => ({ type: 'Review', commandId, caseId: 'R-1', decision: { outcome: 'accepted', note: null } });
const supervise = { type: 'RaiseSupervision', commandId: 'supervise', caseId: 'R-1', level: 'yellow', reason: 'Complaint about the delay' };

/** `store` as one handler sees it: its first append waits until `rival` has appended through another connection. */
const losingTo = (store: EventStore, rival: () => Promise<unknown>): EventStore => {
  let raced = false;
  return {
    ...store,
    appendToStream: async (...args) => {
      if (!raced) {
        raced = true;
        await rival();
      }
      return store.appendToStream(...args);
    },
  };
};

describe('caseCommandHandler on SQLite: the loser of a race between two connections to one file', () => {
  const opened: SqliteEventStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  /** Two connections to a fresh file, a clock both read (the test moves it), and a rival handler on the second connection. */
  const setUp = async (name: string) => {
    const fileName = dir.file(`${name}.db`);
    const [mine, theirs] = [getSqliteEventStore({ fileName }), getSqliteEventStore({ fileName })];
    opened.push(mine, theirs);
    let now = '2026-06-01T08:00:00.000Z';
    const clock = () => now;
    const moveTo = (instant: string) => void (now = instant);
    const rival = caseCommandHandler({ store: theirs, directory: directory(), clock });
    expect(E.isRight(await rival(submit, { actor: clerk }))).toBe(true);
    moveTo('2026-06-01T08:00:01.000Z');
    const racing = losingTo(mine, async () => {
      moveTo('2026-06-01T08:00:02.000Z');
      expect(E.isRight(await rival(review('rival-review'), { actor: clerk }))).toBe(true);
      moveTo('2026-06-01T08:00:03.000Z');
    });
    return { mine, execute: caseCommandHandler({ store: racing, directory: directory(), clock, retry: { baseDelayMs: 0 } }) };
  };

  it('refuses the losing review as NotAllowedInStage (the case is accepted now), not as TimeWentBackwards', async () => {
    const { mine, execute } = await setUp('review');
    const result = await execute(review('my-review'), { actor: clerk });
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'rejected', rejection: { code: 'NotAllowedInStage', stage: 'accepted' } });
    expect((await collect(mine.readAll())).map((event) => event.type)).toEqual(['Submitted', 'Reviewed']);
  });

  it('appends a still-valid losing command on the retry, dated by the clock read again', async () => {
    const { mine, execute } = await setUp('supervise');
    const result = await execute(supervise, { actor: leader });
    expect(E.isRight(result) && result.right.attempts).toBe(2);
    expect((await collect(mine.readAll())).map((event) => [event.type, event.metadata.occurredAt])).toEqual([
      ['Submitted', '2026-06-01T08:00:00.000Z'],
      ['Reviewed', '2026-06-01T08:00:02.000Z'],
      ['SupervisionRaised', '2026-06-01T08:00:03.000Z'],
    ]);
  });
});
