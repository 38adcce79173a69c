import pg from 'pg'
import type { Logger } from '../log.js'
import type { Change, ChangeFeed } from '../read/change-feed.js'

/** The channel every instance on one database listens on. */
export const CHANGES_CHANNEL = 'supportbar_changes'

/** First and longest wait before connecting the listener again after it was lost. */
const RETRY_MS = [250, 5000] as const

interface Wire {
  /** The instance that committed the change, so it does not hear itself. */
  o: string
  c: string
  m?: string
}

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
 * notifies. When it is lost it is opened again with backoff, then `resync` tells the feed that
 * everything may have changed (notifications sent meanwhile are gone).
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
      let wire: Wire
      try {
        wire = JSON.parse(n.payload) as Wire
      } catch {
        return
      }
      if (wire.o === origin || typeof wire.c !== 'string') return
      const change: Change = { campaign: wire.c, remote: true }
      if (typeof wire.m === 'string') change.month = wire.m
      feed.emit(change)
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

  const unsubscribe = feed.subscribe((change) => {
    if (change.remote) return
    const c = client
    if (!c) return
    const wire: Wire = {
      o: origin,
      c: change.campaign,
      ...(change.month ? { m: change.month } : {}),
    }
    c.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(wire)]).catch(
      (err: Error) => log.warn('change relay: notify failed', { error: err.message }),
    )
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
