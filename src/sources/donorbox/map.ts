import { claimOf, providerKey } from '../../domain/keys.js'
import type { Mapped, MoneyEffect } from '../../ingest/facts.js'
import { currencyOf, idOf, idOrNull, minorOfMajor, objectOf, unixOf } from '../fields.js'
import { payment } from '../money.js'

/**
 * Donorbox's donation (webhook payload v1: an array of one donation) as neutral facts (pure).
 * Fields as donorbox/donorbox-api README.md documents a donation: id, campaign{id, name},
 * amount ("100.0"), currency, recurring, first_recurring_donation, amount_refunded ("0.0",
 * cumulative), status, donation_date, processing_fee (0.59). The payment is
 * `donorbox:payment:<id>`; its refunds so far a cumulative refund `donorbox:refund:<id>`, entered
 * as the step from what was counted (`donorbox:refund:<id>:<level>`). Its campaign: the claim
 * `donorbox:<campaign id>` (`data.origin`, resolved by the receiver), else the claim `donorbox`.
 */

export interface DonorboxDonation {
  id?: unknown
  campaign?: { id?: unknown; name?: unknown }
  amount?: unknown
  currency?: unknown
  recurring?: unknown
  first_recurring_donation?: unknown
  amount_refunded?: unknown
  status?: unknown
  donation_date?: unknown
  processing_fee?: unknown
}

export function mapDonation(raw: unknown): MoneyEffect[] {
  const d = objectOf(raw, 'Donorbox donation') as DonorboxDonation
  const id = idOf(d.id, 'Donorbox donation')
  const what = `Donorbox donation ${id}`
  const currency = currencyOf(d.currency, what)
  const amount = minorOfMajor(d.amount, currency, what)
  const refunded =
    d.amount_refunded === undefined || d.amount_refunded === null
      ? 0
      : minorOfMajor(d.amount_refunded, currency, `${what} refund`)
  const at = unixOf(d.donation_date, what)
  const campaignId = idOrNull(d.campaign?.id)
  const origin = campaignId ? claimOf('donorbox', campaignId) : null
  const fee =
    typeof d.processing_fee === 'number' || typeof d.processing_fee === 'string'
      ? minorOfMajor(d.processing_fee, currency, `${what} fee`)
      : null
  const paid = payment('donorbox', {
    id,
    amount,
    currency,
    occurredAt: at,
    campaign: null,
    data: {
      origin,
      status: typeof d.status === 'string' ? d.status : null,
      recurring: d.recurring === true,
      first: d.first_recurring_donation === true,
    },
  })
  const money: MoneyEffect[] = [
    {
      ...paid,
      balance:
        fee === null
          ? null
          : {
              id,
              amount,
              fee,
              net: amount - fee,
              currency,
              exchangeRate: null,
              feeDetails: [{ type: 'donorbox_processing_fee', amount: fee }],
            },
    },
  ]
  if (refunded > 0) {
    money.push({
      ...paid,
      entryKey: providerKey('donorbox', 'refund', id),
      kind: 'refund',
      amount: -refunded,
      occurredAt: at,
      sourceId: id,
      paymentCreated: null,
      balance: null,
      data: { provider: 'donorbox', reverses: id },
      cumulative: true,
    })
  }
  return money
}

/** A delivery (v1: an array of donations; one object also read) as facts. */
export function mapDonorbox(body: unknown): Mapped {
  const list = Array.isArray(body) ? body : [body]
  return { money: list.slice(0, 100).flatMap(mapDonation), facts: [] }
}
