import { type Draft, Immer, type Objectish, produce } from 'immer';
import type { AnyCaseEvent, CaseEvent, Envelope, Projection } from '@casefold/core';

/** Folds envelopes with one immer `produce` (auto-freeze on), from the projection's initial state. */
export const project = <S>(projection: Projection<S, AnyCaseEvent>, envelopes: readonly Envelope<AnyCaseEvent>[]): S =>
  produce(projection.initialState as S & Objectish, (draft) => {
    for (const envelope of envelopes) projection.apply(draft as Draft<S>, envelope);
  }) as S;

const engineImmer = new Immer({ autoFreeze: false });

/** Folds like the engine's runner: auto-freeze off, one draft per batch of `batchSize` envelopes. */
export const projectInBatches = <S>(projection: Projection<S, AnyCaseEvent>, envelopes: readonly Envelope<AnyCaseEvent>[], batchSize: number): S => {
  let state = projection.initialState;
  for (let i = 0; i < envelopes.length; i += batchSize) {
    const draft = engineImmer.createDraft(state as S & Objectish) as Draft<S>;
    for (const envelope of envelopes.slice(i, i + batchSize)) projection.apply(draft, envelope);
    state = engineImmer.finishDraft(draft) as S;
  }
  return state;
};

/** Envelopes for case histories appended one case after another (stream `case-<id>`, positions 1…). */
export const storeOf = (...histories: readonly { readonly events: readonly AnyCaseEvent[] }[]): Envelope<AnyCaseEvent>[] =>
  histories
    .flatMap(({ events }) => events)
    .map((event, i, all) => {
      const caseId = streamCaseId(all, i);
      const revision = all.slice(0, i).filter((e, j) => streamCaseId(all, j) === caseId).length;
      return { streamId: `case-${caseId}`, revision: BigInt(revision), position: BigInt(i + 1), eventId: `e-${i + 1}`, recordedAt: event.meta.occurredAt, event };
    });

/** The case id of the i-th event: the latest `Submitted` at or before it (histories are appended whole). */
const streamCaseId = (events: readonly AnyCaseEvent[], i: number): string => {
  for (let j = i; j >= 0; j--) {
    const e = events[j];
    if (e?.type === 'Submitted') return String(e.data['caseId']);
  }
  throw new Error(`event ${i} has no Submitted before it`);
};
