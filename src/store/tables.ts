import type { Generated } from 'kysely'
import type { EntrySource } from '../domain/keys.js'

/** Table types, as the SQL in schema/ defines them. BIGINT columns are numbers (int8 parsed). */
export interface CampaignsTable {
  slug: string
  name: string
  currency: string
  default_goal: number
  timezone: string
  locale: string
  donate_url: string | null
  is_default: number
  archived: number
  created_at: string
  updated_at: string
  /** JSON of the bar settings (schema/0004); NULL for none. */
  bar: string | null
  /** JSON of the checkout settings (schema/0007); NULL for the currency's defaults, off. */
  checkout: string | null
  /** JSON of the donate page content (schema/0011); NULL for none. */
  page: string | null
  /** Stripe Connect account (`acct_…`) whose events count here (schema/0009); NULL: the platform. */
  stripe_account: string | null
  /** JSON of the logo's version, type and size (schema/0015); NULL for none. */
  logo: string | null
  /** Which month total the bar shows as pledged (schema/0014). */
  bar_amount: Generated<BarAmount>
}

/** The campaign that takes a provider's money when its events name none (schema/0018). */
export interface CampaignSourcesTable {
  provider: string
  campaign: string
  created_at: string
}

/** A campaign's PayPal catalog product, per PayPal API origin (schema/0019). */
export interface PaypalProductsTable {
  api: string
  campaign: string
  product_id: string
  created_at: string
}

/** A PayPal billing plan for one amount, currency and interval of a campaign (schema/0019). */
export interface PaypalPlansTable {
  api: string
  campaign: string
  currency: string
  amount: number
  every: string
  plan_id: string
  created_at: string
}

/** A campaign's logo image (schema/0015), base64; its meta is campaigns.logo. */
export interface CampaignLogosTable {
  campaign: string
  version: string
  content_type: string
  data: string
  created_at: string
}

/** The total a campaign's bar shows: gross (what donors gave) or net (after Stripe's fees). */
export type BarAmount = 'gross' | 'net'

export interface CampaignMonthsTable {
  campaign: string
  month: string
  goal: number | null
  label: string | null
  updated_at: string
}

export type EntryKind =
  | 'payment'
  | 'refund'
  | 'refund_reversal'
  | 'dispute_withdrawal'
  | 'dispute_reinstatement'
  | 'adjustment'
  | 'assignment'
  | 'reversal'
  /** A balance transaction's fee known after its entry was written (amount 0; schema/0014). */
  | 'fee'

export interface LedgerEntriesTable {
  id: string
  entry_key: string
  campaign: string | null
  month: string | null
  kind: EntryKind
  amount: number
  currency: string
  counted: number
  donation: number
  donor: string | null
  source: EntrySource
  source_id: string | null
  payment_ref: string | null
  note: string | null
  actor: string | null
  event_id: string | null
  data: string | null
  occurred_at: string
  recorded_at: string
  /** Stripe's balance transaction (`txn_…`) of this money (schema/0014). */
  balance_transaction: string | null
  /** In `currency`, signed as Stripe's: net = amount - fee. NULL: not known (schema/0014). */
  fee: number | null
  net: number | null
  /** The balance transaction's currency, when not `currency`. */
  settlement_currency: string | null
  /** Stripe's `exchange_rate`, as sent (text keeps it exact). */
  exchange_rate: string | null
}

export interface MonthTotalsTable {
  campaign: string
  month: string
  pledged: number
  donations: number
  donors: number
  entries: number
  updated_at: string
  /** Sum of the counted entries' fees (schema/0014): net = pledged - fees. */
  fees: Generated<number>
}

/**
 * One provider's share of a month, kept with the entries as month_totals is (schema/0020):
 * gross, fees and donations of the counted entries whose money is the provider's.
 */
export interface MonthSourceTotalsTable {
  campaign: string
  month: string
  provider: string
  gross: number
  fees: number
  donations: number
}

export interface MonthDonorsTable {
  campaign: string
  month: string
  donor: string
  n: number
}

/** A verified Stripe event (schema/0002). */
export interface WebhookEventsTable {
  id: string
  type: string
  created: number
  livemode: number
  payload: string
  status: 'processed' | 'ignored' | 'failed' | 'rejected'
  error: string | null
  attempts: number
  received_at: string
  processed_at: string
}

/** What enriching events say about a payment (schema/0002). */
export interface StripePaymentFactsTable {
  payment_ref: string
  source: string
  campaign: string | null
  donor: string | null
  charge_created: number | null
  recorded_at: string
  /** The object whose facts this one inherits (schema/0006). */
  link: string | null
  /** A charge's balance transaction, once known (schema/0009). */
  balance_transaction: string | null
}

/** A subscription's current state, for monthly supporters (schema/0006). */
export interface StripeSubscriptionsTable {
  id: string
  campaign: string | null
  status: string
  monthly: number
  currency: string
  version: number
  updated_at: string
}

export interface D1MigrationsTable {
  id: Generated<number>
  name: string
  applied_at: Generated<string>
}

export interface Database {
  campaigns: CampaignsTable
  campaign_months: CampaignMonthsTable
  ledger_entries: LedgerEntriesTable
  month_totals: MonthTotalsTable
  month_source_totals: MonthSourceTotalsTable
  month_donors: MonthDonorsTable
  d1_migrations: D1MigrationsTable
  webhook_events: WebhookEventsTable
  stripe_payment_facts: StripePaymentFactsTable
  audit_log: AuditLogTable
  stripe_parked: StripeParkedTable
  settings: SettingsTable
  stripe_subscriptions: StripeSubscriptionsTable
  checkout_requests: CheckoutRequestsTable
  console_sessions: ConsoleSessionsTable
  mail_outbox: MailOutboxTable
  supporters: SupportersTable
  campaign_logos: CampaignLogosTable
  campaign_sources: CampaignSourcesTable
  paypal_products: PaypalProductsTable
  paypal_plans: PaypalPlansTable
  reconciliation_runs: ReconciliationRunsTable
  reconciliation_items: ReconciliationItemsTable
  reconciliation_discrepancies: ReconciliationDiscrepanciesTable
}

/** One reconciliation run (schema/0016_reconciliation); JSON in scope, payout and totals. */
export interface ReconciliationRunsTable {
  id: string
  account: string | null
  scope: string
  status: 'running' | 'done' | 'failed'
  started_at: string
  finished_at: string | null
  payout: string | null
  stripe_totals: string | null
  ledger_totals: string | null
  error: string | null
  /** The totals' currency (schema/0017); NULL: none listed, several, or written before. */
  currency: string | null
}

/** A balance transaction a run listed. */
export interface ReconciliationItemsTable {
  run_id: string
  balance_transaction: string
}

/** A difference a run named. */
export interface ReconciliationDiscrepanciesTable {
  run_id: string
  seq: number
  code: string
  balance_transaction: string | null
  object: string | null
  campaign: string | null
  month: string | null
  expected: number | null
  actual: number | null
  note: string
  repaired_at: string | null
  /** The currency of expected and actual (schema/0017); NULL when written before. */
  currency: string | null
}

/** One admin change (schema/0003). */
export interface AuditLogTable {
  id: string
  at: string
  actor: string
  action: string
  campaign: string | null
  target: string | null
  before_json: string | null
  after_json: string | null
  request_id: string | null
}

/** Money that arrived before its payment (schema/0005). */
export interface StripeParkedTable {
  entry_key: string
  payment_ref: string
  event_id: string
  effect: string
  parked_at: string
}

/** Values the service generates once (schema/0005). */
export interface SettingsTable {
  name: string
  value: string
  created_at: string
}

/** A Checkout Session created under a client's Idempotency-Key (schema/0007). */
export interface CheckoutRequestsTable {
  idempotency_key: string
  fingerprint: string
  campaign: string
  session_id: string
  url: string
  created_at: string
  /** 'pending' while its creator asks Stripe, then 'done' (schema/0010). */
  state: Generated<string>
}

/** A console session; the cookie holds the id, the table only its SHA-256 (schema/0010). */
export interface ConsoleSessionsTable {
  id_hash: string
  label: string
  token_hash: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

/** An e-mail to send (schema/0012): `address` is AES-GCM ciphertext, NULL once sent or dropped. */
export interface MailOutboxTable {
  id: string
  kind: 'thanks' | 'manage'
  payment_ref: string | null
  campaign: string | null
  address: string | null
  data: string | null
  status: 'pending' | 'sent' | 'dropped'
  attempts: number
  next_at: string
  lease_until: string | null
  error: string | null
  created_at: string
  sent_at: string | null
}

/** A display name a donor agreed to show on the campaign's wall (schema/0012). */
export interface SupportersTable {
  payment_ref: string
  campaign: string
  name: string
  created_at: string
}
