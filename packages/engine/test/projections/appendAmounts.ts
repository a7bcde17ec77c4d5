import { newEvent } from '@casefold/engine/testing';
import type { EventStore } from '../../src/index.js';

/** Appends one counter event per amount to `streamId`; resolves with the position of the last. */
export const appendAmounts = async (store: EventStore, streamId: string, amounts: readonly number[]): Promise<bigint> =>
  (
    await store.appendToStream(
      streamId,
      amounts.map((amount) => newEvent({ amount })),
    )
  ).lastPosition;
