import type { CompiledQuery } from 'kysely'
import type { ParkedRow, StoredFact } from './payments.js'
import { statement } from './sql.js'
import type { Store } from './store.js'

// The write path's statements about payments: facts and money parked until its payment comes.

const KEEP = (col: string) => `${col} = COALESCE(stripe_payment_facts.${col}, excluded.${col})`
const INSERT_FACT = `INSERT INTO stripe_payment_facts (payment_ref, source, campaign, donor,
    charge_created, link, balance_transaction, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (payment_ref, source) DO UPDATE SET
    ${['campaign', 'donor', 'charge_created', 'link', 'balance_transaction'].map(KEEP).join(', ')}`

/**
 * Stores a fact about a payment. Per source, each field keeps the first value known and takes a
 * later one only where it had none: a poorer fact stored first (an invoice event that named no
 * campaign) never hides what a later event or Stripe's API tells.
 */
export function factQuery(
  store: Pick<Store, 'dialect'>,
  f: StoredFact,
  now: string,
): CompiledQuery {
  return statement(store.dialect, INSERT_FACT, [
    f.paymentRef,
    f.source,
    f.campaign,
    f.donor,
    f.chargeCreated,
    f.link,
    f.balanceTransaction ?? null,
    now,
  ])
}

const PARK = `INSERT INTO stripe_parked (entry_key, payment_ref, event_id, effect, parked_at)
  VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_key) DO NOTHING`
// The same money parked again with its balance transaction (refund.updated after
// refund.created) replaces one parked without: it can then be converted when applied.
const PARK_WITH_TXN = `INSERT INTO stripe_parked (entry_key, payment_ref, event_id, effect, parked_at)
  VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_key) DO UPDATE SET effect = excluded.effect,
    event_id = excluded.event_id
  WHERE stripe_parked.effect LIKE '%"balanceTransaction":null%'`
const UNPARK = 'DELETE FROM stripe_parked WHERE entry_key = ?'

/**
 * Keeps money until its payment arrives; the same entry parked twice is kept once (the one that
 * knows its balance transaction, if either does).
 */
export function parkQuery(store: Pick<Store, 'dialect'>, p: ParkedRow, now: string): CompiledQuery {
  const withTxn = /"balanceTransaction":"/.test(p.effect)
  return statement(store.dialect, withTxn ? PARK_WITH_TXN : PARK, [
    p.entryKey,
    p.paymentRef,
    p.eventId,
    p.effect,
    now,
  ])
}

/** Forgets parked money once its entry is in the ledger (in the same atomic unit). */
export function unparkQuery(store: Pick<Store, 'dialect'>, entryKey: string): CompiledQuery {
  return statement(store.dialect, UNPARK, [entryKey])
}
