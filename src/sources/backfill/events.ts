import type { IncomingEvent, Mapped } from '../../ingest/facts.js'
import type { SourceName } from '../source.js'

/**
 * What a platform's API shows, as the ingest takes it (pure). Each money movement and each
 * subscription state becomes an event of its own, stored under an id made of what it says
 * (`<source>:api:<entry key>`, a cumulative refund with its level, a state with its version):
 * the same fact found again is a duplicate, and its money keeps the key the webhook mapping
 * gives it, so a webhook and a backfill of the same charge count it once.
 */
export function apiEvents(
  source: SourceName,
  object: { endpoint: string; id: string },
  mapped: Mapped,
  now: Date,
  origin: string | null = null,
): IncomingEvent[] {
  const created = Math.floor(now.getTime() / 1000)
  const base = {
    type: `${source}.api`,
    created,
    livemode: true,
    provider: source,
    account: null,
    apiVersion: null,
    // The API's object itself is not kept: only which one it was (no personal data at rest).
    body: { api: object.endpoint, id: object.id },
    ...(origin ? { origin } : {}),
  }
  const events: IncomingEvent[] = mapped.money.map((m) => ({
    ...base,
    id: `${source}:api:${m.entryKey}${m.cumulative ? `:${-m.amount}` : ''}`.slice(0, 255),
    money: [m],
    facts: [],
  }))
  const sub = mapped.subscription
  if (sub) {
    events.push({
      ...base,
      id: `${source}:api:${sub.id}:${sub.status}:${sub.monthly}:${sub.version}`.slice(0, 255),
      money: [],
      facts: [],
      subscription: sub,
    })
  }
  return events
}

/** What a platform's API showed: its events, and the objects that could not be read. */
export interface Listed {
  events: IncomingEvent[]
  failed: { id: string; type: string; error: string }[]
}

/** Maps each object on its own: one the mapping refuses is listed as failed, not the run. */
export function mapEach<T>(
  source: SourceName,
  items: readonly T[],
  idOfItem: (item: T) => string,
  map: (item: T) => IncomingEvent[],
): Listed {
  const out: Listed = { events: [], failed: [] }
  for (const item of items) {
    try {
      out.events.push(...map(item))
    } catch (err) {
      const id = `${source}:api:${idOfItem(item)}`.slice(0, 255)
      out.failed.push({ id, type: `${source}.api`, error: (err as Error).message })
    }
  }
  return out
}
