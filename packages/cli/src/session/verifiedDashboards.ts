import * as E from 'fp-ts/lib/Either.js';
import { type BrokenLink, rebuildVerified } from '@casefold/engine';
import { progressBar } from '../cli/progressBar.js';
import type { Output } from '../cli/output.js';
import { CATCH_UP_BATCH_SIZE, isCaseEvent } from '../projections/catchUp.js';
import { dashboardProjection } from '../projections/dashboardProjection.js';
import type { OpenedStore } from '../store/openStore.js';
import type { CurrentDashboards } from './currentDashboards.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

/**
 * The dashboards' read model rebuilt from scratch in one pass that also verifies every hash
 * chain (`rebuildVerified`), with a progress bar on a terminal. It is committed only when
 * every chain verified; otherwise the first broken link comes back and the stored read
 * model is left as it was.
 */
export const verifiedDashboards = async (store: OpenedStore, output: Output): Promise<E.Either<BrokenLink, CurrentDashboards>> => {
  const started = performance.now();
  const bar = progressBar(output, output.messages.dashboards.replayingVerifying, Number(await store.lastPosition()));
  const rebuilt = await rebuildVerified({
    store: store.events,
    projectionStore: store.projections,
    projection: dashboardProjection,
    decode: storeEventCodec.decode,
    accepts: isCaseEvent,
    batchSize: CATCH_UP_BATCH_SIZE,
    onProgress: (checked) => bar.update(checked),
  });
  bar.finish();
  return E.map(({ state, position }: { readonly state: CurrentDashboards['state']; readonly position: bigint }) => ({ state, from: 0n, position, elapsedMs: performance.now() - started }))(rebuilt);
};
