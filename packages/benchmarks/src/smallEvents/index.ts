/**
 * The small-event workload (issue 17, per-event cost): tickets of six events of a few fields
 * each, replayed and loaded on SQLite and PostgreSQL beside raw drivers reading the same rows,
 * and the command path with the hash chain on the in-memory store beside a plain decider loop.
 */
import type { BenchmarkSuite } from '../harness/benchHarness.js';
import { memorySmallEvents } from './memorySmallEvents.js';
import { postgresSmallEvents } from './postgresSmallEvents.js';
import { sqliteSmallEvents } from './sqliteSmallEvents.js';

export const benchmarks: readonly BenchmarkSuite[] = [memorySmallEvents, sqliteSmallEvents, postgresSmallEvents];
