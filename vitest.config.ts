import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './scripts/closingLineReporter.js';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'scripts'],
    reporters: ['default', new ClosingLineReporter()],
    coverage: {
      provider: 'v8',
      include: ['packages/core/src/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
  },
});
