import path from 'node:path'
import { configDefaults, defineConfig } from 'vitest/config'
import type { TestSpecification } from 'vitest/node'
import { BaseSequencer } from 'vitest/node'

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
  // Cheapest first: a mutant stops at its first failing test (bail), so the suites that test
  // one module directly come before those that start an app, and the property tests last.
  'test/mutation/**/*.test.ts',
  'test/domain.test.ts',
  'test/stripe-map.test.ts',
  'test/stripe-shapes.test.ts',
  'test/render-cache.test.ts',
  'test/after-gift.test.ts',
  'test/webhook-lane.test.ts',
  'test/webhook-lane.errors.test.ts',
  'test/webhooks.test.ts',
  'test/webhooks.reject.test.ts',
  'test/progress.test.ts',
  'test/history.test.ts',
  'test/rollover.test.ts',
  'test/settle.test.ts',
  'test/money-edges.test.ts',
  'test/stripe-edges.test.ts',
  'test/stripe-configs.sqlite.test.ts',
  'test/subscriptions.test.ts',
  'test/backfill.test.ts',
  'test/render-cache.keys.test.ts',
  'test/month-source-totals.test.ts',
  'test/contract.sqlite.test.ts',
  'test/export.test.ts',
  'test/csv-bidi.test.ts',
  'test/admin.test.ts',
  'test/audit.test.ts',
  'test/donate.test.ts',
  'test/donate-options.test.ts',
  'test/amount-rule.test.ts',
  'test/checkout-idempotency.test.ts',
  'test/thanks.test.ts',
  'test/manage.test.ts',
  'test/mail.outbox.test.ts',
  'test/supporters.test.ts',
  'test/privacy.test.ts',
  'test/privacy-upgrade.test.ts',
  'test/faults.test.ts',
  'test/observability.test.ts',
  'test/subscriptions.property.test.ts',
  'test/ledger.property.test.ts',
]

/** The rank of a test file in MONEY_SUITES (its first matching entry). */
function rank(moduleId: string): number {
  const rel = path.relative(process.cwd(), moduleId).split(path.sep).join('/')
  const i = MONEY_SUITES.findIndex((entry: string) =>
    entry.endsWith('**/*.test.ts')
      ? rel.startsWith(entry.slice(0, -'**/*.test.ts'.length))
      : rel === entry,
  )
  return i === -1 ? MONEY_SUITES.length : i
}

/** Runs the files in MONEY_SUITES' order instead of vitest's slowest-first. */
class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId))
  }
}

export default defineConfig({
  test: {
    include: MONEY_SUITES,
    exclude: [...configDefaults.exclude],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    silent: true,
    sequence: { sequencer: CheapestFirst },
    // Memos start empty in each file, so none is built under another run's mutant.
    setupFiles: ['test/support/forget-memos.ts'],
    // Each mutant's run imports the source modules once, not once per test file: the mutants
    // are switched at run time (Stryker's mutation switching), so a cached module stays valid.
    isolate: false,
  },
})
