import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Suites left out of `npm run test:fast` (the inner loop): they start Chromium, PostgreSQL,
 * workerd, or real server and CLI processes, or (the webhook property test) run for half a
 * minute alone; together they take most of the full run's time.
 */
const SLOW = [
  'test/browser/**',
  'test/**/*postgres*.test.ts',
  'test/**/*workerd*.test.ts',
  'test/worker.*.test.ts',
  'test/d1.test.ts',
  'test/*crash*.test.ts',
  'test/cli.test.ts',
  'test/demo.test.ts',
  'test/node-server.test.ts',
  'test/startup.test.ts',
  'test/webhooks.property.test.ts',
]

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: [...configDefaults.exclude, ...(process.env.TEST_FAST ? SLOW : [])],
    // A PostgreSQL server for the PostgreSQL suites: the local one, or one started from npm.
    globalSetup: ['test/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that start servers, browsers or workerd are heavy on a 2-core machine.
    maxWorkers: 2,
    // Logs of passing tests (servers' expected errors, child processes' stderr) stay out of the
    // output; a failing test shows its own.
    silent: 'passed-only',
  },
})
