import type { AnyCaseEvent } from '../../events/caseEvent.js';
import { FINAL_PETITION_MATTERS, OPEN_PETITION_MATTERS } from '../../workflow/petitionWorkflow.js';
import type { Projection } from '../projection.js';

/** Where one case of a petition matter stands. */
export type PetitionMatterCase = 'open' | 'final' | 'ended';

/** State of {@link petitionMattersProjection}: for each matter key, each of its cases and where it stands. */
export interface PetitionMattersState {
  /** Matter key → the stream of each of its cases → where the case stands. */
  readonly matters: Readonly<Record<string, Readonly<Record<string, PetitionMatterCase>>>>;
  /** The stream of a case → its matter key, for the cases registered with one. */
  readonly keyOfCase: Readonly<Record<string, string>>;
}

/** The stage of the petition workflow where a matter has reached finality (Art 36 para 3). */
const FINAL_STAGE = 'final';

/**
 * Petition matters across cases and organs, for the petition kind's guards across cases
 * (信访工作条例 Art 19 para 3: not accepted again while being handled; Art 36 para 3: not
 * accepted again once final). A case joins its matter when `PetitionRegistered` names the
 * matter key; it is `final` once it reaches the `final` stage (and stays so when it closes),
 * `ended` when it closes without finality (withdrawn, rejected, redirected), `open` otherwise.
 * Read it with {@link petitionMatterSets}, e.g. in a command handler's `lookup`.
 */
export const petitionMattersProjection: Projection<PetitionMattersState, AnyCaseEvent> = {
  name: 'petitionMatters',
  version: 1,
  initialState: { matters: {}, keyOfCase: {} },
  apply: (draft, { streamId, event }) => {
    if (event.type === 'PetitionRegistered') {
      const key = (event.data as { readonly matterKey?: unknown }).matterKey;
      if (typeof key !== 'string') return;
      draft.keyOfCase[streamId] = key;
      (draft.matters[key] ??= {})[streamId] = 'open';
      return;
    }
    const key = draft.keyOfCase[streamId];
    if (key === undefined) return;
    const cases = draft.matters[key]!;
    if (event.meta.stage === FINAL_STAGE) cases[streamId] = 'final';
    else if (event.type === 'Closed' && cases[streamId] === 'open') cases[streamId] = 'ended';
  },
};

/**
 * The sets the petition kind's guards read (`DecisionContext.known`) for one matter key: the
 * key under {@link FINAL_PETITION_MATTERS} when one of its cases reached finality, under
 * {@link OPEN_PETITION_MATTERS} when one is being handled. `undefined` (no key) gives empty sets.
 */
export const petitionMatterSets = (state: PetitionMattersState, matterKey: unknown): Readonly<Record<string, readonly string[]>> => {
  const cases = typeof matterKey === 'string' && Object.hasOwn(state.matters, matterKey) ? Object.values(state.matters[matterKey]!) : [];
  const key = matterKey as string;
  return { [FINAL_PETITION_MATTERS]: cases.includes('final') ? [key] : [], [OPEN_PETITION_MATTERS]: cases.includes('open') ? [key] : [] };
};
