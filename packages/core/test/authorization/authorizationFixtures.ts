import * as E from 'fp-ts/lib/Either.js';
import { type Authorization, type CaseScope, type Principal, createAuthorization, shippedAuthorizationPolicies, shippedWorkflows } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';

/** The shipped policies over the sample directory (Kunming: Xishan with Majie and its communities, Guandu). */
export const shippedAuthorization = (): Authorization => {
  const created = createAuthorization({ policies: shippedAuthorizationPolicies, workflows: shippedWorkflows, directory: sampleDirectory() });
  if (E.isLeft(created)) throw new Error(`shipped policies are invalid: ${JSON.stringify(created.left)}`);
  return created.right;
};

/** A mediation case received at Majie and now held by the Majie North community. */
export const mediationCase: CaseScope = {
  caseId: 'M-1',
  kind: 'mediation',
  category: 'tenancy',
  owner: 'majie',
  holder: 'majie-north',
  applicants: ['M-1-a'],
  respondents: ['M-1-r'],
  participants: ['notary-1'],
};

/** An accusation petition received at Majie, held by the Xishan labour bureau, accusing subject `P-9-r`. */
export const accusationCase: CaseScope = {
  caseId: 'P-9',
  kind: 'petition',
  category: 'accusation',
  owner: 'majie',
  holder: 'xishan-labour',
  applicants: ['P-9-a'],
  respondents: ['P-9-r'],
  participants: [],
};

/** A principal holding one role at one unit. */
export const staff = (id: string, role: string, unit: string, extra: Partial<Principal> = {}): Principal => ({ id, assignments: [{ role, unit }], ...extra });

/** A citizen whose requests go to Majie. */
export const citizen = (subjectId: string, role = 'requester', extra: Partial<Principal> = {}): Principal => ({
  id: `account-${subjectId}`,
  subjectId,
  assignments: [{ role, unit: 'majie' }],
  ...extra,
});
