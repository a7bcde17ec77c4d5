import { describe, expect, it } from 'vitest';
import { formatInstant, type Duration } from '../../src/calendar/index.js';
import { BASE, china2026, dueAtRight, pauseBeijing } from './support/calendars.js';

const CALLS = 100_000;
/**
 * A guard against anything super-linear, not a speed claim (those are benchmarks): CPU time
 * of this process (not wall time, which other processes inflate), about 4× what an idle
 * 2-core development machine needs (1.2–1.5 s); the figures seen are printed.
 */
const BUDGET_MS = 6_000;

describe('dueAt speed', () => {
  it(`computes ${CALLS.toLocaleString('en')} deadlines of about 30 days (all three units, some paused) within ${BUDGET_MS} ms of CPU time`, () => {
    const durations: Duration[] = [
      { amount: 30, unit: 'calendarDays' },
      { amount: 20, unit: 'workingDays' },
      { amount: 160, unit: 'workingHours' },
    ];
    const starts = Array.from({ length: CALLS }, (_, i) => formatInstant(BASE + i * 7 * 60_000));
    const pauses = [pauseBeijing('2026-10-12 10:00', '2026-10-13 15:00')];
    const run = (i: number): string => dueAtRight(china2026, starts[i] as string, durations[i % 3] as Duration, i % 2 === 0 ? pauses : []);
    for (let i = 0; i < CALLS / 10; i++) run(i); // let the JIT settle, as in a long-running server
    const cpu = process.cpuUsage();
    const started = performance.now();
    let last = '';
    for (let i = 0; i < CALLS; i++) {
      last = run(i);
    }
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.info(`dueAt: ${CALLS} calls in ${cpuMs.toFixed(0)} ms CPU, ${wall.toFixed(0)} ms wall (${((cpuMs * 1000) / CALLS).toFixed(2)} µs CPU per call)`);
    expect(last > starts[CALLS - 1]!).toBe(true);
    expect(cpuMs).toBeLessThan(BUDGET_MS);
  });
});
