import { defineConfig } from 'vitest/config';

/** Unit and integration tests (`*.test.ts`, `*.int.test.ts`) beside the code; e2e has its own config. */
export default defineConfig({
  test: {
    include: ['{shared,main,preload,server,migrations,scripts,bench,renderer}/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
