import type { CampaignRef } from '../../src/store/payments.js'
import { unix } from '../support/stripe-events.js'

/** The campaigns the ingest mutation suites place money on: one in New York, one in Tokyo. */
export const news: CampaignRef = {
  slug: 'news',
  currency: 'USD',
  timezone: 'America/New_York',
  archived: false,
  isDefault: false,
  account: null,
  createdAt: '2026-01-01T00:00:00.000Z',
}
export const tokyo: CampaignRef = { ...news, slug: 'tokyo', timezone: 'Asia/Tokyo' }
/** A payment time that is March in New York and April in Tokyo. */
export const paidAt = unix('2026-03-31T23:30:00Z')
