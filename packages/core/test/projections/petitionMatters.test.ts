import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, FINAL_PETITION_MATTERS, OPEN_PETITION_MATTERS, petitionMatterSets, petitionMattersProjection } from '@casefold/core';
import { CASE, day, finalAfterReReview, play, registered } from '../workflows/petitionFixtures.js';
import { project, storeOf } from './project.js';

/*
 * The petition matters read model that answers the petition kind's guards across cases
 * (信访工作条例 Art 19 para 3 and Art 36 para 3) through a command handler's `lookup`.
 */

const KEY = 'matter-shop-17';
const setsOf = (...histories: readonly { readonly events: readonly AnyCaseEvent[] }[]) => petitionMatterSets(project(petitionMattersProjection, storeOf(...histories)), KEY);

describe('petitionMatters', () => {
  it('given a registered matter being handled, then its key is open and not final (Art 19 para 3)', () => {
    expect(setsOf(registered())).toEqual({ [FINAL_PETITION_MATTERS]: [], [OPEN_PETITION_MATTERS]: [KEY] });
  });

  it('given a matter re-reviewed and final, then its key is final and no longer open (Art 36 para 3)', () => {
    expect(setsOf(finalAfterReReview())).toEqual({ [FINAL_PETITION_MATTERS]: [KEY], [OPEN_PETITION_MATTERS]: [] });
  });

  it('given a matter withdrawn before a decision, then its key is neither open nor final: it may be brought again', () => {
    const withdrawn = play([{ at: day('2026-05-05'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Withdraw', caseId: CASE, reason: 'Settled with the shop owner' } }], registered());
    expect(setsOf(withdrawn)).toEqual({ [FINAL_PETITION_MATTERS]: [], [OPEN_PETITION_MATTERS]: [] });
  });

  it('given one case of the matter final and another still open, then the key is in both sets', () => {
    expect(setsOf(finalAfterReReview(), registered({ caseId: 'P-2' }, { caseId: 'P-2' }))).toEqual({ [FINAL_PETITION_MATTERS]: [KEY], [OPEN_PETITION_MATTERS]: [KEY] });
  });

  it('given another key, or no key at all, then both sets are empty', () => {
    const state = project(petitionMattersProjection, storeOf(finalAfterReReview()));
    expect(petitionMatterSets(state, 'matter-other')).toEqual({ [FINAL_PETITION_MATTERS]: [], [OPEN_PETITION_MATTERS]: [] });
    expect(petitionMatterSets(state, undefined)).toEqual({ [FINAL_PETITION_MATTERS]: [], [OPEN_PETITION_MATTERS]: [] });
  });
});
