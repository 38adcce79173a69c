import { type ApiBase, graphql, MAX_PAGES, SourceApiError } from '../backfill/api.js'
import { apiEvents, type Listed, mapEach } from '../backfill/events.js'
import {
  cancellations,
  type GithubActivity,
  type GithubSponsorship,
  mapGithubSponsorship,
} from './backfill.js'

/** GITHUB_SPONSORS_TOKEN (the sponsored account's token) and GITHUB_API_URL (GraphQL). */
export interface GithubApiSettings extends ApiBase {
  token: string
}

const SPONSORSHIPS = `query Sponsorships($after: String) {
  viewer {
    sponsorshipsAsMaintainer(first: 100, after: $after, activeOnly: false, includePrivate: true) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id createdAt isActive isOneTimePayment tierSelectedAt
        tier { monthlyPriceInCents isOneTime }
        sponsorEntity { ... on User { id } ... on Organization { id } }
      }
    }
  }
}`

const ACTIVITIES = `query Cancellations($since: DateTime!, $until: DateTime!, $after: String) {
  viewer {
    sponsorsActivities(first: 100, after: $after, since: $since, until: $until,
      actions: [CANCELLED_SPONSORSHIP], includePrivate: true) {
      pageInfo { hasNextPage endCursor }
      nodes { action timestamp sponsor { ... on User { id } ... on Organization { id } } }
    }
  }
}`

interface Page<T> {
  pageInfo?: { hasNextPage?: unknown; endCursor?: unknown }
  nodes?: (T | null)[]
}

/** Every page of a connection under `viewer`. */
async function all<T>(
  s: GithubApiSettings,
  query: string,
  field: string,
  vars: Record<string, unknown>,
): Promise<T[]> {
  const out: T[] = []
  let after: string | null = null
  for (let i = 0; i < MAX_PAGES; i++) {
    const data = await graphql('GitHub', s, { Authorization: `bearer ${s.token}` }, query, {
      ...vars,
      after,
    })
    const page = (data.viewer as Record<string, Page<T>> | null)?.[field]
    if (!page) throw new SourceApiError('GitHub', `GitHub's API answered no ${field}`)
    for (const n of page.nodes ?? []) if (n) out.push(n)
    if (page.pageInfo?.hasNextPage !== true || typeof page.pageInfo.endCursor !== 'string') break
    after = page.pageInfo.endCursor
  }
  return out
}

/**
 * The sponsorships the token's account receives (past ones too) and the cancellations since
 * `since`, as events: each charge within the window, and each sponsorship's state.
 */
export async function githubApiEvents(
  s: GithubApiSettings,
  w: { since: Date; now: Date },
): Promise<Listed> {
  const sponsorships = await all<GithubSponsorship>(s, SPONSORSHIPS, 'sponsorshipsAsMaintainer', {})
  const activities = await all<GithubActivity>(s, ACTIVITIES, 'sponsorsActivities', {
    since: w.since.toISOString(),
    until: w.now.toISOString(),
  })
  const cancelled = cancellations(activities)
  const since = Math.floor(w.since.getTime() / 1000)
  const until = Math.floor(w.now.getTime() / 1000)
  return mapEach(
    'github',
    sponsorships,
    (sp) => String(sp.id),
    (sp) =>
      apiEvents(
        'github',
        { endpoint: 'graphql:sponsorship', id: String(sp.id) },
        mapGithubSponsorship(sp, cancelled, since, until),
        w.now,
      ),
  )
}
