import fc from 'fast-check';
import type { StatisticsReportOptions } from '@casefold/core';
import type { GeneratedStore } from '@casefold/core/testing';
import { mixedDirectory } from './mixedStores.js';

const units = [...mixedDirectory.units.keys()];

/** A period bound: one of the store's submission times (exactly, or a millisecond on either side), a local date, or none. */
const bound = (times: readonly number[]) =>
  fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom(-1, 0, 1)).map(([i, shift]) => (times.length === 0 ? undefined : new Date((times[i % times.length] ?? 0) + shift).toISOString())),
    fc.constantFrom('2026-03-02', '2026-03-03', '2026-03-05', '2026-03-10'),
    fc.constant(undefined),
  );

/** A bound's instant in epoch milliseconds (a local date at midnight, Asia/Shanghai). */
const millisOf = (bound: string): number => Date.parse(bound.length === 10 ? `${bound}T00:00:00+08:00` : bound);

/**
 * Statistics report options for a store: a period (open or not at either end, bounds at or beside
 * its submission times, or local dates; never empty), a unit of the mixed directory or none, one
 * of its kinds, an unknown kind or none.
 */
export const reportOptionsOf = (store: GeneratedStore): fc.Arbitrary<StatisticsReportOptions> => {
  const times = store.envelopes.filter((e) => e.event.type === 'Submitted').map((e) => Date.parse(e.event.meta.occurredAt));
  const kinds = [...new Set(store.cases.map((c) => c.events[0]?.meta.workflow.id ?? ''))];
  return fc
    .record({
      from: bound(times),
      to: bound(times),
      unit: fc.option(fc.constantFrom(...units), { nil: undefined }),
      workflow: fc.option(fc.constantFrom(...kinds, 'noSuchKind'), { nil: undefined }),
    })
    .filter(({ from, to }) => from === undefined || to === undefined || millisOf(from) < millisOf(to))
    .map(({ from, to, unit, workflow }) => ({
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(unit === undefined ? {} : { unit, directory: mixedDirectory }),
      ...(workflow === undefined ? {} : { workflow }),
    }));
};
