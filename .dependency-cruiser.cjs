// The import graph's rules (`pnpm lint`, and scripts/test/lint.test.ts in every test run):
// the dependency rules of the packages (docs/packages.md), no import circle (type-only
// imports included), no relative import that leaves its package.
/** Paths of a package's own code: its folder under packages/ or examples/. */
const PACKAGE = '^(packages|examples)/([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle (type-only imports count too): move the shared part into a module of its own that both import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-relative-import-out-of-package',
      severity: 'error',
      comment: "A relative import that leaves its package: import the other package by its name (its `exports`), e.g. '@casefold/engine/testing'.",
      from: { path: PACKAGE, pathNot: '/vitest\\.config\\.ts$' },
      to: { dependencyTypes: ['local'], pathNot: '^$1/$2/' },
    },
    {
      name: 'vitest-config-imports-only-shared-settings',
      severity: 'error',
      comment: "A package's vitest.config.ts may leave its package only for the workspace's shared test settings (vitest.shared.ts).",
      from: { path: `${PACKAGE}vitest\\.config\\.ts$` },
      to: { dependencyTypes: ['local'], pathNot: ['^$1/$2/', '^vitest\\.shared\\.ts$'] },
    },
    {
      name: 'core-imports-only-fp-ts-io-ts-immer',
      severity: 'error',
      comment: '@casefold/core is pure: it imports fp-ts, io-ts and immer only (its test kit, src/testing, may add fast-check).',
      from: { path: '^packages/core/src/', pathNot: '^packages/core/src/testing/' },
      to: { pathNot: ['^packages/core/src/', 'node_modules/(fp-ts|io-ts|immer)/'] },
    },
    {
      name: 'core-main-entry-not-test-kit',
      severity: 'error',
      comment: "The pure core never imports its test kit (src/testing, fast-check): that is '@casefold/core/testing' for tests only.",
      from: { path: '^packages/core/src/', pathNot: '^packages/core/src/testing/' },
      to: { path: '^packages/core/src/testing/' },
    },
    {
      name: 'core-internal-only-for-casefold',
      severity: 'error',
      comment: "@casefold/core/internal (src/internal: generated code, module-level state) has no compatibility promise: only the core itself, the engine and the benchmarks import it. Use the public '@casefold/core'.",
      from: { pathNot: '^packages/(core|engine|benchmarks)/' },
      to: { path: '^packages/core/src/internal/' },
    },
    {
      name: 'engine-adapter-entry-only-for-store-writers',
      severity: 'error',
      comment: "@casefold/engine/adapter is for store writers (the store adapters, the engine's own tests and the benchmarks); applications use '@casefold/engine'.",
      from: { path: '^(packages|examples)/', pathNot: '^packages/(engine|sqlite|postgres|eventstoredb|benchmarks)/' },
      to: { path: '^packages/engine/src/adapter/' },
    },
    {
      name: 'engine-write-path-below-audit',
      severity: 'error',
      comment: "The store port and the write path hash with engine/src/hashing (canonical JSON, the chain); audit/ (verify, checkpoints) sits above them and nothing below imports it.",
      from: { path: '^packages/engine/src/(eventStore|hashing|adapter|commandHandling)/' },
      to: { path: '^packages/engine/src/audit/' },
    },
    {
      name: 'engine-imports-no-adapter',
      severity: 'error',
      comment: 'The engine defines the ports; adapters implement them. It never imports an adapter, the CLI or the test kits of others.',
      from: { path: '^packages/engine/' },
      to: { path: '^packages/(sqlite|postgres|eventstoredb|cli|testing|benchmarks)/' },
    },
    {
      name: 'sqlite-imports-no-other-adapter',
      severity: 'error',
      comment: 'One adapter never imports another (benchmarks included: shared workloads live in packages/benchmarks/src/workload).',
      from: { path: '^packages/(sqlite|benchmarks/src/sqlite)/' },
      to: { path: '^packages/(postgres|eventstoredb|cli|benchmarks/src/postgres)/' },
    },
    {
      name: 'postgres-imports-no-other-adapter',
      severity: 'error',
      comment: 'One adapter never imports another (benchmarks included: shared workloads live in packages/benchmarks/src/workload).',
      from: { path: '^packages/(postgres|benchmarks/src/postgres)/' },
      to: { path: '^packages/(sqlite|eventstoredb|cli|benchmarks/src/sqlite)/' },
    },
    {
      name: 'eventstoredb-imports-no-other-adapter',
      severity: 'error',
      comment:
        "One adapter never imports another. The EventStoreDB adapter's source takes its paired projection store as an argument; only its tests open a SQLite store to pair it with, as an application does.",
      from: { path: '^packages/eventstoredb/src/' },
      to: { path: '^packages/(sqlite|postgres|cli|benchmarks)/' },
    },
    {
      name: 'testing-is-a-leaf',
      severity: 'error',
      comment: "No package imports @casefold/testing (a leaf for users): use the package's own kit, '@casefold/core/testing' or '@casefold/engine/testing'.",
      from: { path: '^packages/', pathNot: '^packages/testing/' },
      to: { path: '^packages/testing/' },
    },
    {
      name: 'nothing-imports-benchmarks',
      severity: 'error',
      comment: 'The benchmarks are a private package: no other code imports them.',
      from: { pathNot: '^packages/benchmarks/' },
      to: { path: '^packages/benchmarks/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|node_modules)/' },
    // Type-only imports are edges too: a circle through types is still a circle.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Workspace packages resolve to their TypeScript sources, as in the tests.
      conditionNames: ['@casefold/source', 'types', 'import', 'node', 'default'],
    },
    // A package imported by name resolves to its real path (packages/…), not node_modules/@casefold/….
    preserveSymlinks: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
