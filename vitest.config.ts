import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of every workspace package, so a change is
// tested without a build. Processes spawned by tests (separate-process federation) use dist/.
const src = (pkg: string) =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@kpx/domain': src('domain'),
      '@kpx/protocol/node': fileURLToPath(
        new URL('./packages/protocol/src/node.ts', import.meta.url),
      ),
      '@kpx/protocol': src('protocol'),
      '@kpx/node': src('node'),
      '@kpx/registry': src('registry'),
      '@kpx/print': src('print'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Starts a throwaway PostgreSQL when it is installed but no server answers (see the file).
    globalSetup: ['test/support/postgres-global-setup.ts'],
  },
});
