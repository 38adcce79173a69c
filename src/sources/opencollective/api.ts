import { claimOf } from '../../domain/keys.js'
import { type ApiBase, graphql, MAX_PAGES } from '../backfill/api.js'
import { apiEvents, type Listed, mapEach } from '../backfill/events.js'
import { mapTransaction, type OcTransaction } from './map.js'

/** OPENCOLLECTIVE_API_URL (GraphQL v2) and OPENCOLLECTIVE_TOKEN, as the webhook's lookup. */
export interface OcApiSettings extends ApiBase {
  token: string
}

const LIMIT = 100

/**
 * The GraphQL API v2's `transactions(account, dateFrom, dateTo, limit, offset)`
 * (opencollective-api server/graphql/schemaV2.graphql: a TransactionCollection {totalCount,
 * nodes}), with the fields the webhook's lookup reads. The account is written into the query
 * as a literal: a list argument takes one item as well (GraphQL's input coercion), whichever
 * of the two shapes the schema has.
 */
const query = (
  slug: string,
) => `query Backfill($dateFrom: DateTime, $dateTo: DateTime, $limit: Int, $offset: Int) {
  transactions(account: {slug: ${JSON.stringify(slug)}}, dateFrom: $dateFrom, dateTo: $dateTo,
    limit: $limit, offset: $offset) {
    totalCount
    nodes {
      legacyId type kind isRefund createdAt
      amount { valueInCents currency }
      toAccount { slug } fromAccount { slug }
      refundTransaction { legacyId }
    }
  }
}`

/**
 * Every transaction of each collective a campaign claims (`opencollective:<slug>`) since
 * `since`, mapped as a confirmed webhook transaction is (src/sources/opencollective/map.ts):
 * the collective's CREDIT gifts and its refunds; the other rows count nothing.
 */
export async function ocApiEvents(
  s: OcApiSettings,
  w: { since: Date; now: Date },
  collectives: readonly string[],
): Promise<Listed> {
  // No campaign claims a collective (`opencollective:<slug>`): there is no account to read.
  if (collectives.length === 0) return { events: [], failed: [] }
  const found: OcTransaction[] = []
  for (const slug of collectives) {
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await graphql('Open Collective', s, { 'Personal-Token': s.token }, query(slug), {
        dateFrom: w.since.toISOString(),
        dateTo: w.now.toISOString(),
        limit: LIMIT,
        offset: page * LIMIT,
      })
      const list = data.transactions as { nodes?: (OcTransaction | null)[] } | null
      const nodes = (list?.nodes ?? []).filter((n): n is OcTransaction => n !== null)
      found.push(...nodes)
      if (nodes.length < LIMIT) break
    }
  }
  return mapEach(
    'opencollective',
    found,
    (t) => String(t.legacyId),
    (t) => {
      const slug = typeof t.toAccount?.slug === 'string' ? t.toAccount.slug : null
      return apiEvents(
        'opencollective',
        { endpoint: 'graphql:transactions', id: String(t.legacyId) },
        mapTransaction(t),
        w.now,
        slug ? claimOf('opencollective', slug) : null,
      )
    },
  )
}
