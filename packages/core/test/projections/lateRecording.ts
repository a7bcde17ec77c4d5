import fc from 'fast-check';
import type { AnyCaseEvent, Envelope } from '@casefold/core';
import type { GeneratedStore } from '@casefold/core/testing';
import { mixedStores } from './mixedStores.js';

/**
 * Mixed stores (see `mixedStores`) where some events were recorded up to `maxMinutes` after they
 * happened, so that read models meet events recorded late (`recordedLateAt`) as well as on time.
 */
export const mixedStoresRecordedUpTo = (maxMinutes: number): fc.Arbitrary<GeneratedStore> =>
  fc.tuple(mixedStores, fc.array(fc.nat({ max: maxMinutes }), { maxLength: 40 })).map(([store, delays]) => ({
    ...store,
    envelopes: store.envelopes.map((envelope, i): Envelope<AnyCaseEvent> => {
      const minutes = delays[i] ?? 0;
      return minutes === 0 ? envelope : { ...envelope, recordedAt: new Date(Date.parse(envelope.recordedAt) + minutes * 60_000).toISOString() };
    }),
  }));

/** Mixed stores with some events recorded up to three hours late. */
export const mixedStoresRecordedLate: fc.Arbitrary<GeneratedStore> = mixedStoresRecordedUpTo(3 * 60);
