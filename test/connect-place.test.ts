import { describe, expect, it } from 'vitest'
import { decide } from '../src/ingest/decide.js'
import type { MoneyEffect } from '../src/ingest/facts.js'
import { Campaigns, chooseCampaign } from '../src/ingest/place.js'
import type { CampaignRef, PaymentState } from '../src/store/payments.js'
import { accountOfReason, SETUP_REASONS, unknownAccountReason } from '../src/stripe/setup.js'

// Stripe Connect, the pure rules: which campaigns an account's money may go to, and its default.

const ref = (slug: string, o: Partial<CampaignRef> = {}): CampaignRef => ({
  slug,
  currency: 'USD',
  timezone: 'UTC',
  archived: false,
  isDefault: false,
  account: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...o,
})
const A = 'acct_1Alpha'
const B = 'acct_1Beta'
const rows = [
  ref('platform', { isDefault: true }),
  ref('platform-2'),
  ref('a-new', { account: A, createdAt: '2026-03-01T00:00:00.000Z' }),
  ref('a-old', { account: A, createdAt: '2026-02-01T00:00:00.000Z' }),
  ref('a-ended', { account: A, archived: true, createdAt: '2025-01-01T00:00:00.000Z' }),
  ref('b-2', { account: B, createdAt: '2026-02-01T00:00:00.000Z' }),
  ref('b-1', { account: B, createdAt: '2026-02-01T00:00:00.000Z' }),
  ref('b-marked', { account: B, isDefault: true, createdAt: '2026-05-01T00:00:00.000Z' }),
]

describe('Campaigns seen from a Stripe account', () => {
  it("takes money only into the account's own, active campaigns; where money sits is not scoped", () => {
    const platform = new Campaigns(rows)
    const a = new Campaigns(rows, A)
    expect(platform.active('platform-2')?.slug).toBe('platform-2')
    expect(platform.active('a-old')).toBeUndefined()
    expect(a.active('a-old')?.slug).toBe('a-old')
    expect(a.active('platform')).toBeUndefined()
    expect(a.active('b-1')).toBeUndefined()
    expect(a.active('a-ended')).toBeUndefined()
    expect(a.active(null)).toBeUndefined()
    expect(a.any('b-1')?.slug).toBe('b-1')
    expect(a.any('a-ended')?.slug).toBe('a-ended')
  })

  it("defaults to the campaign the account marked, else its oldest active one (then by slug); the platform's only to the one it marked", () => {
    expect(new Campaigns(rows).default?.slug).toBe('platform')
    expect(new Campaigns(rows, A).default?.slug).toBe('a-old')
    expect(new Campaigns(rows, B).default?.slug).toBe('b-marked')
    const unmarked = rows.filter((r) => r.slug !== 'b-marked')
    expect(new Campaigns(unmarked, B).default?.slug).toBe('b-1')
    expect(new Campaigns(rows.filter((r) => r.slug !== 'platform')).default).toBeUndefined()
    expect(new Campaigns([ref('ended', { account: A, archived: true })], A).default).toBeUndefined()
  })

  it('knows an account as named by any campaign of it, archived ones too', () => {
    expect(new Campaigns(rows, A).named).toBe(true)
    expect(new Campaigns([ref('ended', { account: A, archived: true })], A).named).toBe(true)
    expect(new Campaigns(rows, 'acct_1Nobody').named).toBe(false)
  })

  it("never lets metadata name another account's campaign, nor the platform's", () => {
    const b = new Campaigns(rows, B)
    expect(chooseCampaign(b, 'a-old', null)).toMatchObject({
      campaign: { slug: 'b-marked' },
      source: 'default',
    })
    expect(chooseCampaign(b, 'platform', 'a-new')).toMatchObject({ source: 'default' })
    expect(chooseCampaign(b, 'a-old', 'b-2')).toMatchObject({
      campaign: { slug: 'b-2' },
      source: 'facts',
    })
    expect(chooseCampaign(new Campaigns(rows), 'b-2', null)).toMatchObject({
      campaign: { slug: 'platform' },
      source: 'default',
    })
  })
})

describe('decide with an account', () => {
  const payment: MoneyEffect = {
    entryKey: 'stripe:payment:pi_1',
    kind: 'payment',
    paymentRef: 'pi_1',
    amount: 500,
    currency: 'USD',
    occurredAt: 1_780_000_000,
    sourceId: 'pi_1',
    campaign: 'platform',
    donor: null,
    paymentCreated: 1_780_000_000,
    balanceTransaction: null,
    data: {},
  }
  const state: PaymentState = {
    eventStatus: null,
    entries: [],
    facts: [],
    parked: [],
    campaigns: rows,
  }
  const run = (account: string | null) =>
    decide({
      event: { id: 'evt_1', type: 'payment_intent.succeeded', money: [payment], facts: [] },
      state,
      refs: ['pi_1'],
      donorOf: () => null,
      account,
    }).entries[0]?.entry

  it("places the payment in the account's campaigns and records the account on its entry", () => {
    expect(run(A)).toMatchObject({ campaign: 'a-old', data: { account: A } })
    expect(run(null)?.campaign).toBe('platform')
    expect(run(null)?.data).not.toHaveProperty('account')
  })
})

describe('the unknown-account reason', () => {
  it('matches its LIKE pattern and gives its account back', () => {
    const reason = unknownAccountReason(A)
    const [head, tail] = SETUP_REASONS.unknown_account.split('%')
    expect(reason.startsWith(head ?? '')).toBe(true)
    expect(reason).toContain(tail ?? '')
    expect(accountOfReason(reason)).toBe(A)
    expect(accountOfReason('livemode true event ignored by a test deployment')).toBeNull()
  })
})
