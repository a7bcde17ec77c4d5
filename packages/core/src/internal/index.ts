/**
 * `@casefold/core/internal` — the core's fenced-off mechanics, for casefold's own packages
 * (the engine's event codec, the benchmarks) and nothing else: no compatibility promise, not
 * part of the public API (docs/packages.md, "Public surface"). This folder alone may generate
 * code at run time or keep module-level mutable state (packages/core/test/purity.test.ts),
 * each justified by a benchmark (docs/benchmarks.md):
 *
 * - `fastIs` compiles an io-ts codec's `is` into JavaScript with `new Function`, once per
 *   codec (cached in a `WeakMap`): deciding became 1.4–1.5× faster with it, and decoding a
 *   case event with `decodeFast` is about 5× faster than with io-ts's `decode`.
 * - `internedDeadline` (not exported here: only the core's `evolve` uses it) shares equal
 *   started-deadline records through a bounded module-level table, making a replayed case
 *   state about a third smaller, and checks the eight records it shared last by identity
 *   first (the fold of a history decided in memory finds them there).
 * - `parsedJsonText` (not exported here: only the escalation row form uses it) keeps the last
 *   JSON texts parsed or written, so a row read back is not parsed again.
 */
export { decodeFast } from './decodeFast.js';
export { fastIs } from './fastIs.js';
