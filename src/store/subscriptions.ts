import type { CompiledQuery } from 'kysely'
import { statement } from './sql.js'
import type { Store } from './store.js'

/** A subscription's state as the ingest keeps it (schema/0006). */
export interface SubscriptionRow {
  id: string
  /** The campaign its money goes to (metadata, else the default), or null. */
  campaign: string | null
  status: string
  /** Minor units of `currency` per month (normalized; see src/stripe/map.ts). */
  monthly: number
  currency: string
  /** Orders states of one subscription: the event's time, then created < updated < deleted. */
  version: number
}

/** Statuses in which a subscription still gives: Stripe keeps charging (or retrying) it. */
export const SUPPORTING_STATUSES = ['active', 'trialing', 'past_due'] as const

// Newest state wins whatever the arrival order: an older or equal version changes nothing.
const UPSERT = `INSERT INTO stripe_subscriptions (id, campaign, status, monthly, currency, version,
    updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET campaign = excluded.campaign, status = excluded.status,
    monthly = excluded.monthly, currency = excluded.currency, version = excluded.version,
    updated_at = excluded.updated_at
  WHERE stripe_subscriptions.version < excluded.version`

/** Stores a subscription's state unless a newer one is stored. */
export function subscriptionQuery(
  store: Pick<Store, 'dialect'>,
  s: SubscriptionRow,
  now: string,
): CompiledQuery {
  return statement(store.dialect, UPSERT, [
    s.id,
    s.campaign,
    s.status,
    s.monthly,
    s.currency,
    s.version,
    now,
  ])
}

/** Monthly supporters of a campaign now: subscriptions that give, and their sum per month. */
export interface Recurring {
  supporters: number
  /** Minor units per month; only subscriptions in the campaign's currency add to it. */
  monthly: number
}

const RECURRING = `SELECT COUNT(*) AS supporters,
    COALESCE(SUM(CASE WHEN currency = ? THEN monthly ELSE 0 END), 0) AS monthly
  FROM stripe_subscriptions
  WHERE campaign = ? AND status IN (${SUPPORTING_STATUSES.map((s) => `'${s}'`).join(', ')})
    AND monthly > 0`

/** The campaign's monthly supporters as stored now. */
export async function recurringOf(
  store: Store,
  campaign: string,
  currency: string,
): Promise<Recurring> {
  const { rows } = await store.db.executeQuery<{ supporters: unknown; monthly: unknown }>(
    statement(store.dialect, RECURRING, [currency, campaign]),
  )
  const row = rows[0]
  return { supporters: Number(row?.supporters ?? 0), monthly: Number(row?.monthly ?? 0) }
}
