/** The README's "A taste": a directory, a decision, the folded state's public status. */
// #region taste
import * as E from 'fp-ts/lib/Either.js';
import { createDirectory, decide, evolve, initialState, mediationWorkflow, publicStatus } from '@casefold/core';

// #region decide
const directory = E.getOrElseW(() => {
  throw new Error('bad units');
})(
  createDirectory([
    { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
    { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
    { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
    { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  ]),
);

export const decided = decide(
  {
    type: 'Submit',
    commandId: 'cmd-1',
    caseId: 'T-1',
    channel: 'wechatMiniProgram',
    category: 'tenancy',
    summary: 'Deposit of a flat not returned',
    receivingUnit: 'majie',
    area: 'majie-north',
    claimedAmountFen: 20_000_000, // 200,000 CNY, in fen: money is never a float
    parties: [{ subjectId: 'p-1', side: 'applicant', pii: { name: '张三', phone: '13800000000', idNumber: null } }],
  },
  initialState,
  { now: '2026-05-05T01:00:00.000Z', actor: { id: 'clerk-7', role: 'intakeClerk', unit: 'majie' }, directory, workflow: mediationWorkflow },
);
// #endregion decide

export const status = E.isRight(decided)
  ? publicStatus(decided.right.reduce(evolve, initialState)) // 'unreviewed' (未审核)
  : decided.left.code; // e.g. 'UnknownUnit', with a message saying what to do
// #endregion taste
