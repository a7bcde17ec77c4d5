/** One figure of a benchmark run; `baseline` is the raw comparison measured in the same run. */
export interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  /** value ÷ baseline for rates; baseline ÷ value for times/memory (so > 1 is always better). */
  readonly ratio?: number;
}

/** A named group of measurements; `run` does the work and returns the figures. */
export interface BenchmarkSuite {
  /**
   * Short, stable id of the suite (lower case, digits and `-`, e.g. `sqlite-store-10k`):
   * `pnpm bench --json` writes it as `suite` on every measurement, so figures can be matched
   * from run to run whatever the title says. Unique among the suites.
   */
  readonly id: string;
  /** The human title, printed above the suite's table. */
  readonly name: string;
  readonly run: () => Promise<readonly Measurement[]>;
}

/** Median of a non-empty list of numbers. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs `work` (which does `count` operations) `repeats` times, alternating with `baseline`
 * so both see the same machine noise, and returns the median rates (operations per second).
 */
export const rateSideBySide = async (count: number, work: () => unknown, baseline: () => unknown, repeats = 5): Promise<{ rate: number; baselineRate: number; ratio: number }> => {
  const rates: number[] = [];
  const baseRates: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let start = performance.now();
    await baseline();
    baseRates.push(count / ((performance.now() - start) / 1000));
    start = performance.now();
    await work();
    rates.push(count / ((performance.now() - start) / 1000));
  }
  const rate = median(rates);
  const baselineRate = median(baseRates);
  return { rate, baselineRate, ratio: rate / baselineRate };
};

/** A start mark for {@link ratesSince}: the wall clock and this process's CPU time. */
export interface Mark {
  readonly wall: number;
  readonly cpu: NodeJS.CpuUsage;
}

export const mark = (): Mark => ({ wall: performance.now(), cpu: process.cpuUsage() });

/**
 * Operations per second of wall time, and per CPU second of this process, since `start`. On a
 * shared machine the CPU-time rate of in-process work holds where the wall clock swings.
 */
export const ratesSince = (count: number, start: Mark): { readonly wall: number; readonly cpu: number } => {
  const cpu = process.cpuUsage(start.cpu);
  return { wall: count / ((performance.now() - start.wall) / 1000), cpu: count / ((cpu.user + cpu.system) / 1e6) };
};
