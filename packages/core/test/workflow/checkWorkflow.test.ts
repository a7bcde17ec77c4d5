import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Workflow, checkWorkflow, decide, holds, initialState, mediationWorkflow, mediationWorkflowV1 } from '@casefold/core';
import { readPath } from '../../src/workflow/condition.js';
import { context, submit } from '../support/fixtures.js';

const paths = (workflow: Workflow): string[] => checkWorkflow(workflow).map((p) => `${p.path}: ${p.message}`);

describe('checkWorkflow', () => {
  it('finds nothing wrong with the shipped workflows', () => {
    expect(checkWorkflow(mediationWorkflow)).toEqual([]);
    expect(checkWorkflow(mediationWorkflowV1)).toEqual([]);
  });

  it('names unknown stages, roles, commands and events, transitions out of terminal stages, and clashing names', () => {
    const broken: Workflow = {
      ...mediationWorkflow,
      commands: { Submit: { payload: {}, emits: 'Submitted' }, Answer: { payload: { text: 'not a codec' as never }, emits: 'Answered', outcome: 'missing' } },
      transitions: [
        { command: 'Teleport', from: ['submitted'], to: 'accepted', roles: ['intakeClerk'] },
        { command: 'Review', from: ['limbo'], to: 'nowhere', roles: ['king'] },
        { command: 'Close', from: ['closed'], to: 'closed', roles: ['intakeClerk'] },
        { command: 'Review', from: ['new'], to: 'accepted', roles: ['intakeClerk'] },
      ],
      deadlines: [{ ...mediationWorkflow.deadlines[0]!, startsOn: { type: 'Nothing' } }],
      closeRequiresCallback: { limbo: 'followUp' },
    };
    const found = paths(broken);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^workflow\.commands\.Submit: "Submit" is a command of the shared lifecycle/),
        expect.stringMatching(/^workflow\.commands\.Submit\.emits: "Submitted" is an event of the shared lifecycle/),
        'workflow.commands.Answer.payload.text: expected an io-ts codec',
        'workflow.commands.Answer.outcome: "missing" is not a payload field',
        'workflow.transitions.0.command: unknown command "Teleport"',
        'workflow.transitions.1.from: unknown stage "limbo"',
        'workflow.transitions.1.to: unknown stage "nowhere"',
        'workflow.transitions.1.roles: unknown role "king"',
        'workflow.transitions.2.from: stage "closed" is terminal: no command leaves it',
        'workflow.transitions.3.from: only Submit starts from "new"',
        'workflow.deadlines.0.startsOn: unknown event "Nothing"',
        'workflow.closeRequiresCallback.limbo: unknown stage "limbo"',
      ]),
    );
  });

  it('names malformed guards: unknown commands and roles, unreadable paths, core codes, bad conditions', () => {
    const guard = { id: 'g', commands: ['Review'], require: { actorRole: ['intakeClerk'] }, rejection: { code: 'Custom', message: 'm' } };
    const found = paths({
      ...mediationWorkflow,
      guards: [
        { ...guard, commands: ['Fly'] },
        { ...guard, id: 'g2', require: { actorRole: ['king'] } },
        { ...guard, id: 'g3', when: { compare: [{ path: 'nowhere.x' }, '>', { value: 1 }] } },
        { ...guard, id: 'g4', rejection: { code: 'CaseNotFound', message: 'm' } },
        { ...guard, id: 'g5', require: { compare: [{ path: 'command.by' }, '~=' as never, { value: 1 }] } },
        { ...guard, id: 'g5', require: { oneOf: [{ nonsense: 1 } as never, ['a']] } },
        { ...guard, id: 'g6', require: { known: ['', { path: 'command.key' }] } },
        { ...guard, id: 'g7', require: { not: { known: ['finalMatters', { path: 'nowhere.key' }] } } },
        { ...guard, id: 'g8', require: { known: ['finalMatters'] as never } },
      ],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'workflow.guards.0.commands: unknown command "Fly"',
        'workflow.guards.1.require: role "king" is not a role of the workflow',
        'workflow.guards.2.when: path "nowhere.x" must start at command, state or actor and have no empty segment',
        expect.stringMatching(/^workflow\.guards\.3\.rejection\.code: "CaseNotFound" is a rejection code of the core/),
        expect.stringMatching(/^workflow\.guards\.4\.require: expected a condition/),
        'workflow.guards.5.id: guard "g5" is declared twice',
        expect.stringMatching(/^workflow\.guards\.5\.require: expected a condition/),
        expect.stringMatching(/^workflow\.guards\.6\.require: expected a condition: .*\{ known: \[setName, operand\] \}/),
        'workflow.guards.7.require: path "nowhere.key" must start at command, state or actor and have no empty segment',
        expect.stringMatching(/^workflow\.guards\.8\.require: expected a condition/),
      ]),
    );
  });

  it('a workflow with problems decides nothing: every command is refused as InvalidContext naming them', () => {
    const broken: Workflow = { ...mediationWorkflow, transitions: [{ command: 'Submit', from: ['new'], to: 'nowhere', roles: ['intakeClerk'] }] };
    const result = decide(submit('X-1'), initialState, { ...context('2026-06-01T01:00:00.000Z', 'intakeClerk', 'majie'), workflow: broken });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidContext', errors: expect.arrayContaining([{ path: 'workflow.transitions.0.to', message: 'unknown stage "nowhere"' }]) });
  });

  it('for all values given as a workflow, never throws and answers a list', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            stages: fc.anything(),
            roles: fc.anything(),
            commands: fc.anything(),
            transitions: fc.anything(),
            guards: fc.anything(),
            deadlines: fc.anything(),
            closeRequiresCallback: fc.anything(),
            competence: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (changes) => {
          const problems = checkWorkflow({ ...mediationWorkflow, ...changes } as unknown as Workflow);
          expect(Array.isArray(problems)).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

describe('guard conditions', () => {
  const scope = { command: { rule: 'mediation', by: 3 }, state: { clocks: { mediation: { extendedBy: 2 } }, stage: 'routed' }, actor: { role: 'director' } };

  it('read paths, with segments taken from the command', () => {
    expect(readPath(scope, 'state.clocks.{command.rule}.extendedBy')).toBe(2);
    expect(readPath(scope, 'state.clocks.missing.extendedBy')).toBeUndefined();
    expect(readPath(scope, 'state.__proto__')).toBeUndefined();
  });

  it('compare sums, lists and roles; a missing value compares false', () => {
    const total = { sum: [{ path: 'state.clocks.{command.rule}.extendedBy' }, { path: 'command.by' }] };
    expect(holds({ compare: [total, '>=', { value: 5 }] }, scope)).toBe(true);
    expect(holds({ compare: [total, '>', { value: 5 }] }, scope)).toBe(false);
    expect(holds({ compare: [{ path: 'command.missing' }, '<', { value: 5 }] }, scope)).toBe(false);
    expect(holds({ compare: [{ path: 'command.missing' }, '!=', { value: 5 }] }, scope)).toBe(false);
    expect(holds({ oneOf: [{ path: 'state.stage' }, ['routed', 'replied']] }, scope)).toBe(true);
    expect(holds({ all: [{ actorRole: ['director'] }, { not: { actorRole: ['clerk'] } }] }, scope)).toBe(true);
    expect(holds({ any: [] }, scope)).toBe(false);
  });

  it('known: the operand’s value is one of the named set’s keys; an absent or malformed set is empty', () => {
    const known = { finalMatters: ['mediation', 'm-2'], broken: 'mediation' };
    const key = { path: 'command.rule' };
    expect(holds({ known: ['finalMatters', key] }, { ...scope, known })).toBe(true);
    expect(holds({ known: ['finalMatters', { value: 'm-3' }] }, { ...scope, known })).toBe(false);
    expect(holds({ known: ['finalMatters', { path: 'command.by' }] }, { ...scope, known: { finalMatters: ['3'] } })).toBe(false);
    expect(holds({ known: ['openMatters', key] }, { ...scope, known })).toBe(false);
    expect(holds({ known: ['broken', key] }, { ...scope, known })).toBe(false);
    expect(holds({ not: { known: ['finalMatters', key] } }, scope)).toBe(true);
  });
});
