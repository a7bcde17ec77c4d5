import { type Unit, createDirectory } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { caseBoardRowsExample } from '../src/caseBoardRows.js';

const UNITS: readonly Unit[] = [
  { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
  { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  { id: 'guandu', name: '官渡区', level: 'district', parent: 'kunming', departmentKind: null },
];
const directory = E.getOrElseW(() => {
  throw new Error('the test units are invalid');
})(createDirectory(UNITS));
const submit = (caseId: string, receivingUnit: string) => ({
  options: { actor: { id: `clerk@${receivingUnit}`, role: 'intakeClerk', unit: receivingUnit } },
  command: {
    type: 'Submit',
    commandId: `submit-${caseId}`,
    caseId,
    channel: 'window',
    category: 'tenancy',
    summary: 'Deposit not returned',
    receivingUnit,
    area: 'majie-north',
    claimedAmountFen: 20_000_000,
    parties: [{ subjectId: `p-${caseId}`, side: 'applicant', pii: { name: '张三', phone: null, idNumber: null } }],
  },
});

describe('docs/row-projections.md, "Running one"', () => {
  it("pages through a sub-district's open cases (its communities' included, another district's not) and rebuilds to the same rows", async () => {
    const commands = [submit('A-1', 'majie'), submit('A-2', 'majie-north'), submit('B-1', 'guandu'), submit('A-3', 'majie')];
    const { page, next, rebuilt } = await caseBoardRowsExample(directory, 'majie', commands);
    expect(page.rows.map((r) => [r.caseId, r.unit, r.subDistrictUnit, r.status])).toEqual([
      ['A-1', 'majie', 'majie', 'unreviewed'],
      ['A-2', 'majie-north', 'majie', 'unreviewed'],
    ]);
    expect(next?.rows.map((r) => r.caseId)).toEqual(['A-3']);
    expect(next?.next).toBeNull();
    expect(rebuilt).toEqual(page);
  });
});
