import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (in one process, no sockets to the fake Discord, no child processes,
 * no compiled build: the edit loop, `npm run test:unit`) and `e2e` (the real discord.js
 * client against the fake Discord on loopback, entry points as child processes, the
 * compiled bot, the benchmark scripts). `npm test` runs both.
 */
const E2E_TESTS = [
  'tests/e2e/**/*.test.ts',
  'tests/testkit/**/*.test.ts',
  'tests/cli/cli.test.ts',
  'tests/cli/add.test.ts',
  'tests/bench/run.test.ts',
  'tests/security.test.ts',
  'tests/discord/hostile-questions.test.ts',
  'tests/search/real-words.property.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests start servers on loopback ports; keep files isolated but parallel.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: E2E_TESTS,
          // One module graph per worker, not per file: loading the engine and discord.js once is most of the time saved.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E_TESTS,
          // Compiles dist/ when it is older than src/: some tests run the compiled bot.
          globalSetup: ['tests/build-once.ts'],
        },
      },
    ],
  },
});
