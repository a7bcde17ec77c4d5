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
  /**
   * How far ahead of the earliest coroutine still awake a sleeper may be woken, in simulated
   * ms: what others do meanwhile stays within this window of simulated time, so the order in
   * which their work reaches a store follows simulated time to within it. `0` wakes only
   * sleepers due at the same instant; `Infinity` bounds nothing.
   */
  readonly lookaheadMs: number;
}

/** A coroutine's current stretch awake: since when, and whether it has ended. */
interface Awake {
  readonly at: number;
  readonly seq: number;
  asleep: boolean;
}

interface Wake {
  readonly at: number;
  readonly seq: number;
  readonly fiber: { time: number; awake: Awake };
  readonly resume: () => void;
}

const before = (a: { readonly at: number; readonly seq: number }, b: { readonly at: number; readonly seq: number }): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A binary min-heap in time order (ties by `seq`); sifting moves the hole, not pairs of entries. */
const timeHeap = <T extends { readonly at: number; readonly seq: number }>() => {
  const items: T[] = [];
  const push = (item: T): void => {
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = items[parent]!;
      if (!before(item, above)) break;
      items[i] = above;
      i = parent;
    }
    items[i] = item;
  };
  const pop = (): T | undefined => {
    const top = items[0];
    const last = items.pop();
    const size = items.length;
    if (size > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const child = r < size && before(items[r]!, items[l]!) ? r : l;
        if (!before(items[child]!, last)) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  };
  return { items, push, pop, peek: (): T | undefined => items[0] };
};

/**
 * A deterministic discrete-event scheduler for actors that do not share state: each
 * coroutine has its own clock. Sleepers wake in time order (ties in the order they fell
 * asleep), up to `maxAwake` at a time and no further than `lookaheadMs` ahead of the
 * earliest coroutine still awake; a coroutine that waits for something other than the
 * clock (a command's acknowledgement) stays awake and keeps its clock, while others wake.
 * Nothing here depends on wall time: given the same coroutines and the same order in which
 * their awaited work settles, every run wakes them in the same order.
 */
export const scheduler = (options: SchedulerOptions): Scheduler => {
  const { maxAwake, lookaheadMs } = options;
  if (!Number.isInteger(maxAwake) || maxAwake < 1) throw new RangeError(`scheduler: maxAwake must be a positive integer, got ${maxAwake}`);
  if (!(lookaheadMs >= 0)) throw new RangeError(`scheduler: lookaheadMs must be a number ≥ 0, got ${lookaheadMs}`);
  const sleepers = timeHeap<Wake>();
  /** When each awake coroutine woke (its clock stands still while it is awake); entries of those asleep again are dropped lazily. */
  const awakeSince = timeHeap<Awake>();
  let seq = 0;
  let awake = 0;
  let failure: { readonly error: unknown } | null = null;
  /** Wakes sleepers while there is room; set by `run`. */
  let pump: () => void = () => undefined;
  /** The clock of the earliest coroutine still awake, or `null` when none is. */
  const earliestAwake = (): number | null => {
    while (awakeSince.peek()?.asleep === true) awakeSince.pop();
    return awakeSince.peek()?.at ?? null;
  };
  /** A coroutine stops being awake (asleep again, or ended): room for another. */
  const rest = (entry: Awake): void => {
    entry.asleep = true;
    awake -= 1;
    pump();
  };

  return {
    spawn: (at, body) => {
      const fiber: Wake['fiber'] = { time: at, awake: { at, seq: -1, asleep: true } };
      const view: Fiber = {
        now: () => fiber.time,
        sleepUntil: (until) =>
          new Promise<void>((resume) => {
            sleepers.push({ at: Math.max(until, fiber.time), seq: seq++, fiber, resume });
            rest(fiber.awake);
          }),
      };
      const start = (): void => {
        body(view).then(
          () => rest(fiber.awake),
          (error: unknown) => {
            failure ??= { error };
            rest(fiber.awake);
          },
        );
      };
      // Run from a fresh microtask, as a woken sleeper is: the waking loop never runs coroutine code.
      sleepers.push({ at, seq: seq++, fiber, resume: () => queueMicrotask(start) });
    },
    run: (end) =>
      new Promise<void>((resolve, reject) => {
        let settled = false;
        pump = () => {
          if (settled) return;
          while (failure === null && awake < maxAwake) {
            const wake = sleepers.peek();
            if (wake === undefined || wake.at > end) break;
            const earliest = earliestAwake();
            if (earliest !== null && wake.at - earliest > lookaheadMs) break;
            sleepers.pop();
            awake += 1;
            wake.fiber.time = wake.at;
            wake.fiber.awake = { at: wake.at, seq: wake.seq, asleep: false };
            awakeSince.push(wake.fiber.awake);
            wake.resume();
          }
          if (awake > 0) return;
          settled = true;
          sleepers.items.length = 0;
          if (failure !== null) reject(failure.error);
          else resolve();
        };
        pump();
      }),
  };
};
