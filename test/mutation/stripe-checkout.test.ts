import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import {
  checkoutLocale,
  createCheckoutSession,
  type GiftRequest,
  sessionParams,
} from '../../src/stripe/checkout.js'
import { readSession, retrieveSession } from '../../src/stripe/checkout-read.js'
import { accountOfReason, stripeMode } from '../../src/stripe/setup.js'
import { consentedName, wallFields } from '../../src/stripe/wall-fields.js'

/**
 * The checkout side of src/stripe, field by field: the Checkout Session a gift becomes (what the
 * reader pays, and what the webhooks later read back to count it), the thank-you page's reading
 * of a finished session, the donor wall's fields and the mode the service counts.
 */

const gift: GiftRequest = {
  campaign: { slug: 'the news', name: 'The News', currency: 'EUR' },
  amount: 2500,
  cover: 110,
  interval: 'once',
  baseUrl: 'https://give.example.org',
  locale: 'de',
}
const page = 'https://give.example.org/donate/the%20news'

describe('sessionParams', () => {
  it('makes a one-off gift a payment of the gift and its cover, campaign on the PaymentIntent', () => {
    expect(sessionParams(gift)).toEqual({
      metadata: { campaign: 'the news', interval: 'once', gift: '2500', cover: '110' },
      submit_type: 'donate',
      success_url: `${page}/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: page,
      locale: 'de',
      custom_fields: wallFields('de'),
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'eur',
            unit_amount: 2610,
            product_data: { name: 'Gift to The News' },
          },
        },
      ],
      payment_intent_data: { metadata: { campaign: 'the news' } },
    })
  })

  it.each([
    ['month', 'Monthly'],
    ['year', 'Yearly'],
  ] as const)('makes a %s gift a subscription, campaign on the Subscription', (interval, every) => {
    const { cover: _, locale: __, ...plain } = gift
    expect(sessionParams({ ...plain, interval })).toEqual({
      metadata: { campaign: 'the news', interval, gift: '2500', cover: '0' },
      submit_type: 'donate',
      success_url: `${page}/thanks?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: page,
      custom_fields: wallFields(undefined),
      mode: 'subscription',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: 'eur',
            unit_amount: 2500,
            recurring: { interval },
            product_data: { name: `${every} gift to The News` },
          },
        },
      ],
      subscription_data: { metadata: { campaign: 'the news' } },
    })
  })
})

describe('checkoutLocale', () => {
  it('passes a locale Stripe knows, else its language, else auto', () => {
    expect(checkoutLocale('pt-BR')).toBe('pt-BR')
    expect(checkoutLocale('fr')).toBe('fr')
    expect(checkoutLocale('de-AT')).toBe('de')
    expect(checkoutLocale('xx-YY')).toBe('auto')
    expect(checkoutLocale('')).toBe('auto')
  })
})

/** A Stripe client whose one method answers `reply` and records what it was asked. */
function fakeStripe(reply: (id: string) => unknown) {
  const calls: unknown[][] = []
  const answer = async (...args: unknown[]) => {
    calls.push(args)
    const r = reply(String(args[0]))
    if (r instanceof Error) throw r
    return r
  }
  const stripe = {
    checkout: { sessions: { create: answer, retrieve: answer } },
  } as unknown as Stripe
  return { stripe, calls }
}

describe('createCheckoutSession', () => {
  const params = sessionParams(gift)

  it('sends the idempotency key and the connected account when given, with the timeout', async () => {
    const { stripe, calls } = fakeStripe(() => ({ id: 'cs_test_1', url: 'https://pay/1' }))
    expect(
      await createCheckoutSession(stripe, params, {
        idempotencyKey: 'k1',
        timeoutMs: 4000,
        stripeAccount: 'acct_1',
      }),
    ).toEqual({ id: 'cs_test_1', url: 'https://pay/1' })
    expect(calls[0]).toEqual([
      params,
      { idempotencyKey: 'k1', stripeAccount: 'acct_1', timeout: 4000, maxNetworkRetries: 1 },
    ])
    await createCheckoutSession(stripe, params, { timeoutMs: 10, stripeAccount: null })
    expect(calls[1]).toEqual([params, { timeout: 10, maxNetworkRetries: 1 }])
  })

  it('refuses a session Stripe returned without a url', async () => {
    const { stripe } = fakeStripe(() => ({ id: 'cs_test_2', url: null }))
    await expect(createCheckoutSession(stripe, params, { timeoutMs: 10 })).rejects.toThrow(
      'Stripe returned session cs_test_2 without a url',
    )
  })
})

const session = (over: Partial<Stripe.Checkout.Session> = {}) =>
  ({
    id: 'cs_test_1',
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 2610,
    currency: 'eur',
    metadata: { campaign: 'news', interval: 'once', gift: '2500', cover: '110' },
    ...over,
  }) as Stripe.Checkout.Session

describe('readSession', () => {
  it('reads a paid one-off gift with its cover', () => {
    expect(readSession(session(), 'news')).toEqual({
      kind: 'gift',
      gift: { amount: 2610, currency: 'EUR', interval: 'once', cover: 110, pending: false },
    })
  })

  it('tells a delayed payment, and a subscription by its interval (monthly when unsaid)', () => {
    const sub = (interval?: string) =>
      readSession(
        session({
          mode: 'subscription',
          payment_status: 'unpaid',
          metadata: { campaign: 'news', ...(interval ? { interval } : {}) },
        }),
        'news',
      )
    expect(sub('year')).toMatchObject({ gift: { interval: 'year', pending: true, cover: 0 } })
    expect(sub('month')).toMatchObject({ gift: { interval: 'month' } })
    expect(sub()).toMatchObject({ gift: { interval: 'month' } })
  })

  it('counts no cover that does not add up to what was charged, or is not a number', () => {
    const cover = (meta: Record<string, string>) =>
      readSession(session({ metadata: { campaign: 'news', ...meta } }), 'news')
    expect(cover({ gift: '2500', cover: '111' })).toMatchObject({ gift: { cover: 0 } })
    expect(cover({ gift: '2500' })).toMatchObject({ gift: { cover: 0 } })
    expect(cover({ cover: '110' })).toMatchObject({ gift: { cover: 0 } })
    expect(cover({ gift: '2500', cover: '1.1e2' })).toMatchObject({ gift: { cover: 0 } })
    expect(cover({ gift: '-2500', cover: '5110' })).toMatchObject({ gift: { cover: 0 } })
    expect(cover({ gift: '2610', cover: '0' })).toMatchObject({ gift: { cover: 0 } })
  })

  it('hides sessions of another campaign, of no gift, and tells unpaid ones', () => {
    expect(readSession(session(), 'radio')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ metadata: null }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ mode: 'setup' }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ status: 'open' }), 'news')).toEqual({ kind: 'unpaid' })
    expect(readSession(session({ status: 'expired' }), 'news')).toEqual({ kind: 'unpaid' })
    expect(readSession(session({ amount_total: null }), 'news')).toEqual({ kind: 'not_found' })
    expect(readSession(session({ currency: null }), 'news')).toEqual({ kind: 'not_found' })
  })
})

describe('retrieveSession', () => {
  it('asks on the given account with the timeout, and reads a 404 as no session', async () => {
    const missing = Object.assign(new Error('No such checkout.session'), { statusCode: 404 })
    const { stripe, calls } = fakeStripe((id) => (id === 'cs_test_gone' ? missing : session()))
    expect(
      await retrieveSession(stripe, 'cs_test_1', { stripeAccount: 'acct_1', timeoutMs: 500 }),
    ).toEqual(session())
    expect(calls[0]).toEqual([
      'cs_test_1',
      undefined,
      { stripeAccount: 'acct_1', timeout: 500, maxNetworkRetries: 1 },
    ])
    expect(await retrieveSession(stripe, 'cs_test_gone', { timeoutMs: 500 })).toBeNull()
  })

  it('throws any other failure', async () => {
    const down = Object.assign(new Error('Stripe is down'), { statusCode: 500 })
    const { stripe } = fakeStripe(() => down)
    await expect(retrieveSession(stripe, 'cs_test_1', { timeoutMs: 500 })).rejects.toBe(down)
  })
})

describe('the donor wall on Checkout', () => {
  it('asks for a name and a consent that defaults to no, in the page language', () => {
    const [name, consent] = wallFields('fr-CA')
    expect(name).toEqual({
      key: 'wallname',
      type: 'text',
      optional: true,
      label: { type: 'custom', custom: 'Nom sur notre mur des soutiens (facultatif)' },
      text: { maximum_length: 40 },
    })
    expect(consent).toEqual({
      key: 'wallconsent',
      type: 'dropdown',
      optional: false,
      label: { type: 'custom', custom: 'Afficher ce nom publiquement ?' },
      dropdown: {
        default_value: 'no',
        options: [
          { label: 'Non', value: 'no' },
          { label: 'Oui, l’afficher', value: 'yes' },
        ],
      },
    })
    expect(wallFields('auto')).toEqual(wallFields('en'))
    expect(wallFields(undefined)).toEqual(wallFields('en'))
    expect(wallFields('en')[0]?.label.custom).toBe('Name on our supporters wall (optional)')
  })

  it('shows a name only with an explicit yes', () => {
    const fields = (consent: string | null, name: string | null) =>
      [
        { key: 'wallname', type: 'text', text: { value: name } },
        { key: 'wallconsent', type: 'dropdown', dropdown: { value: consent } },
      ] as unknown as Stripe.Checkout.Session.CustomField[]
    expect(consentedName(fields('yes', '  Ada  Lovelace '))).toBe('Ada Lovelace')
    expect(consentedName(fields('no', 'Ada'))).toBeNull()
    expect(consentedName(fields(null, 'Ada'))).toBeNull()
    expect(consentedName(fields('yes', null))).toBeNull()
    expect(consentedName(null)).toBeNull()
    expect(consentedName(undefined)).toBeNull()
  })
})

describe('the mode the service counts', () => {
  it('is live, test, or both with a warning', () => {
    expect(stripeMode({ stripeLivemode: true, stripeModeSource: 'key' })).toMatchObject({
      mode: 'live',
      source: 'key',
      warning: null,
    })
    expect(stripeMode({ stripeLivemode: false, stripeModeSource: 'setting' })).toMatchObject({
      mode: 'test',
      warning: null,
    })
    const both = stripeMode({ stripeLivemode: undefined, stripeModeSource: 'none' })
    expect(both.mode).toBe('both')
    expect(both.warning).toMatch(/^Neither STRIPE_LIVEMODE nor STRIPE_SECRET_KEY is set/)
  })

  it('reads the account an unknown-account reason names', () => {
    expect(accountOfReason('Connected account acct_1Ab is named by no campaign')).toBe('acct_1Ab')
    expect(accountOfReason('livemode true')).toBeNull()
  })
})
