// Reconciling a payout: time and memory for payouts of several sizes (default 1,000 and 10,000
// balance transactions), each against a ledger that records every one of them, on SQLite, with
// the fake Stripe of the tests serving the payout 100 transactions a page. Cost should grow
// linearly with the payout; the memory a run adds should not grow with it (one page at a time).
// Run: npm run bench:reconcile [-- --sizes 1000,10000]
import { parseArgs } from 'node:util'
import { ledgerKey } from '../src/domain/keys.js'
import { reconcile } from '../src/reconcile/run.js'
import { appendEntryQueries, newEntryId } from '../src/store/ledger.js'
import { runDiscrepancies } from '../src/store/reconciliations.js'
import { balance } from '../test/stripe-configs/fees.js'
import { startFakeStripe } from '../test/support/fake-stripe.js'
import { makeTestApp, newsCampaign } from '../test/support/harness.js'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000' } } })
const sizes = (values.sizes ?? '').split(',').map(Number)

async function one(n: number) {
  const fake = await startFakeStripe()
  const t = await makeTestApp()
  await t.call('POST', '/api/admin/campaigns', newsCampaign)
  const created = Date.parse('2027-06-10T12:00:00Z') / 1000
  const po = `po_bench${n}`
  const now = new Date().toISOString()
  let net = 0
  for (let start = 0; start < n; start += 500) {
    const queries = []
    for (let i = start; i < Math.min(n, start + 500); i++) {
      const txn = balance(`txn_b${i}`, `ch_b${i}`, {
        amount: 1000 + (i % 97),
        fee: 59,
        currency: 'usd',
        created: created + i,
      })
      net += txn.net
      fake.books.rows.push({ txn, payout: po })
      fake.data.objects.set(`ch_b${i}`, {
        id: `ch_b${i}`,
        object: 'charge',
        created: created + i,
        payment_intent: `pi_b${i}`,
      })
      queries.push(
        ...appendEntryQueries(
          t.store,
          {
            entryKey: ledgerKey.payment(`pi_b${i}`),
            campaign: 'news',
            month: '2027-06',
            kind: 'payment',
            amount: 1000 + (i % 97),
            currency: 'USD',
            counted: true,
            donation: 1,
            donor: null,
            source: 'stripe',
            sourceId: `pi_b${i}`,
            paymentRef: `pi_b${i}`,
            note: null,
            actor: null,
            eventId: null,
            data: { paymentCreated: created + i },
            occurredAt: new Date((created + i) * 1000).toISOString(),
            settled: {
              balanceTransaction: `txn_b${i}`,
              fee: 59,
              settlementCurrency: null,
              exchangeRate: null,
            },
          },
          newEntryId(),
          now,
        ),
      )
    }
    await t.store.atomic(queries)
  }
  fake.data.objects.set(po, {
    id: po,
    object: 'payout',
    amount: net,
    arrival_date: created,
    currency: 'usd',
  })
  global.gc?.()
  const base = process.memoryUsage()
  let peakHeap = base.heapUsed
  let peakRss = base.rss
  const sampler = setInterval(() => {
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakRss = Math.max(peakRss, m.rss)
  }, 5)
  const t0 = performance.now()
  const run = await reconcile(
    { store: t.store, stripe: fake.stripe, now: () => new Date() },
    { scope: { payout: po }, account: null },
  )
  const ms = performance.now() - t0
  clearInterval(sampler)
  const found = (await runDiscrepancies(t.store, run.id)).length
  await t.close()
  await fake.close()
  return {
    transactions: n,
    ms: Math.round(ms),
    perTxnMs: Math.round((ms / n) * 1000) / 1000,
    discrepancies: found,
    heapAddedMiB: Math.round(((peakHeap - base.heapUsed) / 2 ** 20) * 10) / 10,
    rssAddedMiB: Math.round(((peakRss - base.rss) / 2 ** 20) * 10) / 10,
    stripe: run.stripe,
  }
}

const results = []
for (const n of sizes) results.push(await one(n))
console.log(JSON.stringify(results, null, 2))
const [small, big] = results
if (small && big) {
  console.log(
    `time x${(big.ms / small.ms).toFixed(2)} for x${(big.transactions / small.transactions).toFixed(0)} transactions; heap added ${small.heapAddedMiB} -> ${big.heapAddedMiB} MiB`,
  )
}
