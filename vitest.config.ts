import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for Yoga and Pothos; Vite would otherwise pick the .mjs build
    // for our own files, and two copies of GraphQLError break `instanceof` (errors get masked).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file starts its own servers and databases; two workers match the two cores of CI.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['tests/support/unpack-chromium.ts'],
  },
});
