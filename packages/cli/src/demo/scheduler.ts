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
 * wakes the earliest sleeper and waits until it sleeps again or ends, so the order of
 * everything a coroutine does (e.g. commands it sends to a store) follows simulated time,
 * whatever the event loop does in between (it gets a turn every {@link STEPS_PER_TURN} steps).
 */
export const scheduler = (start: number): Scheduler => {
  const heap: Wake[] = [];
  let now = start;
  let seq = 0;
  let yielded: (() => void) | null = null;
  let failure: { readonly error: unknown } | null = null;

  const push = (wake: Wake): void => {
    heap.push(wake);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): Wake | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const handBack = (): void => {
    const done = yielded;
    yielded = null;
    done?.();
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
          body().then(handBack, (error: unknown) => {
            failure ??= { error };
            handBack();
          });
        },
      });
    },
    run: async (end) => {
      let steps = 0;
      for (let wake = pop(); wake !== undefined && wake.at <= end; wake = pop()) {
        // The steps are a chain of promises (microtasks): now and then let the event loop turn, so I/O the coroutines started (messages, progress output) goes out meanwhile.
        if (++steps % STEPS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        now = wake.at;
        const current = wake;
        await new Promise<void>((resolve) => {
          yielded = resolve;
          current.resume();
        });
        if (failure !== null) throw failure.error;
      }
      heap.length = 0;
    },
  };
};
