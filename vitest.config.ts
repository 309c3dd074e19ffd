import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Compiles dist/ when it is older than src/: some tests run the compiled bot.
    globalSetup: ['tests/build-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests start servers on loopback ports; keep files isolated but parallel.
    pool: 'forks',
  },
});
