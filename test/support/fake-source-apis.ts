import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Fakes of the platforms' APIs the backfill reads, on 127.0.0.1, each answering in the shape
 * its platform documents and checking its credentials (401 otherwise; 500 for all while
 * `fail` is set):
 * - GitHub's GraphQL API (`POST /github/graphql`, `Authorization: bearer <token>`):
 *   `viewer.sponsorshipsAsMaintainer` and `viewer.sponsorsActivities(since, until)` as
 *   connections {pageInfo{hasNextPage, endCursor}, nodes} (octokit/graphql-schema schema.graphql:
 *   Sponsorship, SponsorsActivity), one node a page so paging is exercised.
 * - Buy Me a Coffee (`/bmc/api/v1/supporters`, `/bmc/api/v1/subscriptions?status=all`, Bearer):
 *   Laravel pages {current_page, last_page, data} (api-evangelist/buymeacoffee collections).
 * - Donorbox (`/donorbox/api/v1/donations`, basic auth e-mail:API key): a JSON array of
 *   donations (donorbox/donorbox-api README.md), filtered by date_from/date_to (days),
 *   `per_page` and `page`.
 * - Patreon (`/patreon/api/oauth2/v2/campaigns`, `/campaigns/{id}/members?include=pledge_history`,
 *   Bearer): JSON:API documents, members in `data`, pledge-events in `included`, the next page's
 *   cursor in meta.pagination.cursors.next (Patreon/platform-documentation _resources_v2.md).
 */
export class FakeSourceApis {
  static readonly GITHUB_TOKEN = 'ghp-sponsors-token-1'
  static readonly BMC_TOKEN = 'bmc-api-token-1'
  static readonly DONORBOX_USER = 'desk@example.org'
  static readonly DONORBOX_KEY = 'donorbox-api-key-1'
  static readonly PATREON_TOKEN = 'patreon-creator-token-1'

  readonly sponsorships: Record<string, unknown>[] = []
  readonly activities: Record<string, unknown>[] = []
  readonly supporters: Record<string, unknown>[] = []
  readonly subscriptions: Record<string, unknown>[] = []
  readonly donations: Record<string, unknown>[] = []
  /** Patreon: campaign id -> its members and their pledge events. */
  readonly patreon = new Map<
    string,
    { members: Record<string, unknown>[]; events: Record<string, unknown>[] }
  >()
  /** The organization whose sponsorships `repositoryOwner(login)` answers. */
  readonly login = 'the-daily-news'
  fail = false
  requests = 0
  url = ''
  #server: Server | undefined

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        this.requests++
        const [status, answer] = this.fail ? [500, { error: 'down' }] : this.#answer(req, body)
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(answer))
      })
    })
    const server = this.#server
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return this
  }

  stop(): Promise<void> {
    return new Promise((ok) => (this.#server ? this.#server.close(() => ok()) : ok()))
  }

  env(): Record<string, string> {
    return {
      GITHUB_SPONSORS_TOKEN: FakeSourceApis.GITHUB_TOKEN,
      GITHUB_API_URL: `${this.url}/github/graphql`,
      BMC_API_TOKEN: FakeSourceApis.BMC_TOKEN,
      BMC_API_URL: `${this.url}/bmc/api/v1`,
      DONORBOX_API_USER: FakeSourceApis.DONORBOX_USER,
      DONORBOX_API_KEY: FakeSourceApis.DONORBOX_KEY,
      DONORBOX_API_URL: `${this.url}/donorbox`,
      PATREON_ACCESS_TOKEN: FakeSourceApis.PATREON_TOKEN,
      PATREON_API_URL: `${this.url}/patreon`,
    }
  }

  #answer(req: IncomingMessage, body: string): [number, unknown] {
    const url = new URL(req.url ?? '/', this.url)
    const auth = req.headers.authorization ?? ''
    const path = url.pathname
    if (path === '/github/graphql') {
      if (auth !== `bearer ${FakeSourceApis.GITHUB_TOKEN}`)
        return [401, { message: 'Bad credentials' }]
      return [200, this.#github(JSON.parse(body) as GraphqlCall)]
    }
    if (path.startsWith('/bmc/api/v1/')) {
      if (auth !== `Bearer ${FakeSourceApis.BMC_TOKEN}`) return [401, {}]
      const list = path.endsWith('/supporters') ? this.supporters : this.subscriptions
      return [200, laravel(list, Number(url.searchParams.get('page') ?? '1'))]
    }
    if (path === '/donorbox/api/v1/donations') {
      const basic = `Basic ${btoa(`${FakeSourceApis.DONORBOX_USER}:${FakeSourceApis.DONORBOX_KEY}`)}`
      if (auth !== basic) return [401, { error: 'unauthorized' }]
      return [200, this.#donorbox(url.searchParams)]
    }
    if (path.startsWith('/patreon/api/oauth2/v2/campaigns')) {
      if (auth !== `Bearer ${FakeSourceApis.PATREON_TOKEN}`) return [401, { errors: [] }]
      return this.#patreon(path, url.searchParams)
    }
    return [404, { error: 'not found' }]
  }

  #github(call: GraphqlCall): unknown {
    const after = Number(call.variables?.after ?? '0')
    const page = (nodes: Record<string, unknown>[]) => ({
      pageInfo: { hasNextPage: after + 1 < nodes.length, endCursor: String(after + 1) },
      nodes: nodes.slice(after, after + 1),
    })
    // The token's own account (`viewer`), or the one named (`repositoryOwner(login)`).
    const root = (v: unknown) =>
      call.query.includes('repositoryOwner(login: $login)')
        ? { repositoryOwner: call.variables?.login === this.login ? v : null }
        : { viewer: v }
    if (call.query.includes('sponsorshipsAsMaintainer')) {
      return { data: root({ sponsorshipsAsMaintainer: page(this.sponsorships) }) }
    }
    const since = Date.parse(String(call.variables?.since))
    const until = Date.parse(String(call.variables?.until))
    const within = this.activities.filter((a) => {
      const t = Date.parse(String(a.timestamp))
      return t >= since && t < until
    })
    return { data: root({ sponsorsActivities: page(within) }) }
  }

  #donorbox(q: URLSearchParams): unknown {
    const from = q.get('date_from') ?? '0000-00-00'
    const to = q.get('date_to') ?? '9999-99-99'
    const perPage = Math.min(100, Number(q.get('per_page') ?? '50'))
    const page = Number(q.get('page') ?? '1')
    const within = this.donations.filter((d) => {
      const day = String(d.donation_date).slice(0, 10)
      return day >= from && day <= to
    })
    return within.slice((page - 1) * perPage, page * perPage)
  }

  #patreon(path: string, q: URLSearchParams): [number, unknown] {
    if (path === '/patreon/api/oauth2/v2/campaigns') {
      return [
        200,
        { data: [...this.patreon.keys()].map((id) => ({ type: 'campaign', id })), meta: {} },
      ]
    }
    const m = /^\/patreon\/api\/oauth2\/v2\/campaigns\/([^/]+)\/members$/.exec(path)
    const campaign = m ? this.patreon.get(decodeURIComponent(m[1] ?? '')) : undefined
    if (!campaign || q.get('include') !== 'pledge_history') return [404, { errors: [] }]
    const at = Number(q.get('page[cursor]') ?? '0')
    const data = campaign.members.slice(at, at + 1)
    const next = at + 1 < campaign.members.length ? String(at + 1) : null
    return [
      200,
      {
        data,
        included: campaign.events,
        meta: { pagination: { total: campaign.members.length, cursors: { next } } },
      },
    ]
  }
}

interface GraphqlCall {
  query: string
  variables?: Record<string, unknown>
}

/** One item a page, as Laravel paginates (Buy Me a Coffee's API). */
function laravel(list: unknown[], page: number) {
  return {
    current_page: page,
    last_page: Math.max(1, list.length),
    per_page: 1,
    total: list.length,
    data: list.slice(page - 1, page),
  }
}

// --- What each platform's API holds, in its documented shape ----------------------------------

/** A GitHub `Sponsorship` node (schema.graphql) of a monthly or one-time tier. */
export function ghSponsorship(
  id: string,
  o: { createdAt: string; cents?: number; oneTime?: boolean; active?: boolean; sponsor?: string },
) {
  return {
    id,
    createdAt: o.createdAt,
    isActive: o.active ?? true,
    isOneTimePayment: o.oneTime ?? false,
    tierSelectedAt: o.createdAt,
    tier: { monthlyPriceInCents: o.cents ?? 500, isOneTime: o.oneTime ?? false },
    sponsorEntity: { id: o.sponsor ?? 'MDQ6VXNlcjI=' },
  }
}

/** A GitHub `SponsorsActivity` node: a cancellation of this sponsor's sponsorship. */
export const ghCancelled = (sponsor: string, timestamp: string) => ({
  action: 'CANCELLED_SPONSORSHIP',
  timestamp,
  sponsor: { id: sponsor },
})

/** A Buy Me a Coffee membership as /subscriptions lists it. */
export function bmcSubscription(
  id: number,
  o: { created: string; periodStart: string; price?: string; cancelledOn?: string | null },
) {
  return {
    subscription_id: id,
    subscription_cancelled_on: o.cancelledOn ?? null,
    subscription_created_on: o.created,
    subscription_updated_on: o.periodStart,
    subscription_current_period_start: o.periodStart,
    subscription_current_period_end: o.periodStart,
    subscription_coffee_price: o.price ?? '10.0000',
    subscription_coffee_num: 1,
    subscription_is_cancelled: o.cancelledOn ? true : null,
    subscription_is_cancelled_at_period_end: null,
    subscription_currency: 'USD',
    subscription_message: null,
    message_visibility: 1,
    subscription_duration_type: 'month',
    referer: null,
    country: 'US',
    transaction_id: `pi_${id}`,
    payer_email: 'member@example.com',
    payer_name: 'A member',
  }
}

/** A Buy Me a Coffee one-time supporter as /supporters lists it. */
export function bmcSupporter(
  id: number,
  o: { created: string; price?: string; coffees?: number; refunded?: boolean; updated?: string },
) {
  return {
    support_id: id,
    support_note: 'Thanks!',
    support_coffees: o.coffees ?? 1,
    transaction_id: `pi_s${id}`,
    support_visibility: 1,
    support_created_on: o.created,
    support_updated_on: o.updated ?? o.created,
    transfer_id: null,
    supporter_name: 'John',
    support_coffee_price: o.price ?? '5.0000',
    support_email: 'john@example.com',
    is_refunded: o.refunded ? true : null,
    support_currency: 'USD',
    support_note_pinned: 0,
    referer: null,
    country: 'US',
    payer_email: 'john@example.com',
    payment_platform: 'stripe',
    payer_name: 'John',
  }
}
