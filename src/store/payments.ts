import type { CompiledQuery } from 'kysely'
import { CLAIMABLE, type EntrySource } from '../domain/keys.js'
import { type Param, placeholders, statement } from './sql.js'
import type { Store } from './store.js'
import type { EntryKind, WebhookEventsTable } from './tables.js'

/** A ledger entry of a payment, as the ingest decides from it. */
export interface PaymentEntry {
  entryKey: string
  campaign: string | null
  month: string | null
  kind: EntryKind
  amount: number
  currency: string
  counted: boolean
  donation: number
  donor: string | null
  source: EntrySource
  paymentRef: string
  data: Record<string, unknown>
  occurredAt: string
  /** Stripe's balance transaction of this money, when the entry recorded one. */
  balanceTransaction?: string | null
  /** Its fee in the entry's currency; null while not known (a `fee` entry may bring it). */
  fee?: number | null
}

/**
 * What enriching events said about a payment, one row per source: each field keeps the first
 * value known, and a later fact (an event, or Stripe's API) fills what an earlier one lacked.
 */
export interface StoredFact {
  paymentRef: string
  source: string
  campaign: string | null
  /** Keyed hash of the donor, never an e-mail. */
  donor: string | null
  chargeCreated: number | null
  /** The object whose facts this one inherits (pi_ -> in_ -> sub_), or null. */
  link: string | null
  /** A charge's balance transaction (`txn_…`), once known. */
  balanceTransaction?: string | null
}

/** Money kept until its payment arrives. */
export interface ParkedRow {
  entryKey: string
  paymentRef: string
  eventId: string
  /** JSON of the money movement, as the ingest parked it. */
  effect: string
}

/** The fields of a campaign the write path decides with. */
export interface CampaignRef {
  slug: string
  currency: string
  timezone: string
  archived: boolean
  isDefault: boolean
  /** The Stripe Connect account whose money it takes (`acct_…`); null: the platform's own. */
  account: string | null
  createdAt: string
  /** Providers whose money it takes when their events name no campaign (schema/0018). */
  sources?: string[]
}

/** Everything one event needs to decide, read in one statement. */
export interface PaymentState {
  /** Status of the stored event row, if this event id was seen. */
  eventStatus: WebhookEventsTable['status'] | null
  entries: PaymentEntry[]
  facts: StoredFact[]
  parked: ParkedRow[]
  /**
   * Campaigns the decision may name: those given, those facts and entries name, every default,
   * and every campaign of the event's connected account.
   */
  campaigns: CampaignRef[]
}

// One UNION of every row the decision reads, all as text in one shape (c0..c15), so an event
// costs one round trip and one prepared statement, whatever the database.
const WIDTH = 16
const text = (col: string) => `CAST(${col} AS TEXT)`
const branch = (tag: string, cols: string[], rest: string) =>
  `SELECT ${Array.from({ length: WIDTH }, (_, i) => `${i === 0 ? `'${tag}'` : (cols[i - 1] ?? 'NULL')} AS c${i}`).join(', ')} ${rest}`

function loadSql(refs: number, slugs: number): string {
  const r = `(${placeholders(refs)})`
  const named = slugs > 0 ? ` OR slug IN (${placeholders(slugs)})` : ''
  return [
    branch('e', ['status'], 'FROM webhook_events WHERE id = ?'),
    branch(
      'l',
      [
        'entry_key',
        'campaign',
        'month',
        'kind',
        text('amount'),
        'currency',
        text('counted'),
        text('donation'),
        'donor',
        'source',
        'payment_ref',
        'data',
        'occurred_at',
        'balance_transaction',
        text('fee'),
      ],
      `FROM ledger_entries WHERE payment_ref IN ${r}`,
    ),
    branch(
      'f',
      [
        'payment_ref',
        'source',
        'campaign',
        'donor',
        text('charge_created'),
        'link',
        'balance_transaction',
      ],
      `FROM stripe_payment_facts WHERE payment_ref IN ${r} OR link IN ${r}`,
    ),
    branch(
      'p',
      ['entry_key', 'payment_ref', 'event_id', 'effect'],
      `FROM stripe_parked WHERE payment_ref IN ${r}`,
    ),
    branch(
      'c',
      [
        'slug',
        'currency',
        'timezone',
        text('archived'),
        text('is_default'),
        'stripe_account',
        'created_at',
        // One column per claimable provider: claimed by this campaign, or NULL. Not a UNION
        // branch of its own: D1 allows at most five terms in a compound SELECT.
        ...CLAIMABLE.map(
          (p) =>
            `(SELECT provider FROM campaign_sources s WHERE s.campaign = campaigns.slug AND s.provider = '${p}')`,
        ),
      ],
      `FROM campaigns WHERE is_default = 1${named}
        OR slug IN (SELECT campaign FROM stripe_payment_facts WHERE payment_ref IN ${r})
        OR slug IN (SELECT campaign FROM ledger_entries WHERE payment_ref IN ${r})
        OR stripe_account = ?
        OR slug IN (SELECT campaign FROM campaign_sources)`,
    ),
  ].join('\nUNION ALL ')
}
const loadSqlMemo = new Map<string, string>()

type Row = Record<`c${number}`, string | null>

/**
 * The one statement that reads what an event about these payments needs: the event's own row,
 * the payments' ledger entries (moves included), their stored facts and parked money, and the
 * campaigns any of it (or `slugs`, or the connected `account`) may place money in.
 */
export function paymentStateQuery(
  store: Pick<Store, 'dialect'>,
  eventId: string | null,
  refs: readonly string[],
  slugs: readonly string[],
  account: string | null = null,
): CompiledQuery {
  // An event about no payment still reads its own row; `IN ()` is not SQL everywhere.
  if (refs.length === 0) refs = ['']
  const key = `${refs.length}/${slugs.length}`
  let sqlText = loadSqlMemo.get(key)
  if (sqlText === undefined) {
    sqlText = loadSql(refs.length, slugs.length)
    loadSqlMemo.set(key, sqlText)
  }
  const params: Param[] = [
    eventId ?? '',
    ...refs,
    ...refs,
    ...refs,
    ...refs,
    ...slugs,
    ...refs,
    ...refs,
    // No campaign names '' (an account is acct_…): the platform's events load no account's.
    account ?? '',
  ]
  return statement(store.dialect, sqlText, params)
}

/** Reads what an event about these payments needs, in one statement (paymentStateQuery). */
export async function loadPaymentState(
  store: Store,
  eventId: string | null,
  refs: readonly string[],
  slugs: readonly string[],
  account: string | null = null,
): Promise<PaymentState> {
  const query = paymentStateQuery(store, eventId, refs, slugs, account)
  const rows = store.read
    ? await store.read<Row>(query)
    : (await store.db.executeQuery<Row>(query)).rows
  return paymentStateOf(rows)
}

/** The rows of paymentStateQuery as the state the decision reads. */
export function paymentStateOf(rows: readonly unknown[]): PaymentState {
  const state: PaymentState = {
    eventStatus: null,
    entries: [],
    facts: [],
    parked: [],
    campaigns: [],
  }
  const num = (v: string | null | undefined) => (v == null ? 0 : Number(v))
  for (const r of rows as Row[]) {
    switch (r.c0) {
      case 'e':
        state.eventStatus = r.c1 as PaymentState['eventStatus']
        break
      case 'l':
        state.entries.push({
          entryKey: r.c1 as string,
          campaign: r.c2 ?? null,
          month: r.c3 ?? null,
          kind: r.c4 as EntryKind,
          amount: num(r.c5),
          currency: r.c6 as string,
          counted: num(r.c7) === 1,
          donation: num(r.c8),
          donor: r.c9 ?? null,
          source: r.c10 as EntrySource,
          paymentRef: r.c11 as string,
          data: r.c12 ? (JSON.parse(r.c12) as Record<string, unknown>) : {},
          occurredAt: r.c13 as string,
          balanceTransaction: r.c14 ?? null,
          fee: r.c15 == null ? null : Number(r.c15),
        })
        break
      case 'f':
        state.facts.push({
          paymentRef: r.c1 as string,
          source: r.c2 as string,
          campaign: r.c3 ?? null,
          donor: r.c4 ?? null,
          chargeCreated: r.c5 == null ? null : Number(r.c5),
          link: r.c6 ?? null,
          balanceTransaction: r.c7 ?? null,
        })
        break
      case 'p':
        state.parked.push({
          entryKey: r.c1 as string,
          paymentRef: r.c2 as string,
          eventId: r.c3 as string,
          effect: r.c4 as string,
        })
        break
      case 'c':
        state.campaigns.push({
          slug: r.c1 as string,
          currency: r.c2 as string,
          timezone: r.c3 as string,
          archived: num(r.c4) === 1,
          isDefault: num(r.c5) === 1,
          account: r.c6 ?? null,
          createdAt: r.c7 as string,
          sources: CLAIMABLE.filter((_, i) => r[`c${8 + i}`] != null),
        })
        break
    }
  }
  return state
}

export { factQuery, parkQuery, unparkQuery } from './payment-writes.js'
