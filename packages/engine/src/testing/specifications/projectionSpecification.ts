import type { Envelope, Projection } from '@casefold/core';
import { applyEnvelopes } from '../../index.js';
import { jsonProblem } from '../../hashing/canonicalJson.js';
import { expect } from 'vitest';

/** The assertions after `given`. */
export interface ProjectionThen<S> {
  /** The folded state equals `expected` strictly (an `undefined` member is not a missing one); returns it. */
  readonly then: (expected: S) => S;
  /** The folded state, for custom assertions. */
  readonly state: () => S;
}

/**
 * `given(events)` wraps plain events into envelopes of one stream (revisions 0…, positions
 * 1…); `givenStreams([[streamId, event], …])` of several streams, in that global order
 * (revisions counted per stream); `givenEnvelopes` takes them as they are.
 */
export interface ProjectionGiven<S, E> {
  readonly given: (events: readonly E[]) => ProjectionThen<S>;
  readonly givenStreams: (events: ReadonlyArray<readonly [streamId: string, event: E]>) => ProjectionThen<S>;
  readonly givenEnvelopes: (envelopes: readonly Envelope<E>[]) => ProjectionThen<S>;
}

/** Recorded-at of a generated envelope: the event's own `meta.occurredAt` when it has one (casefold's events do), else a fixed instant. */
const recordedAtOf = (event: unknown): string => {
  const occurredAt = (event as { readonly meta?: { readonly occurredAt?: unknown } } | null)?.meta?.occurredAt;
  return typeof occurredAt === 'string' ? occurredAt : '2026-01-01T00:00:00.000Z';
};

/**
 * Envelopes for events of several streams, in the order given: position i + 1, event id
 * `event-{i+1}`, revisions counted per stream, recorded-at from each event's `meta.occurredAt`.
 */
export const envelopesOfStreams = <E>(events: ReadonlyArray<readonly [streamId: string, event: E]>): Envelope<E>[] => {
  const revisions = new Map<string, bigint>();
  return events.map(([streamId, event], i) => {
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    return { streamId, revision, position: BigInt(i + 1), eventId: `event-${i + 1}`, recordedAt: recordedAtOf(event), event };
  });
};

/** Envelopes for plain events of one stream (`stream-1` unless named): revision i, position i + 1, as {@link envelopesOfStreams}. */
export const envelopesOf = <E>(events: readonly E[], streamId = 'stream-1'): Envelope<E>[] => envelopesOfStreams(events.map((event) => [streamId, event] as const));

/**
 * Given/then specifications of a projection, folded exactly as the runner folds (immer,
 * one draft per batch), from the projection's initial state. The state must be plain JSON,
 * as the runner requires without a `stateCodec`: a `Map`, a `Date` or a bigint in it fails
 * the specification, naming the path.
 *
 * @example
 * ProjectionSpecification.for(totals).given([incremented(2), incremented(3)]).then({ total: 5 });
 */
export const ProjectionSpecification = {
  for: <S, E>(projection: Projection<S, E>): ProjectionGiven<S, E> => {
    const then = (envelopes: readonly Envelope<E>[]): ProjectionThen<S> => {
      const state = (): S => {
        const folded = applyEnvelopes(projection, projection.initialState, envelopes);
        const problem = jsonProblem(folded, 'state');
        if (problem !== null) {
          throw new Error(
            `ProjectionSpecification: '${projection.name}' folds to a state holding ${problem}; the projection runner stores states as JSON and would stop with a ProjectionStateError (give it a stateCodec, or keep the state plain JSON)`,
          );
        }
        return folded;
      };
      return {
        state,
        then: (expected) => {
          const actual = state();
          expect(actual).toStrictEqual(expected);
          return actual;
        },
      };
    };
    return { given: (events) => then(envelopesOf(events)), givenStreams: (events) => then(envelopesOfStreams(events)), givenEnvelopes: then };
  },
};
