import { type ApiBase, graphql, MAX_PAGES, SourceApiError } from '../backfill/api.js'
import { apiEvents, type Listed, mapEach } from '../backfill/events.js'
import {
  cancellations,
  type GithubActivity,
  type GithubSponsorship,
  mapGithubRefund,
  mapGithubSponsorship,
} from './backfill.js'

/**
 * GITHUB_SPONSORS_TOKEN, GITHUB_API_URL (GraphQL), and GITHUB_SPONSORS_LOGIN: the sponsored
 * organization or user, when it is not the token's own account.
 */
export interface GithubApiSettings extends ApiBase {
  token: string
  login?: string
}

/**
 * The sponsored account: the token's own (`viewer`), or the one named, through
 * `repositoryOwner(login)` (a User or an Organization, both Sponsorable in the schema).
 */
const owner = (login: boolean, selection: string) =>
  login
    ? `repositoryOwner(login: $login) { ... on Sponsorable { ${selection} } }`
    : `viewer { ${selection} }`

const sponsorships = (
  login: boolean,
) => `query Sponsorships($after: String${login ? ', $login: String!' : ''}) {
  ${owner(
    login,
    `sponsorshipsAsMaintainer(first: 100, after: $after, activeOnly: false, includePrivate: true) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id createdAt isActive isOneTimePayment tierSelectedAt
        tier { monthlyPriceInCents isOneTime }
        sponsorEntity { ... on User { id } ... on Organization { id } }
      }
    }`,
  )}
}`

const activities = (
  login: boolean,
) => `query Cancellations($since: DateTime!, $until: DateTime!, $after: String${login ? ', $login: String!' : ''}) {
  ${owner(
    login,
    `sponsorsActivities(first: 100, after: $after, since: $since, until: $until,
      actions: [CANCELLED_SPONSORSHIP, REFUND], includePrivate: true) {
      pageInfo { hasNextPage endCursor }
      nodes {
        action timestamp sponsorsTier { monthlyPriceInCents }
        sponsor { ... on User { id } ... on Organization { id } }
      }
    }`,
  )}
}`

interface Page<T> {
  pageInfo?: { hasNextPage?: unknown; endCursor?: unknown }
  nodes?: (T | null)[]
}

/** Every page of a connection of the sponsored account. */
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
      ...(s.login ? { login: s.login } : {}),
      after,
    })
    const root = s.login ? data.repositoryOwner : data.viewer
    const page = (root as Record<string, Page<T>> | null)?.[field]
    if (!page) {
      const who = s.login ? `the account ${s.login}` : "the token's account"
      throw new SourceApiError('GitHub', `GitHub's API answered no ${field} for ${who}`)
    }
    for (const n of page.nodes ?? []) if (n) out.push(n)
    if (page.pageInfo?.hasNextPage !== true || typeof page.pageInfo.endCursor !== 'string') break
    after = page.pageInfo.endCursor
  }
  return out
}

/**
 * The sponsorships the account receives (past ones too) and the cancellations and refunds
 * since `since`, as events: each charge within the window, each refund, each sponsorship's state.
 */
export async function githubApiEvents(
  s: GithubApiSettings,
  w: { since: Date; now: Date },
): Promise<Listed> {
  const named = s.login !== undefined
  const found = await all<GithubSponsorship>(s, sponsorships(named), 'sponsorshipsAsMaintainer', {})
  const activityList = await all<GithubActivity>(s, activities(named), 'sponsorsActivities', {
    since: w.since.toISOString(),
    until: w.now.toISOString(),
  })
  const cancelled = cancellations(activityList)
  const since = Math.floor(w.since.getTime() / 1000)
  const until = Math.floor(w.now.getTime() / 1000)
  const charges = mapEach(
    'github',
    found,
    (sp) => String(sp.id),
    (sp) =>
      apiEvents(
        'github',
        { endpoint: 'graphql:sponsorship', id: String(sp.id) },
        mapGithubSponsorship(sp, cancelled, since, until),
        w.now,
      ),
  )
  const refunds = mapEach(
    'github',
    activityList.filter((a) => a.action === 'REFUND'),
    (a) => `refund-${String(a.timestamp)}`,
    (a) => {
      const mapped = mapGithubRefund(a, found)
      if (!mapped)
        throw new Error(`GitHub refund of ${String(a.timestamp)} names no known sponsorship`)
      return apiEvents('github', { endpoint: 'graphql:activity', id: 'refund' }, mapped, w.now)
    },
  )
  return {
    events: [...charges.events, ...refunds.events],
    failed: [...charges.failed, ...refunds.failed],
  }
}
