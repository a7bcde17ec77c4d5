import {
  type AnyCaseEvent,
  CASE_PARTS,
  type Envelope,
  type Principal,
  type Projection,
  caseBoardProjection,
  caseScopesProjection,
  caseSight,
  caseTimelineProjection,
  createAuthorization,
  deadlinesProjection,
  mediationWorkflow,
  petitionWorkflow,
  scopeCaseBoard,
  scopeCaseTimelines,
  scopeDeadlines,
  shippedAuthorizationPolicies,
  shippedWorkflows,
} from '@casefold/core';
import { SAMPLE_UNITS, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { applyEnvelopes, caseCommandHandler } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, tempDir } from './support/fixtures.js';

/*
 * The authorization rules end to end on a real SQLite file: cases submitted and moved by
 * their own staff, then generated principals outside their reach trying to act on them and
 * read them (through the shipped policies, the command handler and the scoped read models).
 */

const dir = tempDir();
const store = getSqliteEventStore({ fileName: dir.file('authorization.db') });
afterAll(async () => {
  await store.close();
  dir.remove();
});

const directory = sampleDirectory();
const authorization = (() => {
  const created = createAuthorization({ policies: shippedAuthorizationPolicies, workflows: shippedWorkflows, directory });
  if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
  return created.right;
})();
let now = Date.parse('2026-06-01T08:00:00.000Z');
const execute = caseCommandHandler({ store, directory, workflows: [mediationWorkflow, petitionWorkflow], authorization, clock: () => new Date((now += 1000)).toISOString() });

const clerk: Principal = { id: 'clerk-1', assignments: [{ role: 'intakeClerk', unit: 'majie' }] };
const petitionOfficer: Principal = { id: 'officer-1', assignments: [{ role: 'petitionOfficer', unit: 'majie' }] };
const party = (subjectId: string, side: string) => ({ subjectId, side, pii: { name: `name ${subjectId}`, phone: null, idNumber: null } });
const CASES = ['M-1', 'M-2', 'P-1'];
const MISSING = ['M-404', 'P-404'];
const COMMAND_IDS = ['M-1/submit', 'M-1/review', 'M-1/dispatch', 'M-2/submit', 'P-1/submit', 'fresh'];

const ok = async (command: unknown, principal: Principal): Promise<void> => {
  const result = await execute(command, { principal });
  if (E.isLeft(result)) throw new Error(`setting up: ${JSON.stringify(result.left)}`);
};

beforeAll(async () => {
  const mediation = (caseId: string) => sampleSubmit(caseId, { claimedAmountFen: null, parties: [party(`${caseId}-a`, 'applicant'), party(`${caseId}-r`, 'respondent')] });
  await ok(mediation('M-1'), clerk);
  await ok({ type: 'Review', commandId: 'M-1/review', caseId: 'M-1', decision: { outcome: 'accepted', note: null } }, clerk);
  await ok({ type: 'Dispatch', commandId: 'M-1/dispatch', caseId: 'M-1', to: 'majie-north', reason: null }, clerk);
  await ok(mediation('M-2'), clerk);
  await ok(
    {
      type: 'Submit',
      commandId: 'P-1/submit',
      caseId: 'P-1',
      kind: 'petition',
      channel: 'letter',
      category: 'accusation',
      summary: 'The head of the office takes bribes',
      receivingUnit: 'majie',
      area: 'majie-north',
      claimedAmountFen: null,
      parties: [party('P-1-a', 'applicant'), party('P-1-r', 'respondent')],
    },
    petitionOfficer,
  );
});

/** Every unit from which none of the cases (all owned by Majie, one held by Majie North) is reachable, and one that is no unit. */
const OUTSIDE_UNITS = SAMPLE_UNITS.map((u) => u.id).filter((id) => !['kunming', 'xishan', 'majie', 'majie-north'].includes(id));
const ROLES = [...new Set(shippedWorkflows.flatMap((w) => w.roles.map((r) => r.id)))];

/** A principal outside every case's reach: staff of other units, citizens who applied in none of them, notaries no mediation named. */
const outsider: fc.Arbitrary<Principal> = fc
  .record({
    id: fc.constantFrom('clerk-9', 'notary-1', 'someone'),
    assignments: fc.array(fc.record({ role: fc.constantFrom(...ROLES), unit: fc.constantFrom(...OUTSIDE_UNITS, 'no-such-unit') }), { maxLength: 3 }),
    subjectId: fc.option(fc.constantFrom('M-9-a', 'X-a', 'M-1-r'), { nil: undefined }),
  })
  .map(({ subjectId, ...rest }) => (subjectId === undefined ? rest : { ...rest, subjectId }));

const command = fc.record({
  type: fc.constantFrom('Review', 'Dispatch', 'Escalate', 'Close', 'Withdraw', 'RaiseSupervision', 'RecordCallback', 'RegisterPetition', 'Bogus'),
  commandId: fc.constantFrom(...COMMAND_IDS),
  caseId: fc.constantFrom(...CASES, ...MISSING),
  decision: fc.constantFrom({ outcome: 'accepted', note: null }, 'garbage'),
  to: fc.constantFrom('majie-north', 'xishan'),
  reason: fc.constantFrom(null, 'because'),
  level: fc.constant('yellow'),
});

const notFound = (caseId: string) => E.left({ kind: 'rejected', rejection: { code: 'CaseNotFound', message: `Case "${caseId}" has no history yet; submit it first.`, caseId } });

/** The store's events as the projections see them. */
const envelopes = async (): Promise<Envelope<AnyCaseEvent>[]> =>
  (await collect(store.readAll())).map((e) => ({
    streamId: e.streamId,
    revision: e.revision,
    position: e.position,
    eventId: e.eventId,
    recordedAt: e.metadata.recordedAt,
    event: { type: e.type, data: e.data, meta: e.metadata } as unknown as AnyCaseEvent,
  }));

const fold = <S>(projection: Projection<S, AnyCaseEvent>, events: readonly Envelope<AnyCaseEvent>[]): S => applyEnvelopes(projection, projection.initialState, events);

describe('authorization on a SQLite file (properties, 1,000 runs each)', () => {
  it('no principal outside a case’s reach changes it or learns it exists: the answer is the one for a missing case, and the file is unchanged', async () => {
    const before = await collect(store.readAll());
    await fc.assert(
      fc.asyncProperty(outsider, command, async (principal, cmd) => {
        const answer = await execute(cmd, { principal });
        expect(answer).toEqual(notFound(cmd.caseId));
        // The same command on a case id that was never used gets the same answer, id for id.
        expect(await execute({ ...cmd, caseId: 'never-used' }, { principal })).toEqual(notFound('never-used'));
      }),
      { numRuns: 1000 },
    );
    const after = await collect(store.readAll());
    expect(after.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
  });

  it('no principal outside a case’s reach reads it: the scoped board, timelines and deadlines hold none of the cases', async () => {
    const events = await envelopes();
    const board = fold(caseBoardProjection, events);
    const timelines = fold(caseTimelineProjection, events);
    const deadlines = fold(deadlinesProjection, events);
    const scopes = fold(caseScopesProjection, events);
    expect(Object.keys(board.counts.byKind).sort()).toEqual(['mediation', 'petition']);
    await fc.assert(
      fc.asyncProperty(outsider, async (principal) => {
        const sight = caseSight(principal, authorization, scopes);
        const scoped = JSON.stringify([scopeCaseBoard(board, sight), scopeCaseTimelines(timelines, sight), scopeDeadlines(deadlines, sight)]);
        for (const caseId of CASES) expect(scoped).not.toContain(`"${caseId}"`);
        expect(scopeCaseBoard(board, sight).counts.total).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('the accused (a respondent, or named by the conflict register) never reads the accusation nor acts on it, even in the roles that handle it', async () => {
    const events = await envelopes();
    const scopes = fold(caseScopesProjection, events);
    const timelines = fold(caseTimelineProjection, events);
    const board = fold(caseBoardProjection, events);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('petitionOfficer', 'handlingOfficer', 'headOfOrgan', 'petitioner'),
        fc.constantFrom('majie', 'xishan', 'kunming'),
        fc.boolean(),
        async (role, unit, asRespondent) => {
          const accused: Principal = asRespondent ? { id: 'acc-1', subjectId: 'P-1-r', assignments: [{ role, unit }] } : { id: 'acc-1', accusedIn: ['P-1'], assignments: [{ role, unit }] };
          const sight = caseSight(accused, authorization, scopes);
          for (const part of CASE_PARTS) expect(sight('P-1', part)).toBe(false);
          const read = JSON.stringify([scopeCaseTimelines(timelines, sight), scopeCaseBoard(board, sight)]);
          expect(read).not.toContain('"P-1"');
          const registered = await execute(
            { type: 'RegisterPetition', commandId: 'reg', caseId: 'P-1', matterKey: 'k', representatives: 1, materialWithheldFromAccused: true },
            { principal: accused },
          );
          expect(registered).toEqual(notFound('P-1'));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('given the petition officer who received the accusation (not accused), then they may register it: the rule above is not vacuous', async () => {
    const result = await execute(
      { type: 'RegisterPetition', commandId: 'reg-ok', caseId: 'P-1', matterKey: 'k', representatives: 1, materialWithheldFromAccused: true },
      { principal: petitionOfficer, decideOnly: true },
    );
    expect(E.isRight(result)).toBe(true);
  });
});
