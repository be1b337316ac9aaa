import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real child processes and sockets; two cores want few parallel files.
    maxWorkers: 2,
    reporters: ['default'],
    // Own $TMPDIR per run; fails the run if a test leaves anything in it.
    globalSetup: ['tests/support/tmpdir-guard.ts'],
  },
});
