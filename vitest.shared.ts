import { defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

/** Shared per-package vitest settings: resolve workspace packages to their TypeScript source. */
export default defineProject({
  ssr: { resolve: { conditions: ['@casefold/source', ...defaultServerConditions] } },
  resolve: { conditions: ['@casefold/source'] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
