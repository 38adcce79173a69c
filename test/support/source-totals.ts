import { CompiledQuery } from 'kysely'
import { expect } from 'vitest'
import { PROVIDERS } from '../../src/domain/keys.js'
import { type SourceTotals, totalsBySource } from '../../src/store/by-source.js'
import {
  appendEntryQueries,
  getEntryByKey,
  type NewEntry,
  newEntryId,
} from '../../src/store/ledger.js'
import { reverseEntry } from '../../src/store/reversal.js'
import { statement } from '../../src/store/sql.js'
import type { Store } from '../../src/store/store.js'
import { ledgerSourceTotals } from '../../src/store/totals.js'

/**
 * A ledger of two providers (Stripe, PayPal) over two campaigns and two months, with every kind
 * of entry that moves a provider's money: payments with fees, refunds, a dispute and its
 * reinstatement, a late fee, a move to another campaign, admin reversals of a Stripe refund, of
 * a PayPal payment and of an adjustment, adjustments, uncounted money and a duplicate. Written
 * straight through the store (appendEntryQueries, reverseEntry), as the ingest and the admin
 * routes write it, so it runs on any store, and on one whose schema predates 0020 through
 * `withoutSourceRows`.
 */

const AT = '2026-06-10T12:00:00.000Z'

/** Inserts the campaigns `news` and `radio` (USD) directly. */
export async function addCampaigns(store: Store): Promise<void> {
  for (const slug of ['news', 'radio']) {
    await store.db
      .insertInto('campaigns')
      .values({
        slug,
        name: slug,
        currency: 'USD',
        default_goal: 100000,
        timezone: 'UTC',
        locale: 'en-US',
        is_default: 0,
        archived: 0,
        created_at: AT,
        updated_at: AT,
      })
      .execute()
  }
}

type Part = Pick<NewEntry, 'entryKey' | 'kind' | 'amount' | 'source'> & Partial<NewEntry>

const entry = (e: Part & { fee?: number }): NewEntry => {
  const { fee, ...rest } = e
  return {
    campaign: 'news',
    month: '2026-06',
    currency: 'USD',
    counted: true,
    donation: 0,
    donor: null,
    sourceId: null,
    paymentRef: null,
    note: null,
    actor: null,
    eventId: null,
    data: null,
    occurredAt: AT,
    ...(fee === undefined
      ? {}
      : {
          settled: {
            balanceTransaction: `txn_${e.entryKey}`,
            fee,
            settlementCurrency: null,
            exchangeRate: null,
          },
        }),
    ...rest,
  }
}

async function append(store: Store, e: Part & { fee?: number }) {
  await store.atomic(appendEntryQueries(store, entry(e), newEntryId(), AT))
}

async function reverse(store: Store, key: string) {
  const original = await getEntryByKey(store, key)
  if (!original) throw new Error(`no entry ${key}`)
  const out = await reverseEntry(store, {
    campaign: 'news',
    entryId: original.id,
    reason: 'test',
    actor: 'admin',
    now: AT,
    audit: () => CompiledQuery.raw('SELECT 1'),
  })
  expect(out.ok).toBe(true)
}

/** Writes the ledger described above. */
export async function writeTwoProviders(store: Store): Promise<void> {
  const pay = { kind: 'payment', donation: 1 } as const
  // Stripe, news, June.
  await append(store, {
    ...pay,
    entryKey: 's:p1',
    amount: 2500,
    source: 'stripe',
    fee: 103,
    donor: 'd1',
  })
  await append(store, {
    ...pay,
    entryKey: 's:p2',
    amount: 1000,
    source: 'stripe',
    fee: 59,
    donor: 'd2',
  })
  // The same money again: nothing changes.
  await append(store, {
    ...pay,
    entryKey: 's:p1',
    amount: 2500,
    source: 'stripe',
    fee: 103,
    donor: 'd1',
  })
  await append(store, { entryKey: 's:r1', kind: 'refund', amount: -500, source: 'stripe' })
  await append(store, {
    entryKey: 's:dw',
    kind: 'dispute_withdrawal',
    amount: -1000,
    source: 'stripe',
    fee: 1500,
  })
  await append(store, {
    entryKey: 's:dr',
    kind: 'dispute_reinstatement',
    amount: 1000,
    source: 'stripe',
  })
  await append(store, { entryKey: 's:fee', kind: 'fee', amount: 0, source: 'stripe', fee: 20 })
  // p2 moves to radio: out of news' June, into radio's.
  const moved = { kind: 'assignment', source: 'stripe', sourceId: 's:p2', donor: 'd2' } as const
  await append(store, { ...moved, entryKey: 's:p2:out', amount: -1000, fee: -59, donation: -1 })
  await append(store, {
    ...moved,
    entryKey: 's:p2:in',
    campaign: 'radio',
    amount: 1000,
    fee: 59,
    donation: 1,
  })
  // PayPal, news, June; one payment in EUR is kept aside (not counted).
  await append(store, {
    ...pay,
    entryKey: 'p:p1',
    amount: 1500,
    source: 'paypal',
    fee: 80,
    donor: 'd3',
  })
  await append(store, {
    entryKey: 'p:r1',
    kind: 'refund',
    amount: -500,
    source: 'paypal',
    fee: -10,
  })
  await append(store, {
    ...pay,
    entryKey: 'p:p2',
    amount: 2000,
    source: 'paypal',
    fee: 90,
    donor: 'd4',
  })
  await append(store, {
    ...pay,
    entryKey: 'p:eur',
    amount: 900,
    source: 'paypal',
    currency: 'EUR',
    counted: false,
  })
  // Adjustments name no provider.
  await append(store, {
    entryKey: 'a:1',
    kind: 'adjustment',
    amount: 700,
    source: 'admin',
    donation: 1,
    donor: 'd5',
  })
  await append(store, { entryKey: 'a:2', kind: 'adjustment', amount: -200, source: 'admin' })
  // Reversals: of a Stripe refund (Stripe's), a PayPal payment (PayPal's), an adjustment (none).
  await reverse(store, 's:r1')
  await reverse(store, 'p:p2')
  await reverse(store, 'a:2')
  // July: one of each.
  const july = { ...pay, month: '2026-07' }
  await append(store, {
    ...july,
    entryKey: 's:p3',
    amount: 3000,
    source: 'stripe',
    fee: 120,
    donor: 'd1',
  })
  await append(store, {
    ...july,
    entryKey: 'p:p3',
    amount: 400,
    source: 'paypal',
    fee: 20,
    donor: 'd6',
  })
}

const zero = { gross: 0, fees: 0, donations: 0 }
const withZeros = (some: Record<string, SourceTotals>) => ({
  ...Object.fromEntries(PROVIDERS.map((p) => [p, zero])),
  ...some,
})

/** What `writeTwoProviders` leaves, by campaign and month, as the progress read answers it. */
export const EXPECTED: Record<string, Record<string, SourceTotals>> = {
  // 2500 + 1000 - 500 - 1000 + 1000 + 0 - 1000 (moved) + 500 (refund reversed); fees
  // 103 + 59 + 1500 + 20 - 59; p1 and p2, p2 moved out.
  'news 2026-06': withZeros({
    stripe: { gross: 2500, fees: 1623, donations: 1 },
    // 1500 - 500 + 2000 - 2000 (reversed); fees 80 - 10 + 90 - 90; p1, p2 reversed.
    paypal: { gross: 1000, fees: 70, donations: 1 },
  }),
  'radio 2026-06': withZeros({ stripe: { gross: 1000, fees: 59, donations: 1 } }),
  'news 2026-07': withZeros({
    stripe: { gross: 3000, fees: 120, donations: 1 },
    paypal: { gross: 400, fees: 20, donations: 1 },
  }),
}

/** A store that writes as a build from before schema/0020 did: no provider rows. */
export function withoutSourceRows(store: Store): Store {
  return {
    ...store,
    atomic: (queries) =>
      store.atomic(queries.filter((q) => !q.sql.includes('month_source_totals'))),
  }
}

/** The read as it was before schema/0020: a sum over the month's counted entries. */
const BY_SOURCE_BEFORE = `SELECT p AS provider, CAST(SUM(amount) AS BIGINT) AS gross,
    CAST(COALESCE(SUM(fee), 0) AS BIGINT) AS fees, CAST(SUM(donation) AS BIGINT) AS donations
  FROM (SELECT CASE WHEN l.source = 'admin' THEN o.source ELSE l.source END AS p,
      l.amount AS amount, l.fee AS fee, l.donation AS donation
    FROM ledger_entries l
    LEFT JOIN ledger_entries o ON l.kind = 'reversal' AND o.id = l.source_id
    WHERE l.counted = 1 AND l.campaign = ? AND l.month = ?) AS e
  WHERE p IS NOT NULL AND p <> 'admin'
  GROUP BY p`

async function bySourceBefore(store: Store, campaign: string, month: string) {
  const { rows } = await store.db.executeQuery<{
    provider: string
    gross: unknown
    fees: unknown
    donations: unknown
  }>(statement(store.dialect, BY_SOURCE_BEFORE, [campaign, month]))
  const out: Record<string, SourceTotals> = {}
  for (const p of PROVIDERS) out[p] = { gross: 0, fees: 0, donations: 0 }
  for (const r of [...rows].sort((a, b) => a.provider.localeCompare(b.provider))) {
    out[r.provider] = {
      gross: Number(r.gross),
      fees: Number(r.fees),
      donations: Number(r.donations),
    }
  }
  return out
}

/** Every stored provider row, in key order. */
export async function storedSourceRows(store: Store) {
  const rows = await store.db
    .selectFrom('month_source_totals')
    .selectAll()
    .orderBy('campaign')
    .orderBy('month')
    .orderBy('provider')
    .execute()
  return rows.map((r) => ({
    campaign: r.campaign,
    month: r.month,
    provider: r.provider,
    gross: Number(r.gross),
    fees: Number(r.fees),
    donations: Number(r.donations),
  }))
}

const order = (a: { campaign: string; month: string; provider: string }, b: typeof a) =>
  `${a.campaign} ${a.month} ${a.provider}`.localeCompare(`${b.campaign} ${b.month} ${b.provider}`)

/**
 * The stored provider rows are the ledger's per-provider sums, and the progress read answers,
 * for every month, exactly what the read summing the ledger answered (the same JSON).
 */
export async function expectSourceRowsMatchLedger(store: Store): Promise<void> {
  const stored = (await storedSourceRows(store)).sort(order)
  expect(stored).toEqual((await ledgerSourceTotals(store)).sort(order))
  expect(stored.length).toBeGreaterThan(0)
  for (const k of Object.keys(EXPECTED)) {
    const [campaign = '', month = ''] = k.split(' ')
    const read = await totalsBySource(store, campaign, month)
    expect(read).toEqual(EXPECTED[k])
    expect(JSON.stringify(read)).toBe(JSON.stringify(await bySourceBefore(store, campaign, month)))
  }
}
