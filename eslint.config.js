import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Which package may import which: domain is pure and imports no other package; protocol
// imports only domain and nothing node-only; nothing imports cli. Enforced here, not by habit.
const forbid = (...patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map(([group, message]) => ({ group, message })) },
  ],
});

export default tseslint.config(
  { ignores: ['**/dist/**', 'node_modules/**', 'spec/**', 'bench/results/**', 'packages/web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    files: ['packages/domain/src/**/*.ts'],
    rules: forbid(
      [['@kpx/*'], 'domain imports no other kpx package.'],
      [['node:*'], 'domain is pure: no I/O or platform modules.'],
    ),
  },
  {
    files: ['packages/protocol/src/**/*.ts'],
    ignores: [
      'packages/protocol/src/node.ts',
      'packages/protocol/src/node/**',
      'packages/protocol/src/**/*.test.ts',
    ],
    rules: forbid(
      [
        ['@kpx/node', '@kpx/cli', '@kpx/registry', '@kpx/web'],
        'protocol imports only @kpx/domain.',
      ],
      [['node:*'], 'protocol runs in the browser: node-only code lives in src/node/.'],
    ),
  },
  {
    files: ['packages/node/src/**/*.ts'],
    rules: forbid([['@kpx/cli', '@kpx/web'], 'the node never imports the CLI or the web console.']),
  },
  {
    files: ['packages/registry/src/**/*.ts'],
    rules: forbid([
      ['@kpx/node', '@kpx/cli', '@kpx/web'],
      'the registry depends on no node, CLI or console.',
    ]),
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
);
