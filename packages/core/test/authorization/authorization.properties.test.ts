import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  CASE_PARTS,
  type CaseBoardEntry,
  type CaseBoardState,
  type CaseScope,
  type CaseScopesState,
  type Principal,
  actingAs,
  canSee,
  caseBoardProjection,
  caseScopesProjection,
  caseSight,
  casesOnBoard,
  isSelfOrAbove,
  redactCaseEvent,
  scopeCaseBoard,
  shippedWorkflows,
  visibleParts,
} from '@casefold/core';
import { SAMPLE_UNITS, sampleDirectory } from '@casefold/core/testing';
import { produce } from 'immer';
import { shippedAuthorization } from './authorizationFixtures.js';

const authorization = shippedAuthorization();
const directory = sampleDirectory();
const UNITS = SAMPLE_UNITS.map((u) => u.id);
const KINDS = [...new Set(shippedWorkflows.map((w) => w.id))];
const ROLES = [...new Set(shippedWorkflows.flatMap((w) => w.roles.map((r) => r.id)))];
const SUBJECTS = ['s-1', 's-2', 's-3', 's-4'];
const PEOPLE = ['p-1', 'p-2', 'notary-1'];

const caseScope: fc.Arbitrary<CaseScope> = fc.record({
  caseId: fc.constantFrom('C-1', 'C-2', 'C-3'),
  kind: fc.constantFrom(...KINDS),
  category: fc.constantFrom('tenancy', 'labour', 'accusation', 'grievance'),
  owner: fc.constantFrom(...UNITS),
  holder: fc.constantFrom(...UNITS),
  applicants: fc.subarray(SUBJECTS, { maxLength: 2 }),
  respondents: fc.subarray(SUBJECTS, { maxLength: 2 }),
  participants: fc.subarray(PEOPLE, { maxLength: 2 }),
});

const principal: fc.Arbitrary<Principal> = fc
  .record({
    id: fc.constantFrom(...PEOPLE),
    assignments: fc.array(fc.record({ role: fc.constantFrom(...ROLES), unit: fc.constantFrom(...UNITS, 'notary-office') }), { maxLength: 3 }),
    subjectId: fc.option(fc.constantFrom(...SUBJECTS), { nil: undefined }),
    accusedIn: fc.option(fc.subarray(['C-1', 'C-2', 'C-3']), { nil: undefined }),
  })
  .map(({ subjectId, accusedIn, ...rest }) => ({ ...rest, ...(subjectId === undefined ? {} : { subjectId }), ...(accusedIn === undefined ? {} : { accusedIn }) }));

/** Whether the principal is within the case's reach at all: a unit at or above its holder or owner, or bound to it as applicant or participant. */
const withinReach = (p: Principal, scope: CaseScope): boolean =>
  p.assignments.some((a) => isSelfOrAbove(directory, scope.holder, a.unit) || isSelfOrAbove(directory, scope.owner, a.unit)) ||
  (p.subjectId !== undefined && scope.applicants.includes(p.subjectId)) ||
  scope.participants.includes(p.id);

const accused = (p: Principal, scope: CaseScope): boolean => (p.accusedIn ?? []).includes(scope.caseId) || (p.subjectId !== undefined && scope.respondents.includes(p.subjectId));

describe('authorization properties (shipped policies, generated principals and cases)', () => {
  it('no actor outside a case’s jurisdiction sees any part of it or may run any command on it', () => {
    fc.assert(
      fc.property(principal, caseScope, fc.constantFrom('Review', 'Dispatch', 'Close', 'Withdraw', 'RecordCallback', 'ConcludeAccusation'), (p, scope, command) => {
        fc.pre(!withinReach(p, scope));
        expect(visibleParts(p, scope, authorization).size).toBe(0);
        expect(actingAs({ principal: p, command, scope, kind: scope.kind, authorization })).toEqual(E.left({ kind: 'hidden' }));
      }),
      { numRuns: 1000 },
    );
  });

  it('accusation material never reaches the accused; an accusation is hidden from them whole', () => {
    fc.assert(
      fc.property(principal, caseScope, (p, scope) => {
        fc.pre(accused(p, scope));
        expect(canSee(p, scope, 'accusationMaterial', authorization)).toBe(false);
        if (scope.kind === 'petition' && scope.category === 'accusation') expect(visibleParts(p, scope, authorization).size).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('in an accusation, whoever sees its summary, parties, personal data or documents also sees the accusation material', () => {
    fc.assert(
      fc.property(principal, caseScope, (p, scope) => {
        const accusation = { ...scope, kind: 'petition', category: 'accusation' };
        const parts = visibleParts(p, accusation, authorization);
        if (['summary', 'parties', 'personalData', 'documents'].some((part) => parts.has(part as never))) expect(parts.has('accusationMaterial')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a citizen (no staff or external role) acts on and sees only cases where their subject id is an applicant', () => {
    const citizenRoles = shippedWorkflows.flatMap((w) => w.roles.filter((r) => r.scope === 'citizen').map((r) => r.id));
    fc.assert(
      fc.property(principal, caseScope, fc.constantFrom('Withdraw', 'RequestReview', 'Review'), (p, scope, command) => {
        const asCitizen = { ...p, assignments: p.assignments.filter((a) => citizenRoles.includes(a.role)) };
        const own = asCitizen.subjectId !== undefined && scope.applicants.includes(asCitizen.subjectId);
        if (!own) {
          expect(visibleParts(asCitizen, scope, authorization).size).toBe(0);
          expect(E.isLeft(actingAs({ principal: asCitizen, command, scope, kind: scope.kind, authorization }))).toBe(true);
        }
        const acting = actingAs({ principal: asCitizen, command, scope, kind: scope.kind, authorization });
        if (E.isRight(acting)) expect(acting.right.id).toBe(asCitizen.subjectId);
      }),
      { numRuns: 1000 },
    );
  });

  it('every part of a case is seen only with the case itself', () => {
    fc.assert(
      fc.property(principal, caseScope, fc.constantFrom(...CASE_PARTS), (p, scope, part) => {
        if (canSee(p, scope, part, authorization)) expect(canSee(p, scope, 'case', authorization)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Builds the board and scopes read models from submissions of the generated cases, through the projections themselves. */
const readModels = (scopes: readonly CaseScope[]): { board: CaseBoardState; caseScopes: CaseScopesState } => {
  let board = caseBoardProjection.initialState;
  let caseScopes = caseScopesProjection.initialState;
  scopes.forEach((scope, i) => {
    const event = {
      type: 'Submitted',
      data: {
        caseId: scope.caseId,
        channel: 'window',
        category: scope.category,
        summary: `secret summary ${scope.caseId}`,
        receivingUnit: scope.owner,
        receivingLevel: 'subDistrict',
        area: scope.owner,
        claimedAmountFen: null,
        parties: [
          ...scope.applicants.map((subjectId) => ({ subjectId, side: 'applicant', pii: { name: `name of ${subjectId}`, phone: null, idNumber: null } })),
          ...scope.respondents.map((subjectId) => ({ subjectId, side: 'respondent', pii: { name: `name of ${subjectId}`, phone: null, idNumber: null } })),
        ],
      },
      meta: {
        occurredAt: '2026-06-01T08:00:00.000Z',
        actor: { id: 'c', role: 'intakeClerk', unit: scope.owner },
        commandId: `${scope.caseId}/s`,
        workflow: { id: scope.kind, version: 1 },
        deadlines: { started: [], stopped: [] },
      },
    } as const;
    const routed = {
      type: 'Routed',
      data: { mode: 'dispatch', from: scope.owner, to: scope.holder, fromLevel: 'subDistrict', toLevel: 'community', reason: null },
      meta: { ...event.meta, commandId: `${scope.caseId}/r` },
    } as const;
    const mediation = {
      type: 'MediationStarted',
      data: { track: 'people', mediatorId: 'm-1', unit: scope.holder, participants: scope.participants.map((id) => ({ id, role: 'notary', organisation: null })) },
      meta: { ...event.meta, commandId: `${scope.caseId}/m` },
    } as const;
    for (const [revision, e] of [event, routed, mediation].entries()) {
      const envelope = {
        streamId: `case-${scope.caseId}`,
        revision: BigInt(revision),
        position: BigInt(i * 3 + revision),
        eventId: `${i}-${revision}`,
        recordedAt: e.meta.occurredAt,
        event: e as never,
      };
      board = produce(board, (draft) => caseBoardProjection.apply(draft, envelope));
      caseScopes = produce(caseScopes, (draft) => caseScopesProjection.apply(draft, envelope));
    }
  });
  return { board, caseScopes };
};

describe('scoped reads (properties)', () => {
  const distinctCases = fc.uniqueArray(caseScope, { selector: (s) => s.caseId, minLength: 1, maxLength: 3 });

  it('the scoped board holds exactly the cases the principal sees, counted alone, and no other case id anywhere in it', () => {
    fc.assert(
      fc.property(principal, distinctCases, (p, scopes) => {
        const { board, caseScopes } = readModels(scopes);
        const scoped = scopeCaseBoard(board, caseSight(p, authorization, caseScopes));
        const seen = scopes.filter((s) => canSee(p, s, 'case', authorization)).map((s) => s.caseId);
        expect(
          casesOnBoard(scoped)
            .map((e: CaseBoardEntry) => e.caseId)
            .sort(),
        ).toEqual([...seen].sort());
        expect(scoped.counts.total).toBe(seen.length);
        const text = JSON.stringify(scoped);
        for (const hidden of scopes.filter((s) => !seen.includes(s.caseId))) expect(text).not.toContain(`"${hidden.caseId}"`);
        for (const scope of scopes) if (!withinReach(p, scope)) expect(seen).not.toContain(scope.caseId);
      }),
      { numRuns: 1000 },
    );
  });

  it('a redacted submission holds no name of a party for a reader without personal data, and no accusation text for the accused', () => {
    fc.assert(
      fc.property(principal, caseScope, (p, scope) => {
        const { caseScopes } = readModels([scope]);
        const sight = caseSight(p, authorization, caseScopes);
        const parts = new Set(CASE_PARTS.filter((part) => sight(scope.caseId, part)));
        const names = [...scope.applicants, ...scope.respondents].map((s) => `name of ${s}`);
        const submitted = {
          type: 'Submitted',
          data: {
            caseId: scope.caseId,
            summary: 'secret summary',
            parties: [...scope.applicants, ...scope.respondents].map((subjectId) => ({ subjectId, side: 'applicant', pii: { name: `name of ${subjectId}`, phone: null, idNumber: null } })),
          },
          meta: {},
        };
        const text = JSON.stringify(redactCaseEvent(submitted as never, parts));
        if (!parts.has('personalData')) for (const name of names) expect(text).not.toContain(name);
        if (accused(p, scope) && scope.kind === 'petition' && scope.category === 'accusation') expect(text).toBe('null');
        if (!withinReach(p, scope)) expect(text).toBe('null');
      }),
      { numRuns: 1000 },
    );
  });
});
