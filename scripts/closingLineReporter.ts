import type { Reporter, TestModule } from 'vitest/node';

/**
 * Adds one plain closing line after vitest's own summary, e.g.
 * `casefold: 412 passed, 0 failed, 3 skipped`, so any CI can read the counts.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      // A file that failed to load (syntax error, missing import) counts as one failure.
      if (module.errors().length > 0) {
        failed += 1;
        process.stderr.write(`casefold: ${module.moduleId} failed outside its tests: ${module.errors()[0]?.message ?? 'unknown error'}\n`);
      }
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    process.stdout.write(`\ncasefold: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  }
}
