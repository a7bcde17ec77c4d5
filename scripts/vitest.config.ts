import { defineProject } from 'vitest/config';

/** The workspace's own checks (project `workspace`): the import-graph lint and the pack-and-install test. */
export default defineProject({
  test: {
    name: 'workspace',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
