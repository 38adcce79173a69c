import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { sessionFixture, subscriptionFixture } from '../src/demo/stripe-fixtures.js'
import { checkLinkToken, LINK_TTL_S, linkToken, manageKeys } from '../src/manage/keys.js'
import { emailOf } from '../src/manage/service.js'
import { readSession, SESSION_ID } from '../src/stripe/checkout-read.js'
import { isCampaignGift } from '../src/stripe/portal.js'

// The pure parts after the gift: what a Checkout Session says (Stripe's fixture, as
// src/demo/stripe-fixtures.ts keeps it from fixtures3.json), which subscriptions are a
// campaign's gifts, and the manage links' tokens.

/** A completed, paid session of campaign news, as src/stripe/checkout.ts makes them. */
function session(over: Partial<Stripe.Checkout.Session> = {}): Stripe.Checkout.Session {
  return {
    ...sessionFixture,
    status: 'complete',
    payment_status: 'paid',
    mode: 'payment',
    amount_total: 2606,
    currency: 'usd',
    metadata: { campaign: 'news', interval: 'once', gift: '2500', cover: '106' },
    ...over,
  }
}

describe('readSession', () => {
  it('reads the amount charged, the currency, the interval and the fee cover', () => {
    expect(readSession(session(), 'news')).toEqual({
      kind: 'gift',
      gift: { amount: 2606, currency: 'USD', interval: 'once', cover: 106, pending: false },
    })
    const yearly = session({
      mode: 'subscription',
      metadata: { campaign: 'news', interval: 'year', gift: '2606', cover: '0' },
    })
    expect(readSession(yearly, 'news')).toMatchObject({ gift: { interval: 'year', cover: 0 } })
    // Before yearly gifts a subscription session carried no interval: it was monthly.
    const old = session({ mode: 'subscription', metadata: { campaign: 'news' } })
    expect(readSession(old, 'news')).toMatchObject({ gift: { interval: 'month', cover: 0 } })
    const monthly = session({
      mode: 'subscription',
      metadata: { campaign: 'news', interval: 'month' },
    })
    expect(readSession(monthly, 'news')).toMatchObject({ gift: { interval: 'month' } })
    // A payment-mode session is one gift, whatever its metadata says.
    const once = session({ metadata: { campaign: 'news', interval: 'month' } })
    expect(readSession(once, 'news')).toMatchObject({ gift: { interval: 'once' } })
  })

  it('shows a fee cover only when gift and cover add up to the amount charged', () => {
    const cases: Stripe.Metadata[] = [
      { campaign: 'news', gift: '2500', cover: '105' },
      { campaign: 'news', gift: '2500' },
      { campaign: 'news', gift: '2500', cover: '1e2' },
      { campaign: 'news', gift: '-1', cover: '2607' },
    ]
    for (const metadata of cases) {
      expect(readSession(session({ metadata }), 'news'), JSON.stringify(metadata)).toMatchObject({
        gift: { amount: 2606, cover: 0 },
      })
    }
  })

  it('tells a delayed payment from a paid one', () => {
    const delayed = session({ payment_status: 'unpaid' })
    expect(readSession(delayed, 'news')).toMatchObject({ gift: { pending: true } })
    const free = session({ payment_status: 'no_payment_required' })
    expect(readSession(free, 'news')).toMatchObject({ gift: { pending: false } })
  })

  it("reads another campaign's session, or one of no gift, as not found; an open one as unpaid", () => {
    expect(readSession(session(), 'radio')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ metadata: null }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ metadata: {} }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ mode: 'setup' }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ amount_total: null }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ currency: null }), 'news')).toEqual({ kind: 'not_found' })
    for (const status of ['open', 'expired', null] as const) {
      expect(readSession(session({ status }), 'news')).toEqual({ kind: 'unpaid' })
    }
    // Another campaign's open session is not found either: nothing about it is said.
    expect(readSession(session({ status: 'open' }), 'radio')).toEqual({ kind: 'not_found' })
  })

  it('knows what a session id looks like', () => {
    expect(SESSION_ID.test(sessionFixture.id)).toBe(true)
    expect(SESSION_ID.test('cs_live_a1B2')).toBe(true)
    for (const bad of ['', 'cs_test_', 'pi_123', 'cs_test_a/../b', 'cs_prod_abc', ' cs_test_a']) {
      expect(SESSION_ID.test(bad), bad).toBe(false)
    }
  })
})

describe('isCampaignGift', () => {
  const sub = (status: Stripe.Subscription.Status, metadata: Stripe.Metadata) =>
    ({ ...subscriptionFixture, status, metadata }) as Stripe.Subscription
  const news = { slug: 'news', isDefault: false }

  it('counts the campaign’s subscriptions that were paid once, ended ones too', () => {
    for (const s of ['active', 'past_due', 'unpaid', 'paused', 'canceled', 'trialing'] as const) {
      expect(isCampaignGift(sub(s, { campaign: 'news' }), news), s).toBe(true)
    }
    for (const s of ['incomplete', 'incomplete_expired'] as const) {
      expect(isCampaignGift(sub(s, { campaign: 'news' }), news), s).toBe(false)
    }
  })

  it("leaves out other campaigns' subscriptions; one without a campaign is the default's", () => {
    expect(isCampaignGift(sub('active', { campaign: 'radio' }), news)).toBe(false)
    expect(isCampaignGift(sub('active', {}), news)).toBe(false)
    expect(isCampaignGift(sub('active', {}), { ...news, isDefault: true })).toBe(true)
    expect(isCampaignGift(sub('active', { campaign: 'radio' }), { ...news, isDefault: true })).toBe(
      false,
    )
  })
})

describe('manage link tokens', () => {
  const KEY = 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE='
  const NOW = 1_800_000_000

  it('open the portal for their customer and campaign until the hour is over', async () => {
    const keys = await manageKeys(KEY)
    const token = await linkToken(keys, 'news', 'cus_Abc123', NOW)
    expect(token).toMatch(new RegExp(`^cus_Abc123\\.${NOW + LINK_TTL_S}\\.[A-Za-z0-9_-]{43}$`))
    const ok = { ok: true, customer: 'cus_Abc123' }
    expect(await checkLinkToken(keys, 'news', token, NOW)).toEqual(ok)
    expect(await checkLinkToken(keys, 'news', token, NOW + LINK_TTL_S - 1)).toEqual(ok)
    expect(await checkLinkToken(keys, 'news', token, NOW + LINK_TTL_S)).toEqual({
      ok: false,
      reason: 'expired',
    })
    expect(await checkLinkToken(keys, 'radio', token, NOW)).toEqual({ ok: false, reason: 'forged' })
  })

  it('refuse anything not signed under this key for this purpose', async () => {
    const keys = await manageKeys(KEY)
    const other = await manageKeys('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')
    const token = await linkToken(keys, 'news', 'cus_Abc123', NOW)
    const [customer, exp, mac] = token.split('.')
    // The form key and the recipient key sign the same text to something else.
    const text = `manage-portal\nnews\n${customer}\n${exp}`
    expect(await keys.form(text)).not.toBe(mac)
    expect(await keys.recipient(text)).not.toBe(mac)
    for (const bad of [
      await linkToken(other, 'news', 'cus_Abc123', NOW),
      `cus_Abc124.${exp}.${mac}`,
      `${customer}.${Number(exp) + 1}.${mac}`,
      `${customer}.${exp}.${mac}.x`,
      `${customer}.${exp}.`,
      `cus_.${exp}.${mac}`,
      `cus_Abc123.-1.${mac}`,
      '',
    ]) {
      expect(await checkLinkToken(keys, 'news', bad, NOW), bad).toEqual({
        ok: false,
        reason: 'forged',
      })
    }
    // A forged token is never called expired, even long after.
    const late = `cus_Abc124.${exp}.${mac}`
    expect(await checkLinkToken(keys, 'news', late, NOW + 10 * LINK_TTL_S)).toEqual({
      ok: false,
      reason: 'forged',
    })
  })
})

describe("the manage form's address", () => {
  it('takes one plain address, trimmed', () => {
    for (const ok of ['ana@example.org', 'a.b+gifts@news.example.co.uk', 'jürgen@bücher.de']) {
      expect(emailOf(` ${ok}\n`), ok).toBe(ok)
    }
  })

  it('refuses lists, display names, quotes, spaces and what is not an address', () => {
    for (const bad of [
      'a@b.c,victim@example.org',
      'a@b.c;victim@example.org',
      'Ana <ana@example.org>',
      '"ana"@example.org',
      'an a@example.org',
      'ana@example',
      'ana@@example.org',
      '@example.org',
      'ana@.org',
      `${'a'.repeat(65)}@example.org`,
      `ana@${'b'.repeat(250)}.org`,
      '',
    ]) {
      expect(emailOf(bad), bad).toBeNull()
    }
  })
})
