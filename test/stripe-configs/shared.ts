import type { startFakeStripe } from '../support/fake-stripe.js'
import { ADMIN_TOKEN } from '../support/harness.js'
import type { Request } from './events.js'

export type Fake = Awaited<ReturnType<typeof startFakeStripe>>
export const SEEDS = [1, 2, 3, 4]
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }

/** A ledger entry as the admin API lists it (the fields the cases read). */
export type Entry = {
  key: string
  counted: boolean
  amount: number
  currency: string
  kind: string
  campaign: string | null
}

/** What the cases share: the runtime, the fake Stripe and helpers over the HTTP surface. */
export interface ConfigCase {
  fake: () => Fake
  request: Request
  campaign(extra?: Record<string, unknown>): Promise<string>
  progress(slug: string, month?: string): Promise<ProgressFigures>
  ledger(slug: string): Promise<Entry[]>
}

export type ProgressFigures = {
  pledged: number
  donations: number
  recurring: { supporters: number; monthly: number }
}
