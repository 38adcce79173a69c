import { expect, it } from 'vitest'
import { at, ch, envelope, gift, pi, post, sid } from './events.js'
import { balance } from './fees.js'
import { admin, type ConfigCase } from './shared.js'

type Report = {
  id: string
  account: string | null
  stripe: { count: number; gross: number; fees: number; net: number }
  discrepancies: { code: string; balanceTransaction: string | null }[]
}

/**
 * Issue 21 §2, "with connected accounts each account is reconciled on its own": a connected
 * account's payout is listed with its Stripe-Account header only (the platform's books under the
 * same payout id are never read for it), and the repair fetches the missing money from that
 * account and counts it in the account's campaign. Over HTTP, against the fake Stripe.
 */
export function reconcileConnectCases(t: ConfigCase) {
  const { request, campaign } = t
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await request(path, {
      method,
      headers: admin,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as T }
  }
  const seen = (from: number, path: RegExp) => {
    const fake = t.fake()
    return fake.requests
      .map((r, i) => ({ r, account: fake.accounts[i] }))
      .slice(from)
      .filter((x) => path.test(x.r))
  }

  it("Connect: a connected account's payout is reconciled on its own, and its repair fetches and counts the money on that account", async () => {
    const fake = t.fake()
    const acc = sid('acct')
    const slug = await campaign({ stripeAccount: acc })
    const own = await campaign()
    const created = at('2027-02-10T15:00:00Z')
    const po = sid('po')
    const g = gift({ amount: 3000, currency: 'usd', created, campaign: slug })
    const txn = balance(g.txn, g.ch, { amount: 3000, fee: 117, currency: 'usd', created })
    fake.data.objects.set(`${acc}:${g.pi}`, pi(g))
    fake.data.objects.set(`${acc}:${g.ch}`, ch(g, g.txn))
    fake.data.objects.set(`${acc}:${g.txn}`, txn)
    const payout = (amount: number) => ({
      id: po,
      object: 'payout',
      amount,
      arrival_date: created + 86400 * 2,
      currency: 'usd',
      status: 'paid',
    })
    fake.data.objects.set(`${acc}:${po}`, payout(txn.net))
    fake.books.rows.push({ txn, payout: po, account: acc })
    // The platform's books under the same payout id: another charge, another amount.
    fake.data.objects.set(po, payout(999))
    fake.books.rows.push({
      txn: balance(sid('txn'), sid('ch'), { amount: 999, fee: 0, currency: 'usd', created }),
      payout: po,
    })

    const from = fake.requests.length
    const r = await call<Report>('POST', '/api/admin/reconciliations', { payout: po, account: acc })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.account).toBe(acc)
    expect(r.body.discrepancies.map((d) => [d.code, d.balanceTransaction])).toEqual([
      ['MISSING_IN_LEDGER', g.txn],
    ])
    expect(r.body.stripe).toEqual({ count: 1, gross: 3000, fees: 117, net: 2883 })
    const read = seen(from, /^GET \/v1\/(balance_transactions|payouts\/)/)
    expect(read.length).toBeGreaterThanOrEqual(2)
    expect(read.filter((x) => x.account !== acc)).toEqual([])

    const before = fake.requests.length
    const repair = await call<{ repaired: { code: string }[]; failed: unknown[] }>(
      'POST',
      `/api/admin/reconciliations/${r.body.id}/repair`,
    )
    expect(repair.status, JSON.stringify(repair.body)).toBe(200)
    expect(repair.body.failed).toEqual([])
    expect(repair.body.repaired.map((x) => x.code)).toEqual(['MISSING_IN_LEDGER'])
    const fetched = seen(before, /^GET \/v1\/(charges|payment_intents)\//)
    expect(fetched.length).toBeGreaterThan(0)
    expect(fetched.filter((x) => x.account !== acc)).toEqual([])
    expect(await t.progress(slug, '2027-02')).toMatchObject({ pledged: 3000, donations: 1 })
    expect(await t.progress(own, '2027-02')).toMatchObject({ pledged: 0, donations: 0 })
    const again = await call<Report>('POST', '/api/admin/reconciliations', {
      payout: po,
      account: acc,
    })
    expect(again.body.discrepancies).toEqual([])

    // The account's payout.reconciliation_completed starts a run of its payout on that account.
    type Summary = {
      id: string
      account: string | null
      scope: unknown
      status: string
      open: number
    }
    const newest = async () =>
      (await call<{ runs: Summary[] }>('GET', '/api/admin/reconciliations?limit=1')).body.runs[0]
    const last = (await newest())?.id
    const completed = envelope('payout.reconciliation_completed', payout(txn.net), created, {
      account: acc,
    })
    expect((await post(request, completed)).status).toBe(200)
    let started: Summary | undefined
    for (
      let i = 0;
      i < 100 && (!started || started.id === last || started.status !== 'done');
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100))
      started = await newest()
    }
    expect(started?.id).not.toBe(last)
    expect(started).toMatchObject({ account: acc, scope: { payout: po }, status: 'done', open: 0 })
  })
}
