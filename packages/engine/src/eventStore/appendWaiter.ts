/**
 * How a caught-up subscription waits for appends: until an append is signalled, the
 * subscription is closed, or a time passes (the poll, for appends no signal reaches). A
 * signal that comes while the subscription is reading is kept, so the next wait returns at
 * once and nothing is missed.
 */
export interface AppendWaiter {
  /** An append happened: wakes a pending {@link AppendWaiter.wait}, or makes the next one return at once. */
  readonly notify: () => void;
  /** Forgets earlier signals: call it before reading what they announced. */
  readonly clear: () => void;
  /** Resolves on a signal (also one since the last {@link AppendWaiter.clear}), on close, or after `ms`. */
  readonly wait: (ms: number) => Promise<void>;
  /** Wakes a pending wait for good: every later wait returns at once. */
  readonly close: () => void;
}

/** Makes an {@link AppendWaiter} (the subscription wake-up every adapter shares). */
export const appendWaiter = (): AppendWaiter => {
  let pending = false;
  let closed = false;
  let wake: (() => void) | null = null;
  return {
    notify: () => {
      pending = true;
      wake?.();
    },
    clear: () => {
      pending = false;
    },
    wait: (ms) =>
      new Promise<void>((resolve) => {
        if (pending || closed) return resolve();
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      }),
    close: () => {
      closed = true;
      wake?.();
    },
  };
};
