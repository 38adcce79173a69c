import pg from 'pg'
import type { Logger } from '../log.js'
import type { ChangeFeed } from '../read/change-feed.js'
import { decodeChanges, encodeChanges, PendingChanges } from './pg-changes-wire.js'

/** The channel every instance on one database listens on. */
export const CHANGES_CHANNEL = 'supportbar_changes'

/** First and longest wait before connecting the listener again after it was lost. */
const RETRY_MS = [250, 5000] as const

/** Relays between instances; `close` ends the listening connection. */
export interface ChangeRelay {
  /** Resolves when this instance listens (after a reconnect too). */
  readonly listening: Promise<void>
  close(): Promise<void>
}

/**
 * Shares committed changes between every instance on one PostgreSQL database. Each change this
 * instance's feed sees (sent after its commit) goes out as a NOTIFY; a notification from another
 * instance is emitted on the local feed, so its render cache drops those bytes and its live
 * streams push the new progress at once instead of at their next heartbeat.
 *
 * One dedicated connection (LISTEN needs a session, so not from the pool) both listens and
 * notifies, one query at a time: a pg client given a query while another runs queues it (pg
 * deprecates that), and every NOTIFY commit takes a cluster-wide lock in PostgreSQL. So changes
 * that arrive while a NOTIFY is on its way are coalesced (one per campaign month) and go out
 * together in the next, which keeps the NOTIFY rate bounded whatever the webhook rate.
 * When the connection is lost it is opened again with backoff, then `resync` tells the feed
 * that everything may have changed (notifications sent meanwhile are gone).
 */
export function relayChanges(
  feed: ChangeFeed,
  url: string,
  log: Logger,
  /** After a lost connection is back: emit a change for everything that may have been missed. */
  resync: () => Promise<void> = async () => {},
): ChangeRelay {
  const origin = crypto.randomUUID()
  let client: pg.Client | undefined
  let closed = false
  let attempt = 0
  let resolveListening = () => {}
  const listening = new Promise<void>((r) => {
    resolveListening = r
  })

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'supportbar-changes' })
    // Without an error listener a lost connection would crash the process.
    c.on('error', (err) => log.warn('change relay: connection error', { error: err.message }))
    c.on('end', () => {
      if (client === c) client = undefined
      if (!closed) retry()
    })
    c.on('notification', (n) => {
      if (n.channel !== CHANGES_CHANNEL || !n.payload) return
      for (const change of decodeChanges(origin, n.payload)) feed.emit(change)
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${CHANGES_CHANNEL}`)
    } catch (err) {
      await c.end().catch(() => {})
      throw err
    }
    if (closed) {
      await c.end()
      return
    }
    client = c
    void drain()
    const reconnected = attempt > 0
    attempt = 0
    resolveListening()
    if (reconnected) {
      log.info('change relay: listening again')
      await resync().catch((err: Error) =>
        log.warn('change relay: resync failed', { error: err.message }),
      )
    }
  }

  const retry = () => {
    const wait = Math.min(RETRY_MS[0] * 2 ** attempt++, RETRY_MS[1])
    setTimeout(() => {
      if (closed) return
      connect().catch((err: Error) => {
        log.warn('change relay: cannot listen, retrying', { error: err.message })
        retry()
      })
    }, wait).unref()
  }

  // Kept while no connection is up, and put back when a NOTIFY fails: a change this instance
  // commits while its relay is down is sent once it listens again. The other instances would
  // never resync it, since their own connections may never have dropped.
  const pending = new PendingChanges()
  let sending = false
  /** Sends what is pending, one NOTIFY at a time, until nothing is left (or no connection). */
  const drain = async (): Promise<void> => {
    if (sending) return
    sending = true
    try {
      for (let c = client; c && pending.size > 0 && !closed; c = client) {
        const changes = pending.take()
        try {
          for (const payload of encodeChanges(origin, changes)) {
            await c.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload])
          }
        } catch (err) {
          // Sent again whole (a repeated change only drops the same bytes twice) by the next
          // drain: the next change, or the connection that replaces this one.
          for (const change of changes) pending.add(change)
          log.warn('change relay: notify failed', { error: (err as Error).message })
          return
        }
      }
    } finally {
      sending = false
    }
  }

  const unsubscribe = feed.subscribe((change) => {
    if (change.remote) return
    pending.add(change)
    void drain()
  })

  connect().catch((err: Error) => {
    log.warn('change relay: cannot listen, retrying', { error: err.message })
    retry()
  })

  return {
    listening,
    close: async () => {
      closed = true
      unsubscribe()
      await client?.end().catch(() => {})
    },
  }
}
