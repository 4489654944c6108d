import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built renderer in Chromium over the loopback bridge, and the real Electron app
 * where its binary exists. One worker: each test starts its own core on a fresh copy of the seeded
 * demo data, and two cores plus two browsers at once would only make a 2-core machine slower.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 300_000,
    teardownTimeout: 30_000,
  },
});
