import { configDefaults, defineConfig } from 'vitest/config'

/**
 * The suites `npm run test:mutation` (StrykerJS) runs against each mutant: those that run the
 * mutated modules (src/domain, src/ingest, src/stripe, the render cache, the store's ledger and
 * totals) inside the vitest worker, and run in seconds. Left out: suites that start child
 * processes, servers, workerd, Chromium or PostgreSQL (they run code the mutant never reaches:
 * a fresh process or a built bundle), the ones about pages, the console and headers (they reach
 * this code only on the way to what they check), and the long flows and the half-minute
 * webhook property test (the same money is covered by webhooks, settle and subscriptions).
 */
const MONEY_SUITES = [
  'test/domain.test.ts',
  'test/progress.test.ts',
  'test/history.test.ts',
  'test/rollover.test.ts',
  'test/stripe-map.test.ts',
  'test/stripe-shapes.test.ts',
  'test/webhooks.test.ts',
  'test/webhooks.reject.test.ts',
  'test/settle.test.ts',
  'test/subscriptions.test.ts',
  'test/subscriptions.property.test.ts',
  'test/ledger.property.test.ts',
  'test/render-cache.test.ts',
  'test/render-cache.keys.test.ts',
  'test/contract.sqlite.test.ts',
  'test/export.test.ts',
  'test/admin.test.ts',
  'test/donate.test.ts',
  'test/thanks.test.ts',
  'test/after-gift.test.ts',
  'test/manage.test.ts',
  'test/money-edges.test.ts',
  'test/stripe-configs.sqlite.test.ts',
  'test/stripe-edges.test.ts',
  'test/amount-rule.test.ts',
  'test/backfill.test.ts',
  'test/mail.outbox.test.ts',
  'test/supporters.test.ts',
  'test/donate-options.test.ts',
  'test/privacy.test.ts',
  'test/privacy-upgrade.test.ts',
  'test/faults.test.ts',
  'test/checkout-idempotency.test.ts',
  'test/audit.test.ts',
  'test/webhook-lane.test.ts',
  'test/webhook-lane.errors.test.ts',
  'test/csv-bidi.test.ts',
  'test/observability.test.ts',
  'test/mutation/**/*.test.ts',
]

export default defineConfig({
  test: {
    include: MONEY_SUITES,
    exclude: [...configDefaults.exclude],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    silent: true,
  },
})
