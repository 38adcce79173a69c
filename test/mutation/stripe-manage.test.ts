import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { changeGiftAmount, listCampaignGifts, managedGift } from '../../src/stripe/gifts.js'
import { createPortalSession, findDonorCustomers, isCampaignGift } from '../../src/stripe/portal.js'

/**
 * src/stripe/gifts.ts and portal.ts: which subscriptions a donor can manage and what changing one
 * sends to Stripe (shapes from the stripe package's Subscriptions.d.ts and Prices.d.ts).
 */

const item = (over: Record<string, unknown> = {}, price: Record<string, unknown> = {}) => ({
  id: 'si_1',
  quantity: 1,
  price: {
    id: 'price_1',
    product: 'prod_1',
    currency: 'eur',
    unit_amount: 1500,
    recurring: { interval: 'month', interval_count: 1 },
    ...price,
  },
  ...over,
})
const sub = (over: Record<string, unknown> = {}, items: unknown[] = [item()]) =>
  ({
    id: 'sub_1',
    object: 'subscription',
    customer: 'cus_1',
    status: 'active',
    currency: 'eur',
    metadata: { campaign: 'news' },
    items: { object: 'list', data: items },
    ...over,
  }) as unknown as Stripe.Subscription
const news = { slug: 'news', isDefault: false }
const monthly = {
  id: 'sub_1',
  item: 'si_1',
  price: 'price_1',
  product: 'prod_1',
  currency: 'eur',
  interval: 'month',
  amount: 1500,
}

describe('managedGift', () => {
  it('reads a one-item monthly or yearly subscription', () => {
    expect(managedGift(sub())).toEqual(monthly)
    expect(
      managedGift(
        sub({}, [
          item(
            {},
            { recurring: { interval: 'year', interval_count: 1 }, product: { id: 'prod_2' } },
          ),
        ]),
      ),
    ).toEqual({ ...monthly, interval: 'year', product: 'prod_2' })
    expect(managedGift(sub({}, [item({ quantity: null })]))).toEqual(monthly)
  })

  it.each<[string, Stripe.Subscription]>([
    ['no item', sub({}, [])],
    ['two items', sub({}, [item(), item({ id: 'si_2' })])],
    [
      'a price every two months',
      sub({}, [item({}, { recurring: { interval: 'month', interval_count: 2 } })]),
    ],
    ['a weekly price', sub({}, [item({}, { recurring: { interval: 'week', interval_count: 1 } })])],
    ['a one-off price', sub({}, [item({}, { recurring: null })])],
    ['a price with no unit amount (tiers)', sub({}, [item({}, { unit_amount: null })])],
    ['a quantity of two', sub({}, [item({ quantity: 2 })])],
  ])('leaves %s to the portal', (_why, s) => {
    expect(managedGift(s)).toBeNull()
  })
})

/** A Stripe client whose list and update methods answer as given and record their calls. */
function fakeStripe(answers: {
  customers?: (email: string) => unknown[]
  subscriptions?: (params: Record<string, unknown>) => unknown[]
  updated?: unknown
  portal?: unknown
}) {
  const calls: [string, ...unknown[]][] = []
  const stripe = {
    customers: {
      list: async (p: { email: string }, o: unknown) => {
        calls.push(['customers.list', p, o])
        return { data: answers.customers?.(p.email) ?? [] }
      },
    },
    subscriptions: {
      list: async (p: Record<string, unknown>, o: unknown) => {
        calls.push(['subscriptions.list', p, o])
        return { data: answers.subscriptions?.(p) ?? [] }
      },
      update: async (id: string, p: unknown, o: unknown) => {
        calls.push(['subscriptions.update', id, p, o])
        return answers.updated
      },
    },
    billingPortal: {
      sessions: {
        create: async (p: unknown, o: unknown) => {
          calls.push(['billingPortal.sessions.create', p, o])
          return answers.portal
        },
      },
    },
  } as unknown as Stripe
  return { stripe, calls }
}

describe('listCampaignGifts', () => {
  it("lists the customer's active gifts to the campaign that the page can change", async () => {
    const { stripe, calls } = fakeStripe({
      subscriptions: () => [
        sub(),
        sub({ id: 'sub_other', metadata: { campaign: 'radio' } }),
        sub({ id: 'sub_someone', customer: 'cus_2' }),
        sub({ id: 'sub_two' }, [item(), item({ id: 'si_2' })]),
      ],
    })
    expect(
      await listCampaignGifts(stripe, 'cus_1', news, { stripeAccount: 'acct_1', timeoutMs: 900 }),
    ).toEqual([monthly])
    expect(calls).toEqual([
      [
        'subscriptions.list',
        { customer: 'cus_1', status: 'active', limit: 100 },
        { stripeAccount: 'acct_1', timeout: 900, maxNetworkRetries: 2 },
      ],
    ])
  })
})

describe('changeGiftAmount', () => {
  it('replaces the price from the next renewal on, with no proration', async () => {
    const { stripe, calls } = fakeStripe({ updated: sub({}, [item({}, { unit_amount: 2000 })]) })
    const changed = await changeGiftAmount(
      stripe,
      monthly as Parameters<typeof changeGiftAmount>[1],
      2000,
      {
        timeoutMs: 700,
        idempotencyKey: 'idem-1',
      },
    )
    expect(changed).toEqual({ ...monthly, amount: 2000 })
    expect(calls).toEqual([
      [
        'subscriptions.update',
        'sub_1',
        {
          items: [
            {
              id: 'si_1',
              price_data: {
                currency: 'eur',
                product: 'prod_1',
                unit_amount: 2000,
                recurring: { interval: 'month' },
              },
            },
          ],
          proration_behavior: 'none',
        },
        { idempotencyKey: 'idem-1', timeout: 700, maxNetworkRetries: 1 },
      ],
    ])
  })
})

describe('isCampaignGift', () => {
  it('counts paid subscriptions of the campaign, and unnamed ones for the default campaign', () => {
    expect(isCampaignGift(sub(), news)).toBe(true)
    expect(isCampaignGift(sub({ status: 'canceled' }), news)).toBe(true)
    expect(isCampaignGift(sub({ status: 'past_due' }), news)).toBe(true)
    expect(isCampaignGift(sub({ status: 'incomplete' }), news)).toBe(false)
    expect(isCampaignGift(sub({ status: 'incomplete_expired' }), news)).toBe(false)
    expect(isCampaignGift(sub({ metadata: { campaign: 'radio' } }), news)).toBe(false)
    expect(isCampaignGift(sub({ metadata: {} }), news)).toBe(false)
    expect(isCampaignGift(sub({ metadata: {} }), { ...news, isDefault: true })).toBe(true)
    expect(isCampaignGift(sub({ metadata: null }), { ...news, isDefault: true })).toBe(true)
    expect(isCampaignGift(sub(), { slug: 'radio', isDefault: true })).toBe(false)
  })
})

describe('findDonorCustomers', () => {
  it('finds customers by the e-mail as typed and in lower case, with their gifts', async () => {
    const { stripe, calls } = fakeStripe({
      customers: (email) =>
        email === 'Ada@Example.org'
          ? [{ id: 'cus_1' }]
          : [{ id: 'cus_1' }, { id: 'cus_2' }, { id: 'cus_3' }],
      subscriptions: (p) =>
        p.customer === 'cus_1'
          ? [
              sub({ currency: 'eur' }, [item({ quantity: 2 }), item({}, { unit_amount: null })]),
              sub({ metadata: { campaign: 'radio' } }),
            ]
          : p.customer === 'cus_2'
            ? [sub({ status: 'incomplete' })]
            : [sub({ currency: 'usd' }, [item({ quantity: null }, { unit_amount: 700 })])],
    })
    expect(
      await findDonorCustomers(stripe, 'Ada@Example.org', news, { stripeAccount: 'acct_1' }),
    ).toEqual([
      { customer: 'cus_1', gifts: [{ amount: 3000, currency: 'EUR' }] },
      { customer: 'cus_3', gifts: [{ amount: 700, currency: 'USD' }] },
    ])
    const request = { stripeAccount: 'acct_1', maxNetworkRetries: 2 }
    expect(calls.slice(0, 3)).toEqual([
      ['customers.list', { email: 'Ada@Example.org', limit: 100 }, request],
      ['customers.list', { email: 'ada@example.org', limit: 100 }, request],
      ['subscriptions.list', { customer: 'cus_1', status: 'all', limit: 100 }, request],
    ])
    expect(calls).toHaveLength(5)
  })

  it('asks once when the e-mail is already in lower case', async () => {
    const { stripe, calls } = fakeStripe({})
    expect(await findDonorCustomers(stripe, 'ada@example.org', news, {})).toEqual([])
    expect(calls).toEqual([
      ['customers.list', { email: 'ada@example.org', limit: 100 }, { maxNetworkRetries: 2 }],
    ])
  })
})

describe('createPortalSession', () => {
  it('opens the portal for the customer, returning to the page', async () => {
    const { stripe, calls } = fakeStripe({ portal: { url: 'https://billing/1' } })
    expect(
      await createPortalSession(stripe, 'cus_1', 'https://give/manage', { timeoutMs: 800 }),
    ).toBe('https://billing/1')
    expect(calls).toEqual([
      [
        'billingPortal.sessions.create',
        { customer: 'cus_1', return_url: 'https://give/manage' },
        { timeout: 800, maxNetworkRetries: 1 },
      ],
    ])
  })
})
