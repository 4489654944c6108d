import { defineConfig } from 'vitest/config';

/**
 * Unit and integration tests (`*.test.ts`, `*.int.test.ts`) beside the code; e2e has its own config.
 * A second project runs the pure scheduling and time suites again on a workstation clock in
 * Pacific/Auckland (UTC+13 in summer, the other side of the date line from the clinics' US zones), so
 * anything that reads the workstation's zone instead of the facility's fails there.
 */
export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**', 'e2e/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['{shared,main,preload,server,migrations,scripts,bench,renderer}/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'scheduling-tz-auckland',
          include: ['shared/scheduling/**/*.test.ts', 'shared/time/**/*.test.ts'],
          exclude: ['node_modules/**', '**/*.int.test.ts'],
          env: { TZ: 'Pacific/Auckland' },
        },
      },
    ],
  },
});
