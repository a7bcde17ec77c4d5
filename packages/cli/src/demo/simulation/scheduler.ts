/** One coroutine's view of simulated time: its own clock, which only it moves forward. */
export interface Fiber {
  /** This coroutine's simulated now, in epoch milliseconds. */
  readonly now: () => number;
  /** Parks this coroutine until `at` (never earlier than its now). */
  readonly sleepUntil: (at: number) => Promise<void>;
}

/** A cooperative clock for simulations of independent actors, many of them busy at once. */
export interface Scheduler {
  /** Starts a coroutine at instant `at`. */
  readonly spawn: (at: number, body: (fiber: Fiber) => Promise<void>) => void;
  /**
   * Runs the coroutines, waking sleepers in time order, until no sleeper is due by `end`
   * and none is busy (later steps are dropped). Rejects with the first error a coroutine
   * throws, once the others that were busy have come to rest.
   */
  readonly run: (end: number) => Promise<void>;
}

/** Options of {@link scheduler}. */
export interface SchedulerOptions {
  /**
   * Coroutines awake at once at most: woken and not yet asleep again, e.g. waiting for a
   * command they sent. At 1, the simulation runs strictly in time order; above, sleepers
   * are woken (in time order) while others wait, so their commands are in flight together.
   */
  readonly maxAwake: number;
}

interface Wake {
  readonly at: number;
  readonly seq: number;
  readonly fiber: { time: number };
  readonly resume: () => void;
}

const before = (a: Wake, b: Wake): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A deterministic discrete-event scheduler for actors that do not share state: each
 * coroutine has its own clock. Sleepers wake in time order (ties in the order they fell
 * asleep), up to `maxAwake` at a time; a coroutine that waits for something other than the
 * clock (a command's acknowledgement) stays awake and keeps its clock, while others wake.
 * Nothing here depends on wall time: given the same coroutines and the same order in which
 * their awaited work settles, every run wakes them in the same order.
 */
export const scheduler = (options: SchedulerOptions): Scheduler => {
  const { maxAwake } = options;
  if (!Number.isInteger(maxAwake) || maxAwake < 1) throw new RangeError(`scheduler: maxAwake must be a positive integer, got ${maxAwake}`);
  const heap: Wake[] = [];
  let seq = 0;
  let awake = 0;
  let failure: { readonly error: unknown } | null = null;
  /** Wakes sleepers while there is room; set by `run`. */
  let pump: () => void = () => undefined;

  // A binary min-heap; sifting moves the hole, not pairs of entries.
  const push = (wake: Wake): void => {
    let i = heap.length;
    heap.push(wake);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent]!;
      if (!before(wake, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = wake;
  };
  const pop = (): Wake | undefined => {
    const top = heap[0];
    const last = heap.pop();
    const size = heap.length;
    if (size > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const child = r < size && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  };
  /** A coroutine stops being awake (asleep again, or ended): room for another. */
  const rest = (): void => {
    awake -= 1;
    pump();
  };

  return {
    spawn: (at, body) => {
      const fiber = { time: at };
      const view: Fiber = {
        now: () => fiber.time,
        sleepUntil: (until) =>
          new Promise<void>((resume) => {
            push({ at: Math.max(until, fiber.time), seq: seq++, fiber, resume });
            rest();
          }),
      };
      const start = (): void => {
        body(view).then(rest, (error: unknown) => {
          failure ??= { error };
          rest();
        });
      };
      // Run from a fresh microtask, as a woken sleeper is: the waking loop never runs coroutine code.
      push({ at, seq: seq++, fiber, resume: () => queueMicrotask(start) });
    },
    run: (end) =>
      new Promise<void>((resolve, reject) => {
        let settled = false;
        pump = () => {
          if (settled) return;
          while (failure === null && awake < maxAwake) {
            const wake = heap[0];
            if (wake === undefined || wake.at > end) break;
            pop();
            awake += 1;
            wake.fiber.time = wake.at;
            wake.resume();
          }
          if (awake > 0) return;
          settled = true;
          heap.length = 0;
          if (failure !== null) reject(failure.error);
          else resolve();
        };
        pump();
      }),
  };
};
