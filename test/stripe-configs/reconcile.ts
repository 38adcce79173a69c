import { expect, it } from 'vitest'
import { at, ch, envelope, type Gift, gift, pi, post, re, sid } from './events.js'
import { balance } from './fees.js'
import { admin, type ConfigCase } from './shared.js'

type Discrepancy = {
  code: string
  balanceTransaction: string | null
  object: string | null
  month: string | null
}
type Report = {
  id: string
  status: string
  payout: { id: string; amount: number } | null
  stripe: { count: number; gross: number; fees: number; net: number }
  ledger: { count: number; gross: number; fees: number; net: number }
  discrepancies: Discrepancy[]
}

/**
 * Issue 21 §2: a payout and a time range reconciled against the ledger, with one seeded case for
 * every discrepancy code, money that is not a donation classified and not reported, and the repair
 * that closes the missing money once. Over the HTTP surface, against the fake Stripe, on each
 * runtime.
 */
export function reconcileCases(t: ConfigCase) {
  const { request, campaign } = t
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await request(path, {
      method,
      headers: admin,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as T }
  }
  const codes = (r: Report) => r.discrepancies.map((d) => d.code).sort()

  it('reconciles a payout: names every seeded difference with its code and nothing else; the repair closes the missing money exactly once', async () => {
    const fake = t.fake()
    const slug = await campaign()
    const eur = await campaign({ currency: 'EUR' })
    const created = at('2027-01-12T15:00:00Z')
    const po = sid('po')
    const rows: { txn: ReturnType<typeof balance>; payout: string }[] = []
    const book = (txn: ReturnType<typeof balance>) => rows.push({ txn, payout: po })
    /** A gift whose charge and balance transaction Stripe's API serves; `webhook` records it. */
    const seed = async (
      g: Gift,
      o: { fee: number; webhook: boolean; listed?: Partial<{ amount: number; fee: number }> },
    ) => {
      const txn = balance(g.txn, g.ch, { amount: g.amount, fee: o.fee, currency: 'usd', created })
      fake.data.objects.set(g.pi, pi(g))
      fake.data.objects.set(g.ch, ch(g, g.txn))
      fake.data.objects.set(g.txn, txn)
      const listed = o.listed
        ? balance(g.txn, g.ch, {
            amount: o.listed.amount ?? g.amount,
            fee: o.listed.fee ?? o.fee,
            currency: 'usd',
            created,
          })
        : txn
      book(listed)
      if (o.webhook) {
        const res = await post(request, envelope('payment_intent.succeeded', pi(g), g.created))
        expect(res.status).toBe(200)
      }
    }
    const usd = (amount: number, extra: Partial<Gift> = {}) =>
      gift({ amount, currency: 'usd', created, campaign: slug, ...extra })

    const good = usd(10_000)
    await seed(good, { fee: 320, webhook: true })
    const missing = usd(4000)
    await seed(missing, { fee: 146, webhook: false })
    // A refund and a lost dispute of the recorded gift, whose webhooks never came.
    const refundId = sid('re')
    const refundTxn = balance(sid('txn'), refundId, {
      amount: -1000,
      fee: 0,
      currency: 'usd',
      created: created + 60,
    })
    fake.data.objects.set(refundId, re(good, refundId, 1000, refundTxn.id, created + 60))
    fake.data.objects.set(refundTxn.id, refundTxn)
    book(refundTxn)
    const dp = sid('dp')
    const withdrawal = balance(sid('txn'), dp, {
      amount: -2000,
      fee: 1500,
      currency: 'usd',
      created: created + 120,
      type: 'adjustment',
      category: 'dispute',
    })
    fake.data.objects.set(dp, {
      id: dp,
      object: 'dispute',
      amount: 2000,
      balance_transactions: [withdrawal],
      charge: good.ch,
      created: created + 120,
      currency: 'usd',
      livemode: false,
      metadata: {},
      payment_intent: good.pi,
      reason: 'fraudulent',
      status: 'needs_response',
    })
    book(withdrawal)
    await seed(usd(5000), { fee: 175, webhook: true, listed: { amount: 5100 } })
    await seed(usd(6000), { fee: 204, webhook: true, listed: { fee: 254 } })
    // Paid on 31 October in New York by its PaymentIntent; its charge says 2 November.
    const late = usd(3000, { created: at('2026-11-01T00:30:00Z') })
    await seed(late, { fee: 117, webhook: true })
    fake.data.objects.set(late.ch, ch(late, late.txn, { created: at('2026-11-02T15:00:00Z') }))
    // Another gift of 31 October in New York whose charge says 2 November, paid out before; its
    // refund, recorded, is in this payout: the ledger counts it against October, Stripe's charge
    // says November.
    const lateRefunded = usd(2000, { created: at('2026-11-01T00:45:00Z') })
    const lateCharge = at('2026-11-02T16:00:00Z')
    fake.data.objects.set(lateRefunded.pi, pi(lateRefunded))
    fake.data.objects.set(
      lateRefunded.ch,
      ch(lateRefunded, lateRefunded.txn, { created: lateCharge }),
    )
    fake.data.objects.set(
      lateRefunded.txn,
      balance(lateRefunded.txn, lateRefunded.ch, {
        amount: 2000,
        fee: 88,
        currency: 'usd',
        created: lateCharge,
      }),
    )
    expect(
      (await post(request, envelope('payment_intent.succeeded', pi(lateRefunded), lateCharge)))
        .status,
    ).toBe(200)
    const lateRefund = sid('re')
    const lateRefundTxn = balance(sid('txn'), lateRefund, {
      amount: -500,
      fee: 0,
      currency: 'usd',
      created: created + 180,
    })
    const lateRefundObject = re(lateRefunded, lateRefund, 500, lateRefundTxn.id, created + 180)
    fake.data.objects.set(lateRefund, lateRefundObject)
    fake.data.objects.set(lateRefundTxn.id, lateRefundTxn)
    expect(
      (await post(request, envelope('refund.created', lateRefundObject, created + 180))).status,
    ).toBe(200)
    book(lateRefundTxn)
    // A euro gift the ledger counts in EUR, settled in USD, its balance transaction never found.
    const euro = gift({ amount: 7000, currency: 'eur', created, campaign: eur })
    fake.data.objects.set(euro.ch, ch(euro, euro.txn))
    expect(
      (await post(request, envelope('payment_intent.succeeded', pi(euro), created))).status,
    ).toBe(200)
    book(
      balance(euro.txn, euro.ch, { amount: 7700, fee: 253, currency: 'usd', created, rate: 1.1 }),
    )
    // Not donations: Stripe's own fee billed apart, and the payout itself.
    book(
      balance(sid('txn'), 'fee_1', {
        amount: -500,
        fee: 0,
        currency: 'usd',
        created,
        type: 'stripe_fee',
        category: 'fee',
      }),
    )
    const net = rows.reduce((n, r) => n + (r.txn.net as number), 0)
    book(
      balance(sid('txn'), po, {
        amount: -net,
        fee: 0,
        currency: 'usd',
        created: created + 86400,
        type: 'payout',
        category: 'payout',
      }),
    )
    // The payout says one cent more than its transactions add up to.
    fake.data.objects.set(po, {
      id: po,
      object: 'payout',
      amount: net + 1,
      arrival_date: created + 86400 * 2,
      currency: 'usd',
      status: 'paid',
    })
    fake.books.rows.push(...rows)
    // Stripe answers the first request of each run 429: the run waits and asks again.
    fake.books.rateLimitEvery = 2
    fake.books.listed = 0

    const first = await call<Report>('POST', '/api/admin/reconciliations', { payout: po })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.status).toBe('done')
    expect(first.body.payout).toMatchObject({ id: po, amount: net + 1 })
    expect(codes(first.body)).toEqual(
      [
        'AMOUNT_MISMATCH',
        'CURRENCY_MISMATCH',
        'DISPUTE_NOT_RECORDED',
        'FEE_MISMATCH',
        'MISSING_IN_LEDGER',
        'PAYOUT_TOTAL_MISMATCH',
        'REFUND_NOT_RECORDED',
        'WRONG_MONTH',
        'WRONG_MONTH',
      ].sort(),
    )
    const named = Object.fromEntries(first.body.discrepancies.map((d) => [d.code, d]))
    expect(named.MISSING_IN_LEDGER).toMatchObject({
      balanceTransaction: missing.txn,
      object: missing.ch,
    })
    expect(named.REFUND_NOT_RECORDED).toMatchObject({ object: refundId })
    expect(named.DISPUTE_NOT_RECORDED).toMatchObject({
      object: dp,
      balanceTransaction: withdrawal.id,
    })
    // The charge paid in another month, and the refund counted against another month.
    expect(
      first.body.discrepancies
        .filter((d) => d.code === 'WRONG_MONTH')
        .map((d) => [d.object, d.month]),
    ).toEqual(
      expect.arrayContaining([
        [late.ch, '2026-10'],
        [lateRefund, '2026-10'],
      ]),
    )
    // Donations only: 9 transactions at Stripe (the fee and the payout are classified).
    expect(first.body.stripe.count).toBe(9)
    expect(fake.books.limited).toBeGreaterThan(0)

    const listed = await call<{ runs: { id: string; open: number }[] }>(
      'GET',
      '/api/admin/reconciliations?limit=1',
    )
    expect(listed.body.runs[0]).toMatchObject({ id: first.body.id, open: 9 })
    expect((await call<Report>('GET', `/api/admin/reconciliations/${first.body.id}`)).body).toEqual(
      first.body,
    )

    const repair = await call<{ repaired: { code: string }[]; failed: unknown[] }>(
      'POST',
      `/api/admin/reconciliations/${first.body.id}/repair`,
    )
    expect(repair.status, JSON.stringify(repair.body)).toBe(200)
    expect(repair.body.failed).toEqual([])
    expect(repair.body.repaired.map((r) => r.code).sort()).toEqual([
      'DISPUTE_NOT_RECORDED',
      'MISSING_IN_LEDGER',
      'REFUND_NOT_RECORDED',
    ])
    const again = await call<{ repaired: unknown[] }>(
      'POST',
      `/api/admin/reconciliations/${first.body.id}/repair`,
    )
    expect(again.body.repaired).toEqual([])
    const month = async () =>
      (await (await request(`/api/campaigns/${slug}/progress?month=2027-01`)).json()) as {
        gross: number
        fees: number
        donations: number
      }
    const after = await month()
    expect(after).toMatchObject({
      gross: 10_000 + 4000 - 1000 - 2000 + 5000 + 6000,
      fees: 320 + 146 + 1500 + 175 + 204,
      donations: 4,
    })
    const second = await call<Report>('POST', '/api/admin/reconciliations', { payout: po })
    expect(codes(second.body)).toEqual(
      [
        'AMOUNT_MISMATCH',
        'CURRENCY_MISMATCH',
        'FEE_MISMATCH',
        'PAYOUT_TOTAL_MISMATCH',
        'WRONG_MONTH',
        'WRONG_MONTH',
      ].sort(),
    )
    // The metric counts the newest run's open differences, by code.
    const metrics = await (await request('/metrics', { headers: admin })).text()
    const open = (code: string) =>
      Number(
        new RegExp(
          `^supportbar_reconciliation_open_discrepancies\\{code="${code}"\\} (\\d+)$`,
          'm',
        ).exec(metrics)?.[1],
      )
    expect(open('MISSING_IN_LEDGER')).toBe(0)
    expect(open('FEE_MISMATCH')).toBe(1)
    expect(open('PAYOUT_TOTAL_MISMATCH')).toBe(1)
    // A repair of the first run again, after the new run, still changes nothing.
    await call('POST', `/api/admin/reconciliations/${first.body.id}/repair`)
    expect(await month()).toEqual(after)
    // payout.paid starts a run of its payout by itself (Stripe's advice), once per event.
    const before = (
      await call<{ runs: { id: string }[] }>('GET', '/api/admin/reconciliations?limit=1')
    ).body.runs[0]?.id
    const paidEvent = envelope('payout.paid', fake.data.objects.get(po), created + 86400 * 2)
    expect((await post(request, paidEvent)).status).toBe(200)
    let started: { id: string; scope: unknown; status: string } | undefined
    for (
      let i = 0;
      i < 100 && (!started || started.id === before || started.status !== 'done');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100))
      started = (
        await call<{ runs: { id: string; scope: unknown; status: string }[] }>(
          'GET',
          '/api/admin/reconciliations?limit=1',
        )
      ).body.runs[0]
    }
    expect(started?.id).not.toBe(before)
    expect(started).toMatchObject({ scope: { payout: po }, status: 'done' })
    const recompute = await call<{ differences: unknown[] }>('POST', '/api/admin/recompute')
    expect(recompute.body.differences).toEqual([])
    fake.books.rateLimitEvery = 0
  })

  it('reconciles a time range: money Stripe has not paid out yet, and money the ledger has that Stripe does not list; bad scopes refused', async () => {
    const fake = t.fake()
    const slug = await campaign()
    const created = at('2027-03-05T12:00:00Z')
    const pending = gift({ amount: 2500, currency: 'usd', created, campaign: slug })
    const ghost = gift({ amount: 1500, currency: 'usd', created: created + 60, campaign: slug })
    for (const g of [pending, ghost]) {
      fake.data.objects.set(g.ch, ch(g, g.txn))
      fake.data.objects.set(
        g.txn,
        balance(g.txn, g.ch, { amount: g.amount, fee: 90, currency: 'usd', created: g.created }),
      )
      expect(
        (await post(request, envelope('payment_intent.succeeded', pi(g), g.created))).status,
      ).toBe(200)
    }
    // Stripe lists the first (still pending); the second's transaction is not in its books.
    fake.books.rows.push({
      txn: balance(pending.txn, pending.ch, { amount: 2500, fee: 90, currency: 'usd', created }),
    })
    const r = await call<Report>('POST', '/api/admin/reconciliations', {
      from: '2027-03-01T00:00:00Z',
      to: '2027-04-01T00:00:00Z',
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(codes(r.body)).toEqual(['MISSING_AT_STRIPE', 'NOT_YET_PAID_OUT'])
    expect(r.body.discrepancies.find((d) => d.code === 'MISSING_AT_STRIPE')).toMatchObject({
      balanceTransaction: ghost.txn,
    })
    expect(r.body.stripe).toEqual({ count: 1, gross: 2500, fees: 90, net: 2410 })
    expect(r.body.ledger).toEqual({ count: 1, gross: 2500, fees: 90, net: 2410 })
    for (const bad of [
      { from: '2027-04-01T00:00:00Z', to: '2027-03-01T00:00:00Z' },
      { payout: 'pay_1' },
      { from: 'yesterday', to: '2027-03-01T00:00:00Z' },
      { payout: po(), from: '2027-03-01T00:00:00Z' },
    ]) {
      const res = await call<{ error: { code: string } }>('POST', '/api/admin/reconciliations', bad)
      expect(res.status, JSON.stringify(bad)).toBe(422)
      expect(res.body.error.code).toBe('invalid_body')
    }
    expect((await call('GET', '/api/admin/reconciliations/nope')).status).toBe(404)
    expect((await call('POST', '/api/admin/reconciliations/nope/repair')).status).toBe(404)
  })
}

const po = () => sid('po')
