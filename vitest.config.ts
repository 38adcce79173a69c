import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites that start servers, browsers or workerd are heavy on a 2-core machine.
    maxWorkers: 2,
  },
})
