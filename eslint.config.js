import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'stream', 'util', 'worker_threads'];

/**
 * Layering from DESIGN.md, enforced here rather than in review:
 * shared/ imports no platform code; renderer/ imports only shared/; preload/ only electron and shared/;
 * server/ never imports main/ or renderer/.
 */
function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }] };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', '.medora/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSAsExpression > TSAnyKeyword', message: 'No `any`.' }],
    },
  },
  {
    // Tests beside shared code run in Node and may use it; the code under test may not.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict(
      ['electron', 'react', 'react-dom', 'react/*', ...nodeBuiltins, '**/main/**', '**/renderer/**', '**/preload/**', '**/server/**', '**/migrations/**', 'better-sqlite3', 'pg', 'argon2'],
      'shared/ is platform-free: no Electron, Node, DOM, React or process-specific code.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      ['electron', ...nodeBuiltins, '**/main/**', '**/preload/**', '**/server/**', '**/migrations/**', 'better-sqlite3', 'pg', 'argon2', 'kysely'],
      'renderer/ imports only shared/ (and UI libraries).',
    ),
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict(['**/main/**', '**/renderer/**', '**/server/**', ...nodeBuiltins], 'preload/ imports only electron and shared/.'),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(['electron', '**/main/**', '**/renderer/**', '**/preload/**'], 'server/ never imports main/, renderer/ or Electron.'),
  },
  {
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
