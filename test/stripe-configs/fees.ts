import { expect, it } from 'vitest'
import { at, ch, deliver, envelope, type Gift, gift, pi, post, re, sid } from './events.js'
import { admin, type ConfigCase, SEEDS } from './shared.js'

/**
 * A balance transaction as Stripe's spec shapes it (fixtures3.json `balance_transaction`, the
 * stripe package's BalanceTransaction): amount, fee and net in minor units of its own currency
 * (net = amount - fee), the fee's parts in `fee_details`, `exchange_rate` when Stripe converted.
 */
export function balance(
  id: string,
  source: string,
  o: {
    amount: number
    fee: number
    currency: string
    created: number
    rate?: number | null
    type?: string
    category?: string
  },
) {
  return {
    id,
    object: 'balance_transaction',
    amount: o.amount,
    available_on: o.created + 86400 * 2,
    balance_type: 'payments',
    created: o.created,
    currency: o.currency,
    description: null,
    exchange_rate: o.rate ?? null,
    fee: o.fee,
    fee_details:
      o.fee === 0
        ? []
        : [
            {
              amount: o.fee,
              application: null,
              currency: o.currency,
              description: 'Stripe processing fees',
              type: 'stripe_fee',
            },
          ],
    net: o.amount - o.fee,
    reporting_category: o.category ?? (o.amount < 0 ? 'refund' : 'charge'),
    source,
    status: 'pending',
    type: o.type ?? (o.amount < 0 ? 'refund' : 'charge'),
  }
}

/** A dispute of a gift with the balance transactions Stripe has booked for it so far. */
function dispute(g: Gift, id: string, txns: unknown[], status: string) {
  return {
    id,
    object: 'dispute',
    amount: g.amount,
    balance_transactions: txns,
    charge: g.ch,
    created: g.created + 86400,
    currency: g.currency,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: g.pi,
    reason: 'fraudulent',
    status,
  }
}

type Figures = { pledged: number; gross: number; fees: number; net: number; barAmount: string }
type FeeEntry = {
  key: string
  kind: string
  counted: boolean
  amount: number
  currency: string
  month: string | null
  gross: number
  fee: number | null
  net: number | null
  balanceTransaction: string | null
  settlementCurrency: string | null
  exchangeRate: string | null
}

/**
 * Issue 21 §1: gross, fee and net on every Stripe entry, each fee counted once in its payment's
 * month under shuffled, duplicated delivery, and the bar showing gross or net as its campaign
 * says. On each runtime.
 */
export function feeCases(t: ConfigCase) {
  const { request, campaign } = t
  const figures = async (slug: string, month: string) => {
    const res = await request(`/api/campaigns/${slug}/progress?month=${month}`)
    expect(res.status).toBe(200)
    return (await res.json()) as Figures
  }
  const entries = async (slug: string) => (await t.ledger(slug)) as unknown as FeeEntry[]
  const agrees = async (slug: string) => {
    const res = await request(`/api/admin/recompute?campaign=${slug}`, {
      method: 'POST',
      headers: admin,
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { differences: unknown[] }).differences).toEqual([])
  }
  const counted = (list: FeeEntry[]) => list.filter((e) => e.counted)
  const sum = (list: FeeEntry[], f: (e: FeeEntry) => number) => list.reduce((n, e) => n + f(e), 0)

  it('fees: a payment, its refund and a dispute lost then won record their balance transactions, gross, fee and net; the month adds up (gross - fees = net) in any order', async () => {
    for (const seed of SEEDS) {
      const slug = await campaign()
      const fake = t.fake()
      const created = at('2026-10-01T03:30:00Z') // 30 September in New York
      const g = gift({ amount: 10_000, currency: 'usd', created, campaign: slug })
      const refundId = sid('re')
      const refundTxn = sid('txn')
      const dp = sid('dp')
      const later = created + 86400 * 3
      fake.data.objects.set(g.ch, ch(g, g.txn))
      fake.data.objects.set(
        g.txn,
        balance(g.txn, g.ch, { amount: 10_000, fee: 320, currency: 'usd', created }),
      )
      fake.data.objects.set(
        refundTxn,
        balance(refundTxn, refundId, { amount: -2500, fee: 0, currency: 'usd', created: later }),
      )
      const withdrawal = balance(sid('txn'), dp, {
        amount: -10_000,
        fee: 1500,
        currency: 'usd',
        created: later,
        type: 'adjustment',
        category: 'dispute',
      })
      const reinstatement = balance(sid('txn'), dp, {
        amount: 10_000,
        fee: -1500,
        currency: 'usd',
        created: later + 86400 * 20,
        type: 'adjustment',
        category: 'dispute_reversal',
      })
      const events = [
        envelope('payment_intent.succeeded', pi(g), created),
        envelope('charge.succeeded', ch(g, g.txn), created),
        envelope('refund.created', re(g, refundId, 2500, refundTxn, later), later),
        envelope(
          'charge.dispute.funds_withdrawn',
          dispute(g, dp, [withdrawal], 'needs_response'),
          later,
        ),
        envelope(
          'charge.dispute.funds_reinstated',
          dispute(g, dp, [withdrawal, reinstatement], 'won'),
          later + 86400 * 20,
        ),
      ]
      const statuses = await deliver(request, events, seed)
      expect(statuses.every((s) => s === 200)).toBe(true)
      const month = await figures(slug, '2026-09')
      expect(month).toMatchObject({
        gross: 10_000 - 2500 - 10_000 + 10_000,
        fees: 320 + 1500 - 1500,
        net: 7500 - 320,
        pledged: 7500,
        barAmount: 'gross',
      })
      expect(await figures(slug, '2026-10')).toMatchObject({ gross: 0, fees: 0, net: 0 })
      const list = await entries(slug)
      const byKind = Object.fromEntries(counted(list).map((e) => [e.kind, e]))
      expect(byKind.payment).toMatchObject({
        balanceTransaction: g.txn,
        gross: 10_000,
        fee: 320,
        net: 9680,
      })
      expect(byKind.refund).toMatchObject({
        balanceTransaction: refundTxn,
        gross: -2500,
        fee: 0,
        net: -2500,
      })
      expect(byKind.dispute_withdrawal).toMatchObject({
        balanceTransaction: withdrawal.id,
        gross: -10_000,
        fee: 1500,
        net: -11_500,
      })
      expect(byKind.dispute_reinstatement).toMatchObject({
        balanceTransaction: reinstatement.id,
        gross: 10_000,
        fee: -1500,
        net: 11_500,
      })
      expect(counted(list)).toHaveLength(4)
      for (const e of list) expect(e.net).toBe(e.fee === null ? null : e.gross - e.fee)
      await agrees(slug)
    }
  })

  it('fees: under asynchronous capture the fee comes with charge.updated as a new entry keyed by the balance transaction, once, in the payment month', async () => {
    const run = async (order: 'in order' | number) => {
      const slug = await campaign()
      const fake = t.fake()
      const created = at('2026-11-01T03:00:00Z') // 31 October in New York
      const g = gift({ amount: 10_000, currency: 'usd', created, campaign: slug })
      const captured = created + 86400 // 1 November
      // The API answers as before capture: the charge has no balance transaction yet.
      fake.data.objects.set(g.ch, ch(g, null))
      fake.data.objects.set(
        g.txn,
        balance(g.txn, g.ch, { amount: 10_000, fee: 290, currency: 'usd', created: captured }),
      )
      const events = [
        envelope('payment_intent.succeeded', pi(g), created),
        envelope('charge.succeeded', ch(g, null), created),
        envelope('charge.updated', ch(g, g.txn), captured, {
          previous: { balance_transaction: null },
        }),
      ]
      if (order === 'in order') {
        for (const e of events) expect((await post(request, e)).status).toBe(200)
      } else {
        expect((await deliver(request, events, order)).every((s) => s === 200)).toBe(true)
      }
      // Stripe sends charge.updated again: nothing more.
      expect((await post(request, events[2] as (typeof events)[number])).status).toBe(200)
      expect(await figures(slug, '2026-10')).toMatchObject({ gross: 10_000, fees: 290, net: 9710 })
      expect(await figures(slug, '2026-11')).toMatchObject({ gross: 0, fees: 0, net: 0 })
      const list = counted(await entries(slug))
      expect(sum(list, (e) => e.fee ?? 0)).toBe(290)
      expect(list.filter((e) => e.fee !== null && e.fee !== 0)).toHaveLength(1)
      await agrees(slug)
      return list
    }
    const list = await run('in order')
    // Written before its fee was known, the payment stays as it was; the fee is its own entry.
    const payment = list.find((e) => e.kind === 'payment')
    expect(payment).toMatchObject({ gross: 10_000, fee: null, net: null, balanceTransaction: null })
    const fee = list.find((e) => e.kind === 'fee')
    expect(fee?.key).toMatch(/^stripe:fee:txn_/)
    expect(fee).toMatchObject({ month: '2026-10', gross: 0, fee: 290, net: -290 })
    for (const seed of SEEDS) await run(seed)
  })

  it('fees: money settled in another currency records its settlement currency and rate, its fee in the campaign currency; a converted gift its settled fee', async () => {
    const fake = t.fake()
    const eur = await campaign({ currency: 'EUR' })
    const created = at('2026-12-10T12:00:00Z')
    const g = gift({ amount: 10_000, currency: 'eur', created, campaign: eur })
    fake.data.objects.set(g.ch, ch(g, g.txn))
    fake.data.objects.set(
      g.txn,
      balance(g.txn, g.ch, { amount: 11_000, fee: 349, currency: 'usd', created, rate: 1.1 }),
    )
    expect((await post(request, envelope('payment_intent.succeeded', pi(g), created))).status).toBe(
      200,
    )
    const [entry] = counted(await entries(eur))
    // 3.49 USD at 1.1 USD a euro is 3.17 EUR (rounded to the cent).
    expect(entry).toMatchObject({
      currency: 'EUR',
      gross: 10_000,
      fee: 317,
      net: 9683,
      balanceTransaction: g.txn,
      settlementCurrency: 'USD',
      exchangeRate: '1.1',
    })
    expect(await figures(eur, '2026-12')).toMatchObject({ gross: 10_000, fees: 317, net: 9683 })

    const usd = await campaign()
    const j = gift({ amount: 5000, currency: 'jpy', created, campaign: usd })
    fake.data.objects.set(j.ch, ch(j, j.txn))
    fake.data.objects.set(
      j.txn,
      balance(j.txn, j.ch, { amount: 3350, fee: 127, currency: 'usd', created, rate: 0.0067 }),
    )
    expect((await post(request, envelope('payment_intent.succeeded', pi(j), created))).status).toBe(
      200,
    )
    const [converted] = counted(await entries(usd))
    expect(converted).toMatchObject({ currency: 'USD', gross: 3350, fee: 127, net: 3223 })
    expect(await figures(usd, '2026-12')).toMatchObject({ gross: 3350, fees: 127, net: 3223 })
    await agrees(eur)
    await agrees(usd)
  })

  it('barAmount: the bar shows gross by default, net when the campaign says so; anything else is refused and changes nothing', async () => {
    const fake = t.fake()
    const slug = await campaign({ barAmount: 'net' })
    const created = at('2026-12-12T12:00:00Z')
    const g = gift({ amount: 2000, currency: 'usd', created, campaign: slug })
    fake.data.objects.set(g.ch, ch(g, g.txn))
    fake.data.objects.set(
      g.txn,
      balance(g.txn, g.ch, { amount: 2000, fee: 88, currency: 'usd', created }),
    )
    expect((await post(request, envelope('payment_intent.succeeded', pi(g), created))).status).toBe(
      200,
    )
    expect(await figures(slug, '2026-12')).toMatchObject({
      pledged: 1912,
      gross: 2000,
      fees: 88,
      net: 1912,
      barAmount: 'net',
    })
    const patch = (body: unknown) =>
      request(`/api/admin/campaigns/${slug}`, {
        method: 'PATCH',
        headers: admin,
        body: JSON.stringify(body),
      })
    const bad = await patch({ barAmount: 'fees' })
    expect(bad.status).toBe(422)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_body')
    expect((await figures(slug, '2026-12')).pledged).toBe(1912)
    const ok = await patch({ barAmount: 'gross' })
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as { barAmount: string }).barAmount).toBe('gross')
    expect(await figures(slug, '2026-12')).toMatchObject({ pledged: 2000, barAmount: 'gross' })
  })
}
