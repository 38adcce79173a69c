import type { CompiledQuery, Selectable } from 'kysely'
import { statement } from './sql.js'
import type { Store } from './store.js'
import type { WebhookEventsTable } from './tables.js'

export type WebhookEventStatus = WebhookEventsTable['status']

/** A stored event without its payload (listing, replay result). */
export type WebhookEventRow = Omit<Selectable<WebhookEventsTable>, 'payload'>

/** What is stored of a verified event: its envelope and the payload (personal fields removed). */
export interface StoredEvent {
  id: string
  type: string
  created: number
  livemode: boolean
  payload: string
}

const UPSERT = `INSERT INTO webhook_events (id, type, created, livemode, payload, status, error,
    attempts, received_at, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
  ON CONFLICT (id) DO UPDATE SET status = excluded.status, error = excluded.error,
    attempts = webhook_events.attempts + 1, processed_at = excluded.processed_at`

/**
 * Upserts the event row; a failed one may later become processed, never the reverse: a failure
 * (or a rejection) only updates a row that is itself failed (rejected), or inserts one.
 */
export function eventRowQuery(
  store: Pick<Store, 'dialect'>,
  event: StoredEvent,
  status: WebhookEventStatus,
  error: string | null,
  now: string,
): CompiledQuery {
  // A failure or a rejection only updates a row that is itself failed or rejected.
  const text =
    status === 'failed' || status === 'rejected'
      ? `${UPSERT} WHERE webhook_events.status = '${status}'`
      : UPSERT
  return statement(store.dialect, text, [
    event.id,
    event.type,
    event.created,
    event.livemode ? 1 : 0,
    event.payload,
    status,
    error,
    now,
    now,
  ])
}

const COLUMNS = [
  'id',
  'type',
  'created',
  'livemode',
  'status',
  'error',
  'attempts',
  'received_at',
  'processed_at',
] as const

export interface EventListQuery {
  status?: WebhookEventStatus
  type?: string
  /** received_at of the last row seen. */
  before?: string
  limit: number
}

/** Stored events, newest first. */
export async function listEvents(store: Store, q: EventListQuery): Promise<WebhookEventRow[]> {
  let query = store.db.selectFrom('webhook_events').select(COLUMNS)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.type) query = query.where('type', '=', q.type)
  if (q.before) query = query.where('received_at', '<', q.before)
  return query.orderBy('received_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute()
}

/** One stored event without its payload. */
export async function getEvent(store: Store, id: string): Promise<WebhookEventRow | undefined> {
  return store.db
    .selectFrom('webhook_events')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** The stored payload of an event, for a replay. */
export async function getEventPayload(
  store: Store,
  id: string,
): Promise<{ payload: string; status: WebhookEventStatus; error: string | null } | undefined> {
  return store.db
    .selectFrom('webhook_events')
    .select(['payload', 'status', 'error'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/**
 * Rewrites one page of stored payloads with `rewrite`, in the order of their ids, from after
 * `after`: for payloads stored before personal fields were removed on arrival. Returns the last
 * id read, or null when no rows are left.
 */
export async function rewritePayloadPage(
  store: Store,
  after: string,
  rewrite: (payload: string) => string,
  page = 200,
): Promise<string | null> {
  const rows = await store.db
    .selectFrom('webhook_events')
    .select(['id', 'payload'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(page)
    .execute()
  const updates: CompiledQuery[] = []
  for (const r of rows) {
    const next = rewrite(r.payload)
    if (next !== r.payload) {
      updates.push(
        statement(store.dialect, 'UPDATE webhook_events SET payload = ? WHERE id = ?', [
          next,
          r.id,
        ]),
      )
    }
  }
  if (updates.length > 0) await store.atomic(updates)
  return rows.length < page ? null : (rows.at(-1)?.id ?? null)
}

/** How many stored events carry one reason (`error`), and the last time one came. */
export interface EventReasonCount {
  status: WebhookEventStatus
  error: string
  count: number
  lastAt: string
}

/**
 * Stored events refused or ignored for one of the reasons given (SQL LIKE patterns on `error`),
 * counted per distinct reason: the console's Stripe page shows them (other mode, an API version
 * too old, an account no campaign names).
 */
export async function eventReasons(
  store: Store,
  patterns: readonly string[],
): Promise<EventReasonCount[]> {
  if (patterns.length === 0) return []
  const rows = await store.db
    .selectFrom('webhook_events')
    .select((eb) => [
      'status',
      'error',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.max('received_at').as('last'),
    ])
    .where('status', 'in', ['ignored', 'rejected'])
    .where((w) => w.or(patterns.map((p) => w('error', 'like', p))))
    .groupBy(['status', 'error'])
    .orderBy('last', 'desc')
    .limit(100)
    .execute()
  return rows.map((r) => ({
    status: r.status,
    error: r.error ?? '',
    count: Number(r.n),
    lastAt: String(r.last),
  }))
}
