/**
 * The command and event codecs as the closed model of 19d41f0 had them, built from today's
 * (`@casefold/core` exports them; their field codecs, `Id`, `Text` and the rest, carry the
 * defect fixes made since, which both models must pay for). The open-model commit 27c8e03
 * changed two of them: `StartMediation` and `MediationStarted` gained an optional
 * `participants`, each becoming an intersection whose first member is the 19d41f0 codec.
 * FROZEN BASELINE (issue 12): see ./index.ts.
 */
import * as E from 'fp-ts/lib/Either.js';
import { type CaseCommand, type CaseEventType, type FieldError, StartMediation, caseCommandCodecs, caseEventCodecs, decodeTagged } from '@casefold/core';
import type { fastIs } from '@casefold/core/internal';

/** A codec, as `fastIs` takes it (the benchmarks do not depend on io-ts directly). */
type Codec = Parameters<typeof fastIs>[0];

/** 19d41f0's command codecs: today's, with `StartMediation` as it was (no `participants`). */
const commandCodecs = { ...caseCommandCodecs, StartMediation: StartMediation.types[0] };

/** Decodes anything into a command of the closed model, or the failing field paths (as 19d41f0's `decodeCaseCommand`). */
export const decodeCaseCommand = (input: unknown): E.Either<readonly FieldError[], CaseCommand> => decodeTagged(commandCodecs, 'command', input);

/** The struct fields of a codec: its own props, or (an intersection) its first member's, which is the 19d41f0 shape. */
const propsOf = (codec: Codec): Readonly<Record<string, Codec>> | undefined => {
  const shape = codec as Codec & { readonly _tag?: string; readonly props?: Record<string, Codec>; readonly types?: readonly Codec[] };
  const first = shape._tag === 'IntersectionType' ? shape.types?.[0] : undefined;
  return first === undefined ? shape.props : propsOf(first);
};

/**
 * Each event type's data field codecs, as 19d41f0's `decide` read them
 * (`caseEventCodecs[type].props.data.props`); `undefined` for data that is a union.
 */
export const eventDataProps = Object.fromEntries(
  Object.entries(caseEventCodecs).map(([type, codec]) => [type, propsOf(codec.props.data as Codec)]),
) as Readonly<Record<CaseEventType, Readonly<Record<string, Codec>> | undefined>>;
