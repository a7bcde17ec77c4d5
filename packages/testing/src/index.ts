/**
 * @casefold/testing — one import for the whole test kit, for users who prefer it: the store
 * conformance suites and given/when/then specifications of `@casefold/engine/testing`.
 * The fast-check arbitraries are at `@casefold/testing/arbitraries` (from
 * `@casefold/core/testing`). A leaf package: no casefold package depends on it; each
 * package's own tests import the kit from the package's `testing` subpath.
 */
export * from '@casefold/engine/testing';
