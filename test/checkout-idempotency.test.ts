import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { stripeClient } from '../src/stripe/client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { ADMIN_TOKEN, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

type Fake = Awaited<ReturnType<typeof startFakeStripe>>

const give = (t: TestApp, amount: number, key: string) =>
  t.app.request('/api/campaigns/news/checkout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ amount, interval: 'once' }),
  })

/** Status and body of each answer, in the order the requests were sent. */
const answers = (responses: Response[]) =>
  Promise.all(
    responses.map(async (r) => ({
      status: r.status,
      body: (await r.json()) as { id?: string; url?: string; error?: { code: string } },
    })),
  )

describe('one Idempotency-Key, requests at once', () => {
  let fake: Fake
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeStripe()
  })
  afterAll(async () => {
    await fake.close()
  })
  beforeEach(async () => {
    fake.checkout.calls.length = 0
    fake.checkout.mode = 'ok'
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_idem',
      STRIPE_API_URL: fake.url,
      PUBLIC_URL: 'https://bar.example',
      CHECKOUT_RATE_LIMIT: '1000',
    }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({ env, deps: stripe ? { stripe } : {} })
    const res = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      checkout: { enabled: true },
    })
    expect(res.status).toBe(201)
    return () => t.close()
  })

  it('with 8 different gifts makes exactly one Checkout Session; the others are 409', async () => {
    const amounts = [1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700]
    const got = await answers(await Promise.all(amounts.map((a) => give(t, a, 'race-1'))))
    const won = got.filter((a) => a.status === 200)
    const lost = got.filter((a) => a.status === 409)
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(7)
    for (const l of lost) expect(l.body.error?.code).toBe('idempotency_conflict')
    expect(fake.checkout.calls).toHaveLength(1)
    expect(fake.checkout.sessions.size).toBe(1)
    const [session] = fake.checkout.sessions.values()
    expect(won[0]?.body.id).toBe(session?.id)

    // The winner's gift with the key again: the same answer, and Stripe is not asked again.
    const winner = amounts[got.findIndex((a) => a.status === 200)] as number
    const again = await give(t, winner, 'race-1')
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(won[0]?.body)
    expect(fake.checkout.calls).toHaveLength(1)
    const rows = await t.store.db.selectFrom('checkout_requests').selectAll().execute()
    expect(rows).toEqual([
      expect.objectContaining({
        idempotency_key: 'race-1',
        state: 'done',
        session_id: session?.id,
      }),
    ])
  })

  it('with the same gift 6 times answers one session to all', async () => {
    const got = await answers(
      await Promise.all([1, 2, 3, 4, 5, 6].map(() => give(t, 2500, 'same'))),
    )
    expect(got.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(got.map((a) => a.body.id)).size).toBe(1)
    expect(fake.checkout.calls).toHaveLength(1)
  })

  it('gives the key back when Stripe fails, so the same gift can be tried again', async () => {
    fake.checkout.mode = 'error'
    const failed = await answers(await Promise.all([2500, 2500].map((a) => give(t, a, 'flaky'))))
    expect(failed.every((a) => a.status === 502 || a.status === 409)).toBe(true)
    expect(await t.store.db.selectFrom('checkout_requests').selectAll().execute()).toEqual([])
    fake.checkout.mode = 'ok'
    const ok = await give(t, 2500, 'flaky')
    expect(ok.status).toBe(200)
  })
})
