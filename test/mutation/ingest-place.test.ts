import { describe, expect, it } from 'vitest'
import {
  Campaigns,
  chooseCampaign,
  fillFact,
  landed,
  linkChain,
  linkClosure,
  mergeFacts,
} from '../../src/ingest/place.js'
import type { StoredFact } from '../../src/store/payments.js'
import { news, paidAt, stored, tokyo } from './ingest-fixtures.js'

// src/ingest/place.ts: where a provider's money goes when its event names no campaign.

const paypalDesk = { ...tokyo, slug: 'desk', sources: ['paypal'] }
const fallback = { ...news, slug: 'main', isDefault: true }

describe('Campaigns.fallback', () => {
  it("gives another provider's money to the campaign that claims it, else the default", () => {
    expect(new Campaigns([fallback, paypalDesk], null, false).fallback('paypal')?.slug).toBe('desk')
    expect(new Campaigns([fallback, tokyo], null, false).fallback('paypal')?.slug).toBe('main')
  })

  it("never takes a claim of Stripe's money: Stripe's default stays", () => {
    const claimsStripe = { ...paypalDesk, sources: ['stripe'] }
    expect(new Campaigns([fallback, claimsStripe]).fallback('stripe')?.slug).toBe('main')
  })

  it('passes over an archived claimant, and one of another account where accounts count', () => {
    const archived = { ...paypalDesk, archived: true }
    expect(new Campaigns([fallback, archived], null, false).fallback('paypal')?.slug).toBe('main')
    const connected = { ...paypalDesk, account: 'acct_1' }
    expect(new Campaigns([fallback, connected], null, true).fallback('paypal')?.slug).toBe('main')
    expect(new Campaigns([fallback, connected], null, false).fallback('paypal')?.slug).toBe('desk')
  })

  it('is no campaign when none claims the provider and none is the default', () => {
    expect(new Campaigns([news], null, false).fallback('paypal')).toBeUndefined()
    expect(
      new Campaigns([{ ...news, sources: [] }], null, false).fallback('paypal'),
    ).toBeUndefined()
  })
})

describe('chooseCampaign for a provider', () => {
  it("takes the money's own campaign, then its facts', then the claimant, saying which", () => {
    const c = new Campaigns([fallback, paypalDesk, news], null, false)
    expect(chooseCampaign(c, 'news', null, 'paypal')).toEqual({
      campaign: news,
      source: 'metadata',
    })
    expect(chooseCampaign(c, null, 'news', 'paypal')).toEqual({ campaign: news, source: 'facts' })
    expect(chooseCampaign(c, null, null, 'paypal')).toEqual({
      campaign: paypalDesk,
      source: 'default',
    })
    expect(chooseCampaign(c, null, null)).toEqual({ campaign: fallback, source: 'default' })
    expect(chooseCampaign(new Campaigns([news]), null, null)).toEqual({
      campaign: null,
      source: 'none',
    })
  })
})

describe('Campaigns.default', () => {
  it("is the platform's marked campaign only, and a connected account's marked or oldest", () => {
    const old = { ...news, slug: 'old', account: 'acct_1', createdAt: '2025-01-01T00:00:00.000Z' }
    const young = {
      ...news,
      slug: 'young',
      account: 'acct_1',
      createdAt: '2026-01-01T00:00:00.000Z',
    }
    expect(new Campaigns([news, tokyo]).default).toBeUndefined()
    expect(new Campaigns([news, fallback]).default?.slug).toBe('main')
    expect(new Campaigns([young, old], 'acct_1').default?.slug).toBe('old')
    expect(new Campaigns([young, { ...old, archived: true }], 'acct_1').default?.slug).toBe('young')
    expect(new Campaigns([old, { ...young, isDefault: true }], 'acct_1').default?.slug).toBe(
      'young',
    )
    // Created at the same time: by slug.
    const twin = { ...old, slug: 'a-twin' }
    expect(new Campaigns([old, twin], 'acct_1').default?.slug).toBe('a-twin')
    expect(new Campaigns([fallback], 'acct_1').default).toBeUndefined()
  })
})

describe('links between objects', () => {
  const links = [
    { paymentRef: 'pi_1', link: 'in_1' },
    { paymentRef: 'in_1', link: 'sub_1' },
    { paymentRef: 'sub_1', link: 'pi_1' },
    { paymentRef: 'pi_2', link: 'in_1' },
    { paymentRef: 'pi_3', link: null },
  ]

  it('follows a payment to its invoice and subscription, once each, however the links loop', () => {
    expect(linkChain('pi_1', links)).toEqual(['pi_1', 'in_1', 'sub_1'])
    expect(linkChain('pi_3', links)).toEqual(['pi_3'])
  })

  it('stops a chain at eight objects', () => {
    const long = Array.from({ length: 12 }, (_, i) => ({
      paymentRef: `o_${i}`,
      link: `o_${i + 1}`,
    }))
    expect(linkChain('o_0', long)).toHaveLength(8)
    expect(linkClosure(['o_0'], long)).toHaveLength(13)
  })

  it('closes over links both ways', () => {
    expect(linkClosure(['pi_2'], links).sort()).toEqual(['in_1', 'pi_1', 'pi_2', 'sub_1'])
    expect(linkClosure(['pi_3'], links)).toEqual(['pi_3'])
  })
})

/** A stored fact that knows nothing but what is given. */
const f = (o: Partial<StoredFact> & Pick<StoredFact, 'paymentRef' | 'source'>): StoredFact => ({
  campaign: null,
  donor: null,
  chargeCreated: null,
  link: null,
  balanceTransaction: null,
  ...o,
})

describe('mergeFacts', () => {
  it("takes the payment's own facts first, a charge's before the rest, then its invoice's and subscription's", () => {
    const facts = [
      f({ paymentRef: 'sub_1', source: 'subscription', campaign: 'sub-camp', donor: 'd_sub' }),
      f({ paymentRef: 'in_1', source: 'invoice', campaign: 'inv-camp', link: 'sub_1' }),
      f({ paymentRef: 'pi_1', source: 'invoice_payment', link: 'in_1' }),
      f({ paymentRef: 'pi_1', source: 'checkout', campaign: 'co-camp' }),
      f({ paymentRef: 'pi_1', source: 'charge', chargeCreated: 7, balanceTransaction: 'txn_1' }),
    ]
    expect(mergeFacts('pi_1', facts)).toEqual({
      campaign: 'co-camp',
      donor: 'd_sub',
      chargeCreated: 7,
      txn: 'txn_1',
    })
    expect(
      mergeFacts(
        'pi_1',
        facts.filter((x) => x.source !== 'checkout'),
      ).campaign,
    ).toBe('inv-camp')
  })

  it("takes the charge time and balance transaction of the payment's own objects only", () => {
    const facts = [
      f({ paymentRef: 'in_1', source: 'invoice', chargeCreated: 9, balanceTransaction: 'txn_in' }),
      f({ paymentRef: 'pi_1', source: 'invoice_payment', link: 'in_1' }),
    ]
    expect(mergeFacts('pi_1', facts)).toEqual({
      campaign: null,
      donor: null,
      chargeCreated: null,
      txn: null,
    })
  })
})

describe('mergeFacts: order and scope', () => {
  it('takes nothing from payments outside the chain', () => {
    expect(
      mergeFacts('pi_1', [f({ paymentRef: 'pi_2', source: 'charge', campaign: 'x', donor: 'd' })]),
    ).toEqual({ campaign: null, donor: null, chargeCreated: null, txn: null })
  })

  it("orders a payment's own facts by source, whatever order they were stored in", () => {
    const own = [
      f({ paymentRef: 'pi_1', source: 'invoice_payment', campaign: 'ip' }),
      f({ paymentRef: 'pi_1', source: 'checkout', campaign: 'co' }),
      f({ paymentRef: 'pi_1', source: 'charge', campaign: 'ch' }),
    ]
    expect(mergeFacts('pi_1', own).campaign).toBe('ch')
    expect(mergeFacts('pi_1', [...own].reverse()).campaign).toBe('ch')
    expect(mergeFacts('pi_1', own.slice(0, 2)).campaign).toBe('co')
    expect(mergeFacts('pi_1', own.slice(0, 2).reverse()).campaign).toBe('co')
  })

  it('takes the charge time and balance transaction from whichever own fact has them', () => {
    const facts = [
      f({ paymentRef: 'pi_1', source: 'checkout' }),
      f({
        paymentRef: 'pi_1',
        source: 'invoice_payment',
        chargeCreated: 7,
        balanceTransaction: 'txn_1',
      }),
    ]
    expect(mergeFacts('pi_1', facts)).toMatchObject({ chargeCreated: 7, txn: 'txn_1' })
  })
})

describe('Campaigns scope', () => {
  it("scopes to the account by default: another account's campaign takes none of this money", () => {
    const theirs = { ...news, account: 'acct_1' }
    expect(new Campaigns([theirs]).active('news')).toBeUndefined()
    expect(new Campaigns([theirs], 'acct_1').active('news')?.slug).toBe('news')
    expect(new Campaigns([theirs], null, false).active('news')?.slug).toBe('news')
  })

  it("places Stripe's money by default, which takes no claim", () => {
    const claims = { ...tokyo, sources: ['stripe'] }
    const main = { ...news, isDefault: true }
    expect(chooseCampaign(new Campaigns([main, claims]), null, null)).toEqual({
      campaign: main,
      source: 'default',
    })
  })
})

describe('landed', () => {
  const c = new Campaigns([news, tokyo])
  const pay = stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment' })

  it('is where the payment was moved to, else where it landed, else nowhere', () => {
    expect(landed(c, [], 'pi_1')).toBeUndefined()
    expect(landed(c, [pay], 'pi_1')).toEqual({
      campaign: news,
      month: '2026-03',
      paymentCreated: paidAt,
      campaignSource: 'metadata',
    })
    const moved = stored({
      entryKey: 'move:stripe:payment:pi_1:in',
      kind: 'assignment',
      campaign: 'tokyo',
      month: '2026-04',
    })
    expect(landed(c, [pay, moved], 'pi_1')).toMatchObject({
      campaign: tokyo,
      month: '2026-04',
      campaignSource: 'moved',
    })
  })

  it('reads what older versions stored: no source, the time from when it happened', () => {
    const legacy = stored({ entryKey: 'stripe:payment:pi_1', kind: 'payment', data: {} })
    expect(landed(c, [legacy], 'pi_1')).toMatchObject({
      campaignSource: 'none',
      paymentCreated: paidAt,
    })
    expect(landed(c, [{ ...legacy, campaign: 'gone' }], 'pi_1')?.campaign).toBeNull()
  })
})

describe('fillFact', () => {
  it('keeps each value a fact has and fills only what it lacked', () => {
    const old: StoredFact = {
      paymentRef: 'pi_1',
      source: 'checkout',
      campaign: 'news',
      donor: null,
      chargeCreated: null,
      link: 'in_1',
      balanceTransaction: null,
    }
    const next: StoredFact = {
      paymentRef: 'pi_x',
      source: 'charge',
      campaign: 'tokyo',
      donor: 'd_1',
      chargeCreated: 5,
      link: 'in_2',
      balanceTransaction: 'txn_1',
    }
    expect(fillFact(old, next)).toEqual({
      paymentRef: 'pi_1',
      source: 'checkout',
      campaign: 'news',
      donor: 'd_1',
      chargeCreated: 5,
      link: 'in_1',
      balanceTransaction: 'txn_1',
    })
    expect(
      fillFact(
        { ...old, balanceTransaction: undefined },
        { ...next, balanceTransaction: undefined },
      ).balanceTransaction,
    ).toBeNull()
  })
})
