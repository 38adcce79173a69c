import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { ChangeFeed } from '../read/change-feed.js'
import { listCampaigns } from '../store/campaigns.js'
import type { Store } from '../store/store.js'

/** The change feed of a Node instance, and what ends its link to the other instances. */
export interface LiveChanges {
  feed: ChangeFeed
  close(): Promise<void>
}

/**
 * The change feed of this instance. On PostgreSQL several instances share one database, so
 * their changes reach each other through LISTEN/NOTIFY (src/node/pg-changes.ts); after a lost
 * relay connection comes back, every campaign is marked changed, as notifications sent while it
 * was down are gone. Resolves once this instance listens.
 */
export async function liveChanges(store: Store, config: Config, log: Logger): Promise<LiveChanges> {
  const feed = new ChangeFeed()
  if (store.dialect !== 'postgres') return { feed, close: async () => {} }
  const { relayChanges } = await import('./pg-changes.js')
  const relay = relayChanges(feed, config.databaseUrl, log, async () => {
    for (const c of await listCampaigns(store)) feed.emit({ campaign: c.slug, remote: true })
  })
  await relay.listening
  return { feed, close: () => relay.close() }
}
