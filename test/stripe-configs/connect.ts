import type Stripe from 'stripe'
import { expect, it } from 'vitest'
import { connectLookupCases } from './connect-api.js'
import { at, deliver, envelope, gift, paid, post, re, sid, subscription } from './events.js'
import { admin, type ConfigCase, SEEDS } from './shared.js'

type Setup = {
  notices: { kind: string; reason: string; count: number }[]
  ignoredAccounts: { account: string; count: number; lastAt: string; campaigns: string[] }[]
}

/**
 * Stripe Connect (issue 20, part 4): events with `account` come from a connected account and
 * count only to the campaigns that name it, the platform's own only to campaigns that name none;
 * an account no campaign names is ignored and listed. Every case under shuffled, duplicated
 * delivery, on each runtime.
 */
export function connectCases(t: ConfigCase) {
  const { request, campaign, progress } = t
  const json = async <T>(path: string, init: RequestInit = {}) => {
    const res = await request(path, { ...init, headers: admin })
    return { status: res.status, body: (await res.json()) as T }
  }
  const setup = async () => (await json<Setup>('/api/admin/stripe/setup')).body
  const campaigns = async () =>
    (await json<{ campaigns: { slug: string; isDefault: boolean }[] }>('/api/admin/campaigns')).body
      .campaigns

  it("Connect: each account's money counts only to its own campaigns (metadata chooses among them, else its default or oldest); the platform's only to the platform's", async () => {
    for (const seed of SEEDS) {
      const accA = sid('acct')
      const accB = sid('acct')
      const a = await campaign({ stripeAccount: accA })
      const b = await campaign({ stripeAccount: accB })
      const b2 = await campaign({ stripeAccount: accB })
      const platform = await campaign({ isDefault: true })
      const created = at('2026-08-10T15:00:00Z')
      const onA = { account: accA }
      const onB = { account: accB }
      const g = (amount: number, named: string) =>
        gift({ amount, currency: 'usd', created, campaign: named })
      const fromA = g(1000, a)
      const fromAGhost = g(50, 'no-such-campaign')
      const fromBNamingA = g(2000, a)
      const fromBNamingB2 = g(400, b2)
      const fromBNamingPlatform = g(800, platform)
      const platformNamingA = g(3000, a)
      const nullNamingA = g(500, a)
      const later = created + 3600
      const refund = re(fromBNamingA, sid('re'), 500, null, later)
      const monthlyFromB = g(700, a)
      const events: Stripe.Event[] = [
        ...paid(fromA, onA),
        ...paid(fromAGhost, onA),
        ...paid(fromBNamingA, onB),
        ...paid(fromBNamingB2, onB),
        ...paid(fromBNamingPlatform, onB),
        ...paid(platformNamingA),
        // Stripe leaves `account` out for the platform's own events; null reads the same.
        ...paid(nullNamingA).map((e) => ({ ...e, account: null }) as unknown as Stripe.Event),
        envelope('refund.created', refund, later, onB),
        envelope(
          'customer.subscription.created',
          subscription(monthlyFromB, sid('sub')),
          created,
          onB,
        ),
      ]
      const statuses = await deliver(request, events, seed)
      expect(statuses.every((s) => s === 200)).toBe(true)
      const month = '2026-08'
      expect(await progress(a, month)).toMatchObject({
        pledged: 1050,
        donations: 2,
        recurring: { supporters: 0 },
      })
      expect(await progress(b, month)).toMatchObject({
        pledged: 2000 + 800 - 500,
        donations: 2,
        recurring: { supporters: 1, monthly: 700 },
      })
      expect(await progress(b2, month)).toMatchObject({ pledged: 400, donations: 1 })
      expect(await progress(platform, month)).toMatchObject({ pledged: 3500, donations: 2 })
    }
  })

  it("Connect: one default per account: marking a campaign of an account default leaves the platform's alone, and a default moved to the platform replaces the platform's", async () => {
    const acc = sid('acct')
    const oldest = await campaign({ stripeAccount: acc })
    const marked = await campaign({ stripeAccount: acc })
    const platform = await campaign({ isDefault: true })
    const patch = async (slug: string, body: unknown) => {
      const res = await request(`/api/admin/campaigns/${slug}`, {
        method: 'PATCH',
        headers: admin,
        body: JSON.stringify(body),
      })
      expect(res.status, await res.clone().text()).toBe(200)
    }
    await patch(marked, { isDefault: true })
    const flags = async () =>
      Object.fromEntries((await campaigns()).map((c) => [c.slug, c.isDefault]))
    expect(await flags()).toMatchObject({ [oldest]: false, [marked]: true, [platform]: true })
    const created = at('2026-09-03T15:00:00Z')
    const unnamed = gift({ amount: 900, currency: 'usd', created, campaign: 'no-such' })
    expect(
      (await deliver(request, paid(unnamed, { account: acc }), 7)).every((s) => s === 200),
    ).toBe(true)
    expect(await progress(marked, '2026-09')).toMatchObject({ pledged: 900, donations: 1 })
    expect(await progress(oldest, '2026-09')).toMatchObject({ pledged: 0 })
    await patch(marked, { stripeAccount: null })
    expect(await flags()).toMatchObject({ [oldest]: false, [marked]: true, [platform]: false })
  })

  it('Connect: an account no campaign names is ignored, counts nothing and is listed; once a campaign names it, replaying its events counts them once', async () => {
    const acc = sid('acct')
    const fallback = await campaign({ isDefault: true })
    const created = at('2026-10-05T15:00:00Z')
    const g = gift({ amount: 1200, currency: 'usd', created, campaign: fallback })
    const refund = re(g, sid('re'), 200, null, created + 60)
    const events = [
      ...paid(g, { account: acc }),
      envelope('refund.created', refund, created + 60, { account: acc }),
    ]
    const statuses = await deliver(request, events, 11)
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(await progress(fallback, '2026-10')).toMatchObject({ pledged: 0, donations: 0 })
    const before = (await setup()).ignoredAccounts.find((x) => x.account === acc)
    expect(before).toMatchObject({ account: acc, count: 3, campaigns: [] })
    expect(before?.lastAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    const ignored = await json<{ events: { id: string; status: string; error: string }[] }>(
      '/api/admin/stripe/events?status=ignored&limit=500',
    )
    const mine = ignored.body.events.filter((e) => events.some((x) => x.id === e.id))
    expect(mine).toHaveLength(3)
    for (const e of mine)
      expect(e.error).toContain(`Connected account ${acc} is named by no campaign`)

    const named = await campaign({ stripeAccount: acc })
    expect((await setup()).ignoredAccounts.find((x) => x.account === acc)?.campaigns).toEqual([
      named,
    ])
    // Replayed in a shuffled order, each twice: counted once, refund included.
    for (const e of [...events].reverse().concat(events)) {
      const res = await request(`/api/admin/stripe/events/${e.id}/replay`, {
        method: 'POST',
        headers: admin,
      })
      expect(res.status).toBe(200)
    }
    expect(await progress(named, '2026-10')).toMatchObject({ pledged: 1000, donations: 1 })
    expect(await progress(fallback, '2026-10')).toMatchObject({ pledged: 0, donations: 0 })
    expect((await setup()).ignoredAccounts.some((x) => x.account === acc)).toBe(false)
  })

  it("Connect: an account whose campaigns are all archived keeps its money aside; an admin can't assign it to another account's campaign (409), only to its own", async () => {
    const acc = sid('acct')
    const ended = await campaign({ stripeAccount: acc })
    const platform = await campaign({ isDefault: true })
    await request(`/api/admin/campaigns/${ended}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ archived: true }),
    })
    const created = at('2026-11-04T15:00:00Z')
    const g = gift({ amount: 650, currency: 'usd', created, campaign: platform })
    expect((await deliver(request, paid(g, { account: acc }), 5)).every((s) => s === 200)).toBe(
      true,
    )
    expect(await progress(platform, '2026-11')).toMatchObject({ pledged: 0 })
    const aside = await json<{ entries: { paymentRef: string | null; counted: boolean }[] }>(
      '/api/admin/stripe/unattributed',
    )
    expect(aside.body.entries.filter((e) => e.paymentRef === g.pi)).toHaveLength(1)
    const assign = (slug: string) =>
      request('/api/admin/stripe/unattributed/assign', {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ paymentRef: g.pi, campaign: slug }),
      })
    const refused = await assign(platform)
    expect(refused.status).toBe(409)
    const err = (await refused.json()) as { error: { code: string; message: string } }
    expect(err.error).toMatchObject({ code: 'conflict' })
    expect(err.error.message).toContain(`connected account ${acc}`)
    expect(await progress(platform, '2026-11')).toMatchObject({ pledged: 0 })
    const reopened = await campaign({ stripeAccount: acc })
    expect((await assign(reopened)).status).toBe(200)
    expect(await progress(reopened, '2026-11')).toMatchObject({ pledged: 650, donations: 1 })
  })

  it('Connect: an event whose account is not an acct_ id is refused (400 invalid_payload) and counts nothing', async () => {
    const slug = await campaign({ isDefault: true })
    const created = at('2026-12-01T15:00:00Z')
    for (const account of ['acct-1', '', 'ACCT_1', 'acct_', 7]) {
      const g = gift({ amount: 100, currency: 'usd', created, campaign: slug })
      const e = { ...paid(g)[0], account } as unknown as Stripe.Event
      const res = await post(request, e)
      expect(res.status, String(account)).toBe(400)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_payload')
    }
    expect(await progress(slug, '2026-12')).toMatchObject({ pledged: 0, donations: 0 })
  })

  connectLookupCases(t)
}
