import { FINAL_PETITION_MATTERS, petitionWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseCommandHandler, getInMemoryEventStore, type EventStore } from '../../src/index.js';
import { storedEvents } from './storedEvents.js';

/*
 * Guards across cases (信访工作条例 Art 36 para 3: a matter that reached finality is not accepted
 * again by any organ): the handler's `lookup` fills `DecisionContext.known` for each command.
 */

const NOW = '2026-06-01T08:00:00.000Z';
const officer = { id: 'officer-1', role: 'petitionOfficer', unit: 'xishan' };

const submit = (caseId: string) => ({
  type: 'Submit',
  commandId: `${caseId}/submit`,
  caseId,
  channel: 'letter',
  category: 'grievance',
  summary: 'Compensation for a demolished shop not paid',
  receivingUnit: 'xishan',
  area: 'majie',
  claimedAmountFen: null,
  parties: [{ subjectId: 'petitioner-1', side: 'applicant', pii: { name: '王五', phone: null, idNumber: null } }],
});
const register = (caseId: string, matterKey: string) => ({ type: 'RegisterPetition', commandId: `${caseId}/register`, caseId, matterKey, representatives: 1, materialWithheldFromAccused: false });

describe('caseCommandHandler lookup: guards across cases', () => {
  it('given a matter that reached finality elsewhere, when registered again, then it is refused with the workflow’s code and nothing is stored; another matter goes through', async () => {
    const store = getInMemoryEventStore();
    const asked: unknown[] = [];
    const execute = caseCommandHandler({
      store,
      directory: sampleDirectory(),
      clock: () => NOW,
      workflow: petitionWorkflow,
      lookup: async (command) => {
        asked.push((command as { type: string }).type);
        const key = (command as { matterKey?: unknown }).matterKey;
        return { [FINAL_PETITION_MATTERS]: key === 'matter-final' ? [key] : [] };
      },
    });
    expect(E.isRight(await execute(submit('P-1'), { actor: officer }))).toBe(true);
    const before = await storedEvents(store);
    const refused = await execute(register('P-1', 'matter-final'), { actor: officer });
    expect(E.isLeft(refused) && refused.left).toMatchObject({ kind: 'rejected', rejection: { code: 'MatterAlreadyFinal' } });
    expect(await storedEvents(store)).toEqual(before);
    expect(E.isRight(await execute(register('P-1', 'matter-new'), { actor: officer }))).toBe(true);
    expect(asked).toEqual(['Submit', 'RegisterPetition', 'RegisterPetition']);
  });

  it('without a lookup every set is empty: the same registration is accepted', async () => {
    const execute = caseCommandHandler({ store: getInMemoryEventStore(), directory: sampleDirectory(), clock: () => NOW, workflow: petitionWorkflow });
    await execute(submit('P-2'), { actor: officer });
    expect(E.isRight(await execute(register('P-2', 'matter-final'), { actor: officer }))).toBe(true);
  });
});
