import type { Envelope, Projection } from '@casefold/core';
import { applyEnvelopes } from '@casefold/engine';
import { expect } from 'vitest';

/** The assertions after `given`. */
export interface ProjectionThen<S> {
  /** The folded state deep-equals `expected`; returns it. */
  readonly then: (expected: S) => S;
  /** The folded state, for custom assertions. */
  readonly state: () => S;
}

/** `given(events)` wraps plain events into envelopes (one stream, revisions 0…, positions 1…); `givenEnvelopes` takes them as they are. */
export interface ProjectionGiven<S, E> {
  readonly given: (events: readonly E[]) => ProjectionThen<S>;
  readonly givenEnvelopes: (envelopes: readonly Envelope<E>[]) => ProjectionThen<S>;
}

/** Envelopes for plain events: stream `stream-1`, revision i, position i + 1, event id `event-{i+1}`, a fixed recorded-at. */
export const envelopesOf = <E>(events: readonly E[], streamId = 'stream-1'): Envelope<E>[] =>
  events.map((event, i) => ({
    streamId,
    revision: BigInt(i),
    position: BigInt(i + 1),
    eventId: `event-${i + 1}`,
    recordedAt: '2026-01-01T00:00:00.000Z',
    event,
  }));

/**
 * Given/then specifications of a projection, folded exactly as the runner folds (immer,
 * one draft per batch), from the projection's initial state.
 *
 * @example
 * ProjectionSpecification.for(totals).given([incremented(2), incremented(3)]).then({ total: 5 });
 */
export const ProjectionSpecification = {
  for: <S, E>(projection: Projection<S, E>): ProjectionGiven<S, E> => {
    const then = (envelopes: readonly Envelope<E>[]): ProjectionThen<S> => {
      const state = (): S => applyEnvelopes(projection, projection.initialState, envelopes);
      return {
        state,
        then: (expected) => {
          const actual = state();
          expect(actual).toEqual(expected);
          return actual;
        },
      };
    };
    return { given: (events) => then(envelopesOf(events)), givenEnvelopes: then };
  },
};
