import { ApiError } from '../../errors.js'
import { mappedOk } from '../../stripe/incoming.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { VerifyError } from '../../stripe/verify.js'
import { idOf, objectOf, parseJson } from '../fields.js'
import type { Source } from '../source.js'
import { mapTransaction, type OcTransaction } from './map.js'

/** OPENCOLLECTIVE_API_URL (GraphQL v2) and OPENCOLLECTIVE_TOKEN (a personal token). */
export interface OpenCollectiveSettings {
  apiUrl: string
  token: string
  /** Tests may inject one; default: fetch. */
  fetcher?: typeof fetch
}

/** The activity whose transaction is money (OC server/constants/activities.ts). */
export const OC_TRANSACTION_CREATED = 'collective.transaction.created'

const QUERY = `query Confirm($transaction: TransactionReferenceInput!) {
  transaction(transaction: $transaction) {
    legacyId type kind isRefund createdAt
    amount { valueInCents currency }
    toAccount { slug } fromAccount { slug }
    refundTransaction { legacyId }
  }
}`

/** What the proof returns: the activity as posted and the transaction as the API confirms it. */
export interface Confirmed {
  activity: Record<string, unknown>
  transaction: OcTransaction | null
}

/**
 * Open Collective (`POST /webhooks/opencollective`): its webhooks are not signed
 * (opencollective#4073), so nothing in the body is believed: the transaction it names is fetched
 * from the GraphQL API, and only what that returns counts. One the API does not know is refused
 * (400, nothing stored); an API that cannot answer now is a 503. Other activities are kept as
 * ignored without a lookup.
 */
export const opencollective: Source<OpenCollectiveSettings> = {
  name: 'opencollective',
  label: 'Open Collective',
  settings: 'OPENCOLLECTIVE_API_URL, OPENCOLLECTIVE_TOKEN',
  async verify({ raw }, settings): Promise<Confirmed> {
    const activity = objectOf(parseJson(raw, 'Open Collective body'), 'Open Collective body')
    if (activity.type !== OC_TRANSACTION_CREATED) return { activity, transaction: null }
    const data = objectOf(activity.data, 'Open Collective activity data')
    const txn = objectOf(data.transaction, 'Open Collective activity transaction')
    const legacyId = Number(idOf(txn.id, 'Open Collective activity transaction'))
    let res: Response
    try {
      res = await (settings.fetcher ?? fetch)(settings.apiUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Personal-Token': settings.token },
        body: JSON.stringify({ query: QUERY, variables: { transaction: { legacyId } } }),
      })
    } catch (err) {
      throw new ApiError(
        503,
        'unavailable',
        `Open Collective's API cannot be reached: ${(err as Error).message}`,
      )
    }
    if (!res.ok) {
      throw new ApiError(
        503,
        'unavailable',
        `Open Collective's API answered ${res.status}; send again later`,
      )
    }
    const answer = (await res.json().catch(() => null)) as {
      data?: { transaction?: OcTransaction | null }
    } | null
    const confirmed = answer?.data?.transaction
    if (!confirmed || String(confirmed.legacyId) !== String(legacyId)) {
      throw new VerifyError(
        'invalid_signature',
        `Open Collective does not confirm transaction ${legacyId}`,
      )
    }
    return { activity, transaction: confirmed }
  },
  incoming(body) {
    const { activity, transaction } = body as Confirmed
    const mapped = transaction ? mapTransaction(transaction) : { money: [], facts: [] }
    if (!mappedOk(mapped))
      throw new MalformedEvent('Confirmed Open Collective transaction has not its shape')
    const type = typeof activity.type === 'string' ? activity.type.slice(0, 100) : 'unknown'
    const id = transaction
      ? `tx-${String(transaction.legacyId)}`
      : `activity-${String(activity.id ?? 'none')}`
    const created = Date.parse(String(activity.createdAt ?? ''))
    return {
      id: `opencollective:${id}`.slice(0, 255),
      type,
      created: Number.isFinite(created) ? Math.floor(created / 1000) : 0,
      livemode: true,
      provider: 'opencollective',
      account: null,
      apiVersion: null,
      body: { activity, confirmed: transaction },
      ...mapped,
    }
  },
}
