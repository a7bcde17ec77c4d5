import type { Output } from './output.js';

/** A progress bar on stderr; a no-op when stderr is not a terminal. */
export interface ProgressBar {
  /** Sets how much is done (out of the total). */
  readonly update: (done: number) => void;
  /** Draws the final state and ends the line. */
  readonly finish: () => void;
}

const WIDTH = 28;
const REDRAW_MS = 80;

/**
 * Draws `label [#######.......]  42%  2,100/5,000  1.3 s` on stderr, redrawing at most
 * about twelve times a second. Only on a terminal: in pipes, files and CI logs it draws nothing.
 */
export const progressBar = (output: Output, label: string, total: number): ProgressBar => {
  if (!output.interactive || total <= 0) return { update: () => undefined, finish: () => undefined };
  const started = performance.now();
  let last = 0;
  let current = 0;
  const draw = (): void => {
    const share = Math.min(1, current / total);
    const filled = Math.round(share * WIDTH);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    output.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${current.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${seconds} s\u001b[K`,
    );
  };
  return {
    update: (done) => {
      current = done;
      const now = performance.now();
      if (now - last >= REDRAW_MS) {
        last = now;
        draw();
      }
    },
    finish: () => {
      current = Math.max(current, total);
      draw();
      output.stderr.write('\n');
    },
  };
};
