import type { Draft } from 'immer';

/**
 * A recorded case event as projections see it: the decoded domain event plus where it
 * sits in the store. Plain data; the engine builds it from a stored event.
 */
export interface Envelope<E> {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly event: E;
}

/**
 * A projection is a pure definition: a name, a version (a new version rebuilds from
 * scratch), an initial state and an `apply` that mutates an immer draft.
 */
export interface Projection<S, E> {
  readonly name: string;
  readonly version: number;
  readonly initialState: S;
  readonly apply: (draft: Draft<S>, envelope: Envelope<E>) => void;
}
