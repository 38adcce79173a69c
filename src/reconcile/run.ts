import type Stripe from 'stripe'
import { v7 } from 'uuid'
import {
  discrepancyQueries,
  entriesFor,
  finishRunQuery,
  getRun,
  itemQueries,
  type RunRecord,
  type StoredDiscrepancy,
  startRunQuery,
  type Totals,
  timezones,
  unseenEntries,
} from '../store/reconciliations.js'
import type { Store } from '../store/store.js'
import { balancePages, chargeTimes, type ListOptions, payoutOf } from '../stripe/balance-list.js'
import {
  type BookedTxn,
  candidateKeys,
  compareTxn,
  type Discrepancy,
  kindOf,
  major,
} from './classify.js'

/** What a run covers: a payout, or the transactions created in [from, to). */
export type RunScope = { payout: string } | { from: string; to: string }

export interface RunInput {
  scope: RunScope
  /** The connected account reconciled (each on its own); null for the platform's own. */
  account: string | null
}

export interface RunDeps {
  store: Store
  stripe: Stripe
  now: () => Date
  /** Paging and 429 retry settings (tests make the waits short). */
  list?: Omit<ListOptions, 'account'>
}

export interface Report extends RunRecord {
  discrepancies: StoredDiscrepancy[]
}

/** Ledger entries Stripe did not list, read this many at a time (or `list.pageSize`). */
const UNSEEN_PAGE = 500

const add = (t: Totals, amount: number, fee: number, net: number): Totals => ({
  count: t.count + 1,
  gross: t.gross + amount,
  fees: t.fees + fee,
  net: t.net + net,
})

/**
 * One reconciliation: lists Stripe's balance transactions of the scope page by page, compares
 * each donation's with the ledger entries that record it, and stores every difference with its
 * code. Each page commits on its own, so memory and a transaction hold one page. Never changes
 * the ledger. A run Stripe fails is stored as failed, with the error, and the error thrown.
 */
export async function reconcile(deps: RunDeps, input: RunInput): Promise<RunRecord> {
  const { store } = deps
  const id = v7()
  const startedAt = deps.now().toISOString()
  await store.atomic([
    startRunQuery(store, { id, account: input.account, scope: input.scope, startedAt }),
  ])
  let stripeTotals: Totals = { count: 0, gross: 0, fees: 0, net: 0 }
  let ledgerTotals: Totals = { count: 0, gross: 0, fees: 0, net: 0 }
  let seq = 0
  // The totals' currency: the first donation's; null once another currency appears.
  let currency: string | null | undefined
  let payout: RunRecord['payout'] = null
  let paidOut = 0
  const record = async (list: Discrepancy[], also = itemQueries(store, id, [])) => {
    await store.atomic([...also, ...discrepancyQueries(store, id, seq, list)])
    seq += list.length
  }
  try {
    const scope =
      'payout' in input.scope
        ? { payout: input.scope.payout }
        : {
            from: Math.floor(Date.parse(input.scope.from) / 1000),
            to: Math.floor(Date.parse(input.scope.to) / 1000),
          }
    if ('payout' in input.scope)
      payout = await payoutOf(deps.stripe, input.scope.payout, input.account)
    const pages = balancePages(deps.stripe, scope, { ...deps.list, account: input.account })
    for await (const page of pages) {
      const found: Discrepancy[] = []
      const entries = await entriesFor(
        store,
        page.map((t) => t.id),
        page.flatMap(candidateKeys),
      )
      const zones = await timezones(store, [
        ...new Set(entries.flatMap((e) => (e.campaign ? [e.campaign] : []))),
      ])
      const matched = page.map((t) => {
        if (t.type !== 'payout') paidOut += t.net
        if (kindOf(t) === 'other') return null
        const keys = new Set(candidateKeys(t))
        const mine = entries.filter(
          (e) => keys.has(e.entryKey) || (e.balanceTransaction === t.id && e.kind !== 'fee'),
        )
        const fees = entries.filter((e) => e.kind === 'fee' && e.balanceTransaction === t.id)
        return { t, mine, fees }
      })
      // A recorded refund's or dispute's month is its payment's: Stripe's charge says when.
      const times = await chargeTimes(
        deps.stripe,
        matched.flatMap((m) =>
          m && m.mine.length > 0 && m.t.source?.charge && !m.t.source.created
            ? [m.t.source.charge]
            : [],
        ),
        input.account,
      )
      for (const m of matched) {
        if (!m) continue
        const { mine, fees } = m
        const charge = m.t.source?.charge
        const t =
          m.t.source && charge && times.has(charge)
            ? { ...m.t, source: { ...m.t.source, created: times.get(charge) ?? null } }
            : m.t
        const r = compareTxn(t, mine, fees, (c) => zones.get(c), payout ? 'payout' : 'range')
        stripeTotals = add(stripeTotals, t.amount, t.fee, t.net)
        currency = currency === undefined || currency === t.currency ? t.currency : null
        if (r.ledger) ledgerTotals = add(ledgerTotals, r.ledger.amount, r.ledger.fee, r.ledger.net)
        found.push(...r.discrepancies)
      }
      await record(
        found,
        itemQueries(
          store,
          id,
          page.map((t: BookedTxn) => t.id),
        ),
      )
    }
    if (payout && paidOut !== payout.amount) {
      await record([
        {
          code: 'PAYOUT_TOTAL_MISMATCH',
          balanceTransaction: null,
          object: payout.id,
          campaign: null,
          month: null,
          expected: payout.amount,
          actual: paidOut,
          currency: payout.currency,
          note: `Payout ${payout.id} is ${major(payout.amount, payout.currency)}; its balance transactions net ${major(paidOut, payout.currency)}`,
        },
      ])
    }
    if (!('payout' in input.scope)) {
      const { from, to } = input.scope
      // A page at a time, every one of them: each account's entries are among all accounts'.
      let after: string | undefined
      for (;;) {
        const size = deps.list?.pageSize ?? UNSEEN_PAGE
        const page = await unseenEntries(store, id, from, to, size, after)
        await record(
          page
            .filter((e) => e.account === input.account)
            .map((e) => ({
              code: 'MISSING_AT_STRIPE' as const,
              balanceTransaction: e.balanceTransaction,
              object: e.entryKey,
              campaign: e.campaign,
              month: e.month,
              expected: null,
              actual: e.amount,
              currency: e.currency,
              note: `The ledger counts ${e.entryKey} (${major(e.amount, e.currency)}); Stripe lists no ${e.balanceTransaction} in this range`,
            })),
        )
        after = page.at(-1)?.entryKey
        if (page.length < size || after === undefined) break
      }
    }
    await store.atomic([
      finishRunQuery(store, id, {
        status: 'done',
        finishedAt: deps.now().toISOString(),
        payout,
        stripe: stripeTotals,
        ledger: ledgerTotals,
        currency: currency ?? null,
        error: null,
      }),
    ])
  } catch (err) {
    await store.atomic([
      finishRunQuery(store, id, {
        status: 'failed',
        finishedAt: deps.now().toISOString(),
        payout,
        stripe: stripeTotals,
        ledger: ledgerTotals,
        currency: currency ?? null,
        error: err instanceof Error ? err.message : String(err),
      }),
    ])
    throw err
  }
  const run = await getRun(store, id)
  if (!run) throw new Error(`reconciliation ${id} missing after it ran`)
  return run
}
