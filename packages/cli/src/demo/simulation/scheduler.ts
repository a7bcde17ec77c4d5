/** A cooperative clock for simulations: coroutines sleep until a simulated instant and wake in time order. */
export interface Scheduler {
  /** The simulated now, in epoch milliseconds. */
  readonly now: () => number;
  /** Parks the calling coroutine until `at` (never earlier than now). */
  readonly sleepUntil: (at: number) => Promise<void>;
  /** Starts a coroutine at instant `at`. */
  readonly spawn: (at: number, body: () => Promise<void>) => void;
  /** Runs every coroutine step due up to `end` in time order (ties in the order they were scheduled); later steps are dropped. */
  readonly run: (end: number) => Promise<void>;
}

interface Wake {
  readonly at: number;
  readonly seq: number;
  readonly resume: () => void;
}

/** Coroutine steps run between two turns of the event loop. */
const STEPS_PER_TURN = 500;

const before = (a: Wake, b: Wake): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/**
 * A deterministic discrete-event scheduler. Exactly one coroutine runs at a time: `run`
 * wakes the earliest sleeper and goes on only when it sleeps again or ends, so the order of
 * everything a coroutine does (e.g. commands it sends to a store) follows simulated time,
 * whatever the event loop does in between (it gets a turn every {@link STEPS_PER_TURN} steps).
 */
export const scheduler = (start: number): Scheduler => {
  const heap: Wake[] = [];
  let now = start;
  let seq = 0;
  /** Goes on with `run` once the running coroutine sleeps or ends. */
  let handBack: () => void = () => undefined;
  let failure: { readonly error: unknown } | null = null;

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
  const sleepUntil = (at: number): Promise<void> =>
    new Promise<void>((resume) => {
      push({ at: Math.max(at, now), seq: seq++, resume });
      handBack();
    });

  return {
    now: () => now,
    sleepUntil,
    spawn: (at, body) => {
      push({
        at,
        seq: seq++,
        resume: () => {
          body().then(
            () => handBack(),
            (error: unknown) => {
              failure ??= { error };
              handBack();
            },
          );
        },
      });
    },
    run: (end) =>
      new Promise<void>((resolve, reject) => {
        let steps = 0;
        let stepping = false;
        const step = (): void => {
          // A coroutine that sleeps before its first await hands back while it is being woken: go on from a fresh stack.
          if (stepping) return queueMicrotask(step);
          if (failure !== null) return reject(failure.error);
          const wake = heap[0];
          if (wake === undefined || wake.at > end) {
            heap.length = 0;
            return resolve();
          }
          if (++steps % STEPS_PER_TURN === 0) return void setImmediate(resume);
          resume();
        };
        const resume = (): void => {
          const wake = pop()!;
          now = wake.at;
          handBack = step;
          stepping = true;
          try {
            wake.resume();
          } finally {
            stepping = false;
          }
        };
        step();
      }),
  };
};
