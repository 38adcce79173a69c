import { claimOf } from '../../domain/keys.js'
import type { Mapped } from '../../ingest/facts.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { currencyOf, idOf, minorOfInt, unixOf } from '../fields.js'
import { payment, refund } from '../money.js'

/**
 * An Open Collective transaction as its GraphQL API v2 confirms it (schemaV2.graphql
 * `Transaction`: legacyId, type CREDIT|DEBIT, kind, isRefund, createdAt, amount{valueInCents,
 * currency}, toAccount{slug}, refundTransaction{legacyId}), as neutral facts (pure). Only what
 * the API returns is read, never the webhook's own copy. A contribution is the collective's
 * CREDIT row, `opencollective:payment:<legacyId>`; a refund its DEBIT row with isRefund,
 * `opencollective:refund:<legacyId>`, reversing the transaction `refundTransaction` names.
 */

export interface OcTransaction {
  legacyId?: unknown
  type?: unknown
  kind?: unknown
  isRefund?: unknown
  createdAt?: unknown
  amount?: { valueInCents?: unknown; currency?: unknown }
  toAccount?: { slug?: unknown } | null
  fromAccount?: { slug?: unknown } | null
  refundTransaction?: { legacyId?: unknown } | null
}

/** The kinds of CREDIT that are money given to the collective. */
const GIFTS = new Set(['CONTRIBUTION', 'ADDED_FUNDS'])

export function mapTransaction(t: OcTransaction): Mapped {
  const id = idOf(t.legacyId, 'Open Collective transaction')
  const what = `Open Collective transaction ${id}`
  const currency = currencyOf(t.amount?.currency, what)
  const cents = Math.abs(Number(t.amount?.valueInCents))
  minorOfInt(cents, what)
  const at = unixOf(t.createdAt, what)
  if (t.type === 'CREDIT' && t.isRefund !== true && GIFTS.has(String(t.kind))) {
    const slug = typeof t.toAccount?.slug === 'string' ? t.toAccount.slug : null
    const origin = slug ? claimOf('opencollective', slug) : null
    return {
      money: [
        payment('opencollective', {
          id,
          amount: cents,
          currency,
          occurredAt: at,
          campaign: null,
          data: { origin, kind: t.kind },
        }),
      ],
      facts: [],
    }
  }
  if (t.type === 'DEBIT' && t.isRefund === true) {
    const paid = t.refundTransaction?.legacyId
    if (paid === undefined || paid === null) {
      throw new MalformedEvent(`${what} is a refund naming no transaction`)
    }
    return {
      money: [
        refund('opencollective', {
          id,
          paid: idOf(paid, what),
          amount: cents,
          currency,
          occurredAt: at,
        }),
      ],
      facts: [],
    }
  }
  return { money: [], facts: [] }
}
