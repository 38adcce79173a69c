import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IncomingEvent } from '../../src/ingest/facts.js'
import { createIngest } from '../../src/ingest/ingest.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { unix } from '../support/stripe-events.js'

/**
 * src/ingest/ingest.ts: a subscription that names no campaign this service has, on a platform
 * with no default campaign. It is kept, on no campaign, and no month is said to change: it must
 * not throw on the missing campaign (which would answer the webhook with a 500 and have Stripe
 * retry it for days).
 */

const clock = fixedClock('2026-07-02T12:00:00Z')
const created = unix('2026-06-10T12:00:00Z')
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp({ deps: { clock } })
  // One campaign, not the default: money and subscriptions naming no campaign have no place.
  const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', isDefault: false }
  expect((await t.call('POST', '/api/admin/campaigns', radio)).status).toBe(201)
})
afterEach(() => t.close())

const subscriptionEvent = (campaign: string | null): IncomingEvent => ({
  id: 'evt_sub_nowhere',
  type: 'customer.subscription.created',
  created,
  livemode: false,
  body: {},
  money: [],
  facts: [],
  subscription: {
    id: 'sub_nowhere',
    campaign,
    status: 'active',
    monthly: 1000,
    currency: 'USD',
    version: created,
  },
})

describe('a subscription with no campaign to count for', () => {
  it.each([
    ['names a campaign that does not exist', 'gone'],
    ['names no campaign', null],
  ])('%s: it is kept on no campaign and changes no month', async (_name, campaign) => {
    const ingest = createIngest({ store: t.store, clock })
    expect(await ingest.event(subscriptionEvent(campaign))).toEqual({
      outcome: 'processed',
      changed: [],
    })
    const rows = await t.store.db
      .selectFrom('stripe_subscriptions')
      .select(['id', 'campaign', 'monthly'])
      .execute()
    expect(rows).toEqual([{ id: 'sub_nowhere', campaign: null, monthly: 1000 }])
  })
})
