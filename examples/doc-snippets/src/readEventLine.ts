// #region decode
import { decodeCaseEvent } from '@casefold/core';

/** One line of an export: an event, or every field that is wrong with it. */
export const readEventLine = (line: string) => decodeCaseEvent(JSON.parse(line)); // Either<FieldError[], CaseEvent>
// Left: one error per way the field could have been right (claimedAmountFen is Fen | null):
// [{ path: 'data.claimedAmountFen', message: 'expected Fen (a non-negative whole number of fen), got -5' },
//  { path: 'data.claimedAmountFen', message: 'expected null, got -5' }]
// #endregion decode
