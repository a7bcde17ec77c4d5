import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  CASE_PARTS,
  actingAs,
  canSee,
  checkAuthorizationPolicy,
  createAuthorization,
  decodePrincipal,
  mediationWorkflow,
  mediationWorkflowV1,
  petitionAuthorizationPolicy,
  petitionWorkflow,
  shippedAuthorizationPolicies,
  shippedWorkflows,
  visibleParts,
} from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { accusationCase, citizen, mediationCase, shippedAuthorization, staff } from './authorizationFixtures.js';

const authorization = shippedAuthorization();
const all = new Set(CASE_PARTS.filter((p) => p !== 'accusationMaterial'));

describe('policies as data: checked like workflows', () => {
  it('every shipped kind has a policy, and each passes checkAuthorizationPolicy against its versions', () => {
    for (const policy of shippedAuthorizationPolicies) {
      expect(
        checkAuthorizationPolicy(
          policy,
          shippedWorkflows.filter((w) => w.id === policy.workflow),
        ),
      ).toEqual([]);
    }
    expect(new Set(shippedAuthorizationPolicies.map((p) => p.workflow))).toEqual(new Set(shippedWorkflows.map((w) => w.id)));
  });

  it('given a policy with an unknown role, a citizen role at a unit, an unknown part, command and category, then every problem is named by path', () => {
    const bad = {
      workflow: 'petition',
      act: [{ roles: ['petitionOfficer', 'mayor'], relations: ['holder'] }],
      see: { case: [{ roles: ['petitioner'], relations: ['holder'] }], gossip: [] },
      commands: { FlyToTheMoon: [] },
      accusation: { categories: ['slander'] },
    };
    expect(checkAuthorizationPolicy(bad, [petitionWorkflow])).toEqual([
      { path: 'policy.see.gossip', message: expect.stringContaining('"gossip" is not a part of a case') },
      { path: 'policy.act.0.roles', message: expect.stringContaining('"mayor" is not a role of the workflow') },
      { path: 'policy.see.case.0.relations', message: expect.stringContaining('"holder" does not fit the citizen role "petitioner"; a citizen role stands to a case as applicant') },
      { path: 'policy.commands.FlyToTheMoon', message: '"FlyToTheMoon" is not a command of the workflow' },
      { path: 'policy.accusation.categories', message: expect.stringContaining('"slander" is not a category of the workflow') },
    ]);
  });

  it('given a key a policy does not have, at any level (a misspelt accusation, commands, grant or category key), then each is named with the keys known there', () => {
    const { accusation, ...petition } = petitionAuthorizationPolicy;
    const versions = shippedWorkflows.filter((w) => w.id === 'petition');
    const known = 'unknown key; known: workflow, act, see, commands, accusation';
    // Ignored, `acusation` would switch the accusation rule (信访工作条例 Art 30) off without a word.
    expect(checkAuthorizationPolicy({ ...petition, acusation: accusation }, versions)).toEqual([{ path: 'policy.acusation', message: known }]);
    expect(
      checkAuthorizationPolicy(
        {
          ...petitionAuthorizationPolicy,
          comands: { Withdraw: [] },
          act: [{ ...petition.act[0], role: 'mayor' }],
          see: { ...petition.see, case: [{ roles: ['petitioner'], relations: ['applicant'], unit: 'majie' }] },
          commands: { Withdraw: [{ roles: ['petitioner'], relations: ['applicant'], relation: 'holder' }] },
          accusation: { ...accusation, categorys: ['grievance'] },
        },
        versions,
      ),
    ).toEqual([
      { path: 'policy.comands', message: known },
      { path: 'policy.act.0.role', message: 'unknown key; known: roles, relations' },
      { path: 'policy.see.case.0.unit', message: 'unknown key; known: roles, relations' },
      { path: 'policy.commands.Withdraw.0.relation', message: 'unknown key; known: roles, relations' },
      { path: 'policy.accusation.categorys', message: 'unknown key; known: categories' },
    ]);
    expect(createAuthorization({ policies: [{ ...petitionAuthorizationPolicy, comands: {} }], workflows: [petitionWorkflow], directory: sampleDirectory() })).toEqual(
      E.left([{ path: 'policies.0.comands', message: known }]),
    );
    // Named beside the codec's errors too: `acts` for `act`.
    expect(checkAuthorizationPolicy({ workflow: 'petition', acts: [], see: {} }, versions)).toEqual([
      { path: 'policy.act', message: expect.stringContaining('expected') },
      { path: 'policy.acts', message: known },
    ]);
  });

  it('given a policy of the wrong shape, then the codec names the failing fields', () => {
    expect(checkAuthorizationPolicy({ workflow: 'petition', act: [{ roles: 'all' }] }, [petitionWorkflow]).map((p) => p.path)).toEqual(
      expect.arrayContaining(['policy.act.0.roles', 'policy.act.0.relations', 'policy.see']),
    );
  });

  it('given a workflow without a policy, or two policies for one kind, then createAuthorization refuses with each problem', () => {
    const created = createAuthorization({
      policies: [petitionAuthorizationPolicy, petitionAuthorizationPolicy],
      workflows: [petitionWorkflow, mediationWorkflow, mediationWorkflowV1],
      directory: sampleDirectory(),
    });
    expect(E.isLeft(created) && created.left).toEqual([
      { path: 'policies.1.workflow', message: expect.stringContaining('"petition" has a policy already') },
      { path: 'policies', message: expect.stringContaining('workflow "mediation" has no policy') },
    ]);
  });
});

describe('who sees a mediation case (the baseline policy)', () => {
  it('given the clerk of the holding community, then they see every part', () => {
    expect(visibleParts(staff('c1', 'mediator', 'majie-north'), mediationCase, authorization)).toEqual(all);
  });

  it('given the intake clerk of the owning sub-district (首问首办), then they see every part', () => {
    expect(visibleParts(staff('c2', 'intakeClerk', 'majie'), mediationCase, authorization)).toEqual(all);
  });

  it('given the leader at the district above, then they see the case, summary, parties and documents, but no personal data', () => {
    expect(visibleParts(staff('l1', 'leaderInCharge', 'xishan'), mediationCase, authorization)).toEqual(new Set(['case', 'summary', 'parties', 'documents']));
  });

  it('given a clerk of another district, or of a neighbouring community, then they see nothing', () => {
    expect(visibleParts(staff('g1', 'intakeClerk', 'guandu'), mediationCase, authorization).size).toBe(0);
    expect(visibleParts(staff('x1', 'intakeClerk', 'xizhan'), mediationCase, authorization).size).toBe(0);
  });

  it('given the requester, then they see their own case whole; another citizen sees nothing', () => {
    expect(visibleParts(citizen('M-1-a'), mediationCase, authorization)).toEqual(all);
    expect(visibleParts(citizen('M-2-a'), mediationCase, authorization).size).toBe(0);
  });

  it('given a role held at a unit, then it counts only there: a mediator elsewhere who is a clerk at the owner acts as the clerk', () => {
    const twoHats = {
      id: 'p1',
      assignments: [
        { role: 'mediator', unit: 'guandu' },
        { role: 'intakeClerk', unit: 'majie' },
      ],
    };
    const acting = actingAs({ principal: twoHats, command: 'StartMediation', scope: mediationCase, kind: 'mediation', authorization });
    expect(acting).toEqual(E.right({ id: 'p1', role: 'intakeClerk', unit: 'majie' }));
  });

  it('given the notary the mediation named, then they see it; another notary does not', () => {
    expect(canSee({ id: 'notary-1', assignments: [{ role: 'notary', unit: 'notary-office' }] }, mediationCase, 'personalData', authorization)).toBe(true);
    expect(canSee({ id: 'notary-2', assignments: [{ role: 'notary', unit: 'notary-office' }] }, mediationCase, 'case', authorization)).toBe(false);
  });

  it('given a case of a kind with no policy, then no one sees it', () => {
    expect(canSee(staff('c1', 'mediator', 'majie-north'), { ...mediationCase, kind: 'unknownKind' }, 'case', authorization)).toBe(false);
  });
});

describe('who acts on a case', () => {
  it('given a citizen, then they act only on their own case, as their subject id', () => {
    expect(actingAs({ principal: citizen('M-1-a'), command: 'Withdraw', scope: mediationCase, kind: 'mediation', authorization })).toEqual(E.right({ id: 'M-1-a', role: 'requester', unit: 'majie' }));
    expect(actingAs({ principal: citizen('M-2-a'), command: 'Withdraw', scope: mediationCase, kind: 'mediation', authorization })).toEqual(E.left({ kind: 'hidden' }));
  });

  it('given a clerk of another district, then the case is hidden from them (not refused by role: they learn nothing)', () => {
    expect(actingAs({ principal: staff('g1', 'dispatcher', 'guandu'), command: 'Dispatch', scope: mediationCase, kind: 'mediation', authorization })).toEqual(E.left({ kind: 'hidden' }));
  });

  it('given a policy that grants a command to one role only, then another role that sees the case is refused with the roles admitted', () => {
    const policy = { ...petitionAuthorizationPolicy, commands: { ConcludeAccusation: [{ roles: ['headOfOrgan'], relations: ['holder'] }] } };
    const created = createAuthorization({ policies: [policy], workflows: [petitionWorkflow], directory: sampleDirectory() });
    if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
    const officer = staff('h1', 'handlingOfficer', 'xishan-labour');
    expect(actingAs({ principal: officer, command: 'ConcludeAccusation', scope: accusationCase, kind: 'petition', authorization: created.right })).toEqual(
      E.left({ kind: 'notGranted', command: 'ConcludeAccusation', allowedRoles: ['headOfOrgan'], heldRoles: ['handlingOfficer@xishan-labour'] }),
    );
    expect(E.isRight(actingAs({ principal: staff('b1', 'headOfOrgan', 'xishan-labour'), command: 'ConcludeAccusation', scope: accusationCase, kind: 'petition', authorization: created.right }))).toBe(
      true,
    );
  });

  it('given a Submit, then only the roles count (there is no case yet), and a citizen submits as their subject id, only as one of the applicants it names', () => {
    const submit = { command: 'Submit', scope: null, kind: 'mediation', authorization } as const;
    expect(actingAs({ ...submit, principal: citizen('N-1-a'), applicants: ['N-1-a'] })).toEqual(E.right({ id: 'N-1-a', role: 'requester', unit: 'majie' }));
    expect(actingAs({ ...submit, principal: citizen('N-1-a'), applicants: ['N-1-b', 'N-1-a'] })).toEqual(E.right({ id: 'N-1-a', role: 'requester', unit: 'majie' }));
    // Another citizen's request (or none named) is theirs to submit, or staff's to receive: not this citizen's.
    expect(actingAs({ ...submit, principal: citizen('N-1-x'), applicants: ['N-1-a'] })).toEqual(E.left({ kind: 'notAnApplicant', subjectId: 'N-1-x' }));
    expect(actingAs({ ...submit, principal: citizen('N-1-x') })).toEqual(E.left({ kind: 'notAnApplicant', subjectId: 'N-1-x' }));
    expect(actingAs({ ...submit, principal: staff('c1', 'intakeClerk', 'majie'), applicants: ['N-1-a'] })).toEqual(E.right({ id: 'c1', role: 'intakeClerk', unit: 'majie' }));
    // A principal who is a citizen and a clerk submits another's request as the clerk.
    const both = { ...citizen('N-1-x'), assignments: [...citizen('N-1-x').assignments, { role: 'intakeClerk', unit: 'majie' }] };
    expect(actingAs({ ...submit, principal: both, applicants: ['N-1-a'] })).toEqual(E.right({ id: 'account-N-1-x', role: 'intakeClerk', unit: 'majie' }));
    expect(actingAs({ principal: { id: 'anon', assignments: [{ role: 'requester', unit: 'majie' }] }, command: 'Submit', scope: null, kind: 'mediation', authorization })).toMatchObject(
      E.left({ kind: 'notGranted' }),
    );
  });
});

describe('a principal built at run time: decoded before the pure reads take it', () => {
  it('given a well-formed principal, then decodePrincipal gives it back and canSee answers for it', () => {
    const decoded = decodePrincipal(JSON.parse(JSON.stringify(staff('c1', 'intakeClerk', 'majie'))));
    expect(decoded).toEqual(E.right(staff('c1', 'intakeClerk', 'majie')));
    expect(E.isRight(decoded) && canSee(decoded.right, mediationCase, 'personalData', authorization)).toBe(true);
  });

  it('given a malformed principal, then decodePrincipal names each failing field under principal, and throws nothing', () => {
    expect(decodePrincipal(null)).toEqual(E.left([{ path: 'principal', message: 'expected an object { id, assignments: [{ role, unit }, …], subjectId?, accusedIn? }, got null' }]));
    expect(decodePrincipal('clerk-1')).toEqual(E.left([{ path: 'principal', message: expect.stringContaining('got a string') }]));
    expect(decodePrincipal({ id: 'x' })).toEqual(E.left([{ path: 'principal.assignments', message: expect.stringContaining('got nothing') }]));
    expect(decodePrincipal({ id: 'x', assignments: [{ role: 'intakeClerk', unit: 7 }], subjectId: '' })).toEqual(
      E.left([
        { path: 'principal.assignments.0.unit', message: expect.stringContaining('got 7') },
        { path: 'principal.subjectId', message: expect.stringContaining('got ""') },
      ]),
    );
  });
});

describe('accusation material (信访工作条例 Art 30)', () => {
  it('given the handling officer of the holding organ, then they see the accusation whole, personal data included', () => {
    expect(visibleParts(staff('h1', 'handlingOfficer', 'xishan-labour'), accusationCase, authorization)).toEqual(new Set(CASE_PARTS));
  });

  it('given the one-window clerk who received it, then they see that the case exists and where it stands, none of its material', () => {
    expect(visibleParts(staff('c1', 'intakeClerk', 'majie'), accusationCase, authorization)).toEqual(new Set(['case']));
  });

  it('given the accused as a respondent of the case, then they see nothing of it, not even that it exists', () => {
    expect(visibleParts(citizen('P-9-r', 'petitioner'), accusationCase, authorization).size).toBe(0);
  });

  it('given an official the conflict register names as accused, then they see nothing of it, even as head of the holding organ', () => {
    const head = staff('b1', 'headOfOrgan', 'xishan-labour', { accusedIn: ['P-9'] });
    expect(visibleParts(head, accusationCase, authorization).size).toBe(0);
    expect(actingAs({ principal: head, command: 'ConcludeAccusation', scope: accusationCase, kind: 'petition', authorization })).toEqual(E.left({ kind: 'hidden' }));
  });

  it('given the petitioner who made the accusation, then they see their own material', () => {
    expect(canSee(citizen('P-9-a', 'petitioner'), accusationCase, 'accusationMaterial', authorization)).toBe(true);
    expect(canSee(citizen('P-9-a', 'petitioner'), accusationCase, 'summary', authorization)).toBe(true);
  });

  it('given a grievance (not an accusation), then its summary needs no accusation sight', () => {
    expect(canSee(staff('c1', 'intakeClerk', 'majie'), { ...accusationCase, category: 'grievance' }, 'summary', authorization)).toBe(true);
  });
});
