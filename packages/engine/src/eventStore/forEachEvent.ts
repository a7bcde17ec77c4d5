import type { PagedAsyncIterator } from './eventStore.js';

/** Events asked for per page when a read's iterator offers {@link PagedAsyncIterator.nextPage}. */
const PAGE_SIZE = 1024;

const isPaged = <T>(iterator: AsyncIterator<T, unknown>): iterator is PagedAsyncIterator<T> => typeof (iterator as Partial<PagedAsyncIterator<T>>).nextPage === 'function';

/**
 * Calls `visit` on each event of a read, in order, until it returns `false`. Takes events
 * a page at a time when the read's iterator offers `nextPage` (no promise per event), else
 * one by one. Stopping early, or an error thrown by `visit`, closes the read as `for await`
 * does. Resolves to `true` when every event was visited.
 *
 * @example
 * let count = 0;
 * await forEachEvent(store.readStream('case-42'), () => { count += 1; return true; });
 */
export const forEachEvent = async <T>(events: AsyncIterable<T>, visit: (event: T) => boolean): Promise<boolean> => {
  const iterator = events[Symbol.asyncIterator]();
  if (!isPaged(iterator)) {
    for await (const event of { [Symbol.asyncIterator]: () => iterator }) if (!visit(event)) return false;
    return true;
  }
  for (;;) {
    // A rejected page ends the read, as a rejected `next()` ends `for await`.
    const page = await iterator.nextPage(PAGE_SIZE);
    if (page.length === 0) return true;
    let stopped = false;
    try {
      for (let i = 0; i < page.length && !stopped; i++) stopped = !visit(page[i]!);
    } catch (error) {
      await iterator.return?.().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await iterator.return?.();
      return false;
    }
  }
};
