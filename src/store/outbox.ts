import type { CompiledQuery } from 'kysely'
import { sql } from 'kysely'
import { ledgerKey } from '../domain/keys.js'
import { statement } from './sql.js'
import { affected, type Store } from './store.js'

/**
 * The mail outbox (schema/0012): rows written in the same atomic unit as what they announce,
 * claimed by a sender with a lease, marked sent with the address erased in the same statement.
 */

// A thank-you row per payment: the first unit to know the payment or its address creates it;
// a later one only fills a missing address, and never once the row is sent or dropped.
const UPSERT_THANKS = `INSERT INTO mail_outbox (id, kind, payment_ref, address, status, attempts,
    next_at, created_at) VALUES (?, 'thanks', ?, ?, 'pending', 0, ?, ?)
  ON CONFLICT (id) DO UPDATE SET address = excluded.address
  WHERE mail_outbox.address IS NULL AND mail_outbox.status = 'pending'
    AND excluded.address IS NOT NULL`

/** The outbox id of a payment's thank-you. */
export const thanksId = (paymentRef: string) => `thanks:${paymentRef}`

/** Creates a payment's thank-you row, or gives it its (sealed) address. */
export function thanksRowQuery(
  store: Pick<Store, 'dialect'>,
  paymentRef: string,
  sealedAddress: string | null,
  at: string,
): CompiledQuery {
  return statement(store.dialect, UPSERT_THANKS, [
    thanksId(paymentRef),
    paymentRef,
    sealedAddress,
    at,
    at,
  ])
}

/** Queues a one-off e-mail (a manage link) with its sealed address and its data. */
export async function queueMail(
  store: Store,
  row: { id: string; kind: 'manage'; campaign: string; address: string; data: unknown },
  at: string,
): Promise<void> {
  await store.atomic([
    store.db
      .insertInto('mail_outbox')
      .values({
        id: row.id,
        kind: row.kind,
        payment_ref: null,
        campaign: row.campaign,
        address: row.address,
        data: JSON.stringify(row.data),
        status: 'pending',
        attempts: 0,
        next_at: at,
        created_at: at,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .compile(),
  ])
}

/** A row ready to send, with what its message says. */
export interface DueMail {
  id: string
  kind: 'thanks' | 'manage'
  address: string
  data: string | null
  attempts: number
  campaign: string
  campaignName: string
  locale: string
  timezone: string
  /** The payment (thank-you rows only). */
  amount: number | null
  currency: string | null
  occurredAt: string | null
  entryId: string | null
  /** The payment is a subscription's (it has an invoice). */
  recurring: boolean
}

/**
 * Rows due now with an address and nobody's lease, oldest first. A thank-you waits until its
 * payment has been in the ledger since `settledBefore` (so links that move it to its campaign
 * have arrived), and names the campaign the payment is in now (moved in, else placed).
 */
export async function dueMail(
  store: Store,
  now: string,
  settledBefore: string,
  limit: number,
): Promise<DueMail[]> {
  const [before, after] = ledgerKey.moveIn(ledgerKey.payment('\u0000')).split('\u0000')
  const rows = await store.db
    .selectFrom('mail_outbox as o')
    .leftJoin('ledger_entries as l', (j) =>
      j.onRef('l.entry_key', '=', sql<string>`${ledgerKey.payment('')} || o.payment_ref`),
    )
    .leftJoin('ledger_entries as m', (j) =>
      j.onRef('m.entry_key', '=', sql<string>`${before} || o.payment_ref || ${after}`),
    )
    .innerJoin('campaigns as c', (j) =>
      j.onRef('c.slug', '=', sql<string>`COALESCE(m.campaign, l.campaign, o.campaign)`),
    )
    .select([
      'o.id',
      'o.kind',
      'o.address',
      'o.data',
      'o.attempts',
      'c.slug',
      'c.name',
      'c.locale',
      'c.timezone',
      'l.amount',
      'l.currency',
      'l.occurred_at',
      'l.id as entry_id',
      sql<number>`(SELECT COUNT(*) FROM stripe_payment_facts f
        WHERE f.payment_ref = o.payment_ref AND f.source = 'invoice_payment')`.as('recurring'),
    ])
    .where('o.status', '=', 'pending')
    .where('o.address', 'is not', null)
    .where('o.next_at', '<=', now)
    .where((eb) => eb.or([eb('o.lease_until', 'is', null), eb('o.lease_until', '<', now)]))
    .where((eb) =>
      eb.or([
        eb('o.kind', '!=', 'thanks'),
        eb.and([eb('l.id', 'is not', null), eb('l.recorded_at', '<=', settledBefore)]),
      ]),
    )
    .orderBy('o.next_at')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    address: r.address ?? '',
    data: r.data,
    attempts: Number(r.attempts),
    campaign: r.slug,
    campaignName: r.name,
    locale: r.locale,
    timezone: r.timezone,
    amount: r.amount === null ? null : Number(r.amount),
    currency: r.currency,
    occurredAt: r.occurred_at,
    entryId: r.entry_id,
    recurring: Number(r.recurring) > 0,
  }))
}

/** Takes a row for one sender until `until`; false when another sender holds or sent it. */
export async function claimMail(
  store: Store,
  id: string,
  now: string,
  until: string,
): Promise<boolean> {
  const [result] = await store.atomic([
    statement(
      store.dialect,
      `UPDATE mail_outbox SET lease_until = ?, attempts = attempts + 1
        WHERE id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)`,
      [until, id, now],
    ),
  ])
  return affected(result) === 1
}

/** Sent: the address is erased in the same statement. */
export async function markSent(store: Store, id: string, now: string): Promise<void> {
  await store.atomic([
    statement(
      store.dialect,
      `UPDATE mail_outbox SET status = 'sent', address = NULL, sent_at = ?, lease_until = NULL,
        error = NULL WHERE id = ?`,
      [now, id],
    ),
  ])
}

/**
 * Not sent: tried again from `nextAt`, or dropped (address erased) once `attempts` reached
 * `maxAttempts` or the failure is permanent.
 */
export async function markFailed(
  store: Store,
  id: string,
  failure: { nextAt: string; error: string; permanent: boolean },
  maxAttempts: number,
): Promise<void> {
  const drop = `(? = 1 OR attempts >= ?)`
  await store.atomic([
    statement(
      store.dialect,
      `UPDATE mail_outbox SET lease_until = NULL, next_at = ?, error = ?,
        status = CASE WHEN ${drop} THEN 'dropped' ELSE status END,
        address = CASE WHEN ${drop} THEN NULL ELSE address END
        WHERE id = ? AND status = 'pending'`,
      [
        failure.nextAt,
        failure.error.slice(0, 500),
        failure.permanent ? 1 : 0,
        maxAttempts,
        failure.permanent ? 1 : 0,
        maxAttempts,
        id,
      ],
    ),
  ])
}

/**
 * Drops what waited too long (a payment that never came, a campaign never set): the address is
 * not kept past `before`.
 */
export async function expireMail(store: Store, before: string): Promise<number> {
  const [result] = await store.atomic([
    statement(
      store.dialect,
      `UPDATE mail_outbox SET status = 'dropped', address = NULL, error = 'expired'
        WHERE status = 'pending' AND created_at < ?`,
      [before],
    ),
  ])
  return affected(result)
}

/** How many rows are in each status (tests, metrics). */
export async function outboxCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}
