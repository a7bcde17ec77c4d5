import { checkAuthorizationPolicy, createAuthorization } from '@casefold/core';
import { caseCommandHandler, getInMemoryEventStore } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { hotlineDirectory } from '../src/hotlineDirectory.js';
import { hotlinePolicy } from '../src/hotlinePolicy.js';
import { hotlineWorkflow } from '../src/hotlineWorkflow.js';

describe("the hotline's authorization policy (docs/writing-workflows.md)", () => {
  it('checks against the hotline workflow with no problem, and a handler takes it', () => {
    expect(checkAuthorizationPolicy(hotlinePolicy, [hotlineWorkflow])).toEqual([]);
    const authorization = createAuthorization({ workflows: [hotlineWorkflow], directory: hotlineDirectory(), policies: [hotlinePolicy] });
    expect(E.isRight(authorization)).toBe(true);
    if (E.isRight(authorization))
      expect(() => caseCommandHandler({ store: getInMemoryEventStore(), directory: hotlineDirectory(), workflow: hotlineWorkflow, authorization: authorization.right })).not.toThrow();
  });

  it('a role the workflow does not have is named', () => {
    const problems = checkAuthorizationPolicy({ ...hotlinePolicy, act: [{ roles: ['janitor'], relations: ['holder'] }] }, [hotlineWorkflow]);
    expect(problems.map((p) => p.path)).toEqual(['policy.act.0.roles']);
    expect(problems[0]?.message).toContain('janitor');
  });
});
