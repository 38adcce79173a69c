import type { DurableObjectNamespace } from '@cloudflare/workers-types'
import type { createApp } from '../app.js'
import { type Change, ChangeFeed } from '../read/change-feed.js'

/** Path a Worker posts a committed change to, inside the campaign's Durable Object. */
const CHANGED_PATH = '/__supportbar/changed'

/** `/api/campaigns/:slug/stream`: the one route a campaign's Durable Object serves. */
const STREAM_PATH = /^\/api\/campaigns\/([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)\/stream$/

/** The campaign slug of a live-stream request, if it is one. */
export function streamSlug(request: Request): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined
  return STREAM_PATH.exec(new URL(request.url).pathname)?.[1]
}

type App = ReturnType<typeof createApp>

/**
 * The live streams of one campaign on Workers. Each isolate sees only its own writes, so no
 * isolate can hold streams; one Durable Object per campaign (named by its slug) holds all of
 * them instead. The Worker forwards stream requests to it and tells it of every change it
 * commits; the object runs the same app (and the same stream route) with streams on, and its
 * own change feed, render cache and heartbeat.
 */
export class CampaignStreamsCore {
  readonly feed = new ChangeFeed()
  #app: App | undefined

  constructor(private readonly makeApp: (feed: ChangeFeed) => App) {}

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === CHANGED_PATH && request.method === 'POST') {
      const change = (await request.json()) as Change
      if (typeof change.campaign !== 'string') return new Response(null, { status: 400 })
      this.feed.emit({
        campaign: change.campaign,
        ...(typeof change.month === 'string' ? { month: change.month } : {}),
        remote: true,
      })
      return new Response(null, { status: 204 })
    }
    this.#app ??= this.makeApp(this.feed)
    return this.#app.fetch(request)
  }
}

/** Tells a campaign's Durable Object of a change (the Worker keeps the promise alive). */
export function notifyStreams(ns: DurableObjectNamespace, change: Change): Promise<void> {
  const stub = ns.get(ns.idFromName(change.campaign))
  const body = JSON.stringify({ campaign: change.campaign, month: change.month })
  return stub
    .fetch(`https://streams${CHANGED_PATH}`, { method: 'POST', body })
    .then(async (res) => {
      await res.body?.cancel()
    })
}
