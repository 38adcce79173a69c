import { describe, expect, it } from 'vitest'
import { Campaigns, chooseCampaign } from '../../src/ingest/place.js'
import { news, tokyo } from './ingest-fixtures.js'

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
