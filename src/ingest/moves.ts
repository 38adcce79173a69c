import { ledgerKey } from '../domain/keys.js'
import { monthOf } from '../domain/months.js'
import type { NewEntry } from '../store/ledger.js'
import type { CampaignRef, PaymentEntry } from '../store/payments.js'
import { paymentTime } from './place.js'

/**
 * The donor an entry counts for now: the last donor change made to it (see ledgerKey.donorIn),
 * else its own; and how many changes it had.
 */
export function currentDonor(
  entries: readonly PaymentEntry[],
  entry: PaymentEntry,
): { donor: string | null; changes: number } {
  let n = 0
  let donor = entry.donor
  for (;;) {
    const next = entries.find((e) => e.entryKey === ledgerKey.donorIn(entry.entryKey, n + 1))
    if (!next) return { donor, changes: n }
    donor = next.donor
    n++
  }
}

/** Who moved money and why (the notes of the assignment entries). */
export interface MoveReason {
  actor: string | null
  reason: string
  eventId: string | null
}

/**
 * Moves the entries of a payment to another campaign without touching the ledger (pure): for
 * each entry a pair of `assignment` entries, `moveOut` (the negative, in the old bucket) and
 * `moveIn` (in the new one, month from the payment's time in its timezone). The keys make each
 * move happen once; an entry already moved, or already in the target, is left alone.
 */
export function moveEntries(
  entries: readonly PaymentEntry[],
  target: CampaignRef,
  why: MoveReason,
): NewEntry[] {
  const keys = new Set(entries.map((e) => e.entryKey))
  const out: NewEntry[] = []
  for (const r of entries) {
    if (r.kind === 'assignment' || keys.has(ledgerKey.moveIn(r.entryKey))) continue
    if (r.campaign === target.slug) continue
    const month = monthOf(new Date(paymentTime(r) * 1000), target.timezone)
    // A moved payment takes its donation (and donor) with it: the donor it counts for now.
    const donation = r.donation as -1 | 0 | 1
    const donor = currentDonor(entries, r).donor
    // Its fee moves with it (each half signed as its amount); the balance transaction stays on
    // the entry Stripe's money came in with.
    const fee = r.fee ?? null
    const settled = (sign: 1 | -1) =>
      fee === null
        ? {}
        : {
            settled: {
              balanceTransaction: null,
              fee: sign * fee,
              settlementCurrency: null,
              exchangeRate: null,
            },
          }
    const common = {
      kind: 'assignment' as const,
      currency: r.currency,
      donor,
      source: r.source,
      sourceId: r.entryKey,
      paymentRef: r.paymentRef,
      note: why.reason,
      actor: why.actor,
      eventId: why.eventId,
      data: { ...r.data, movedFrom: r.campaign, movedEntry: r.entryKey },
      occurredAt: r.occurredAt,
    }
    out.push(
      {
        ...common,
        entryKey: ledgerKey.moveOut(r.entryKey),
        campaign: r.campaign,
        month: r.month,
        amount: -r.amount,
        counted: r.counted,
        donation: (donation === 0 ? 0 : -donation) as -1 | 0 | 1,
        ...settled(-1),
      },
      {
        ...common,
        entryKey: ledgerKey.moveIn(r.entryKey),
        campaign: target.slug,
        month,
        amount: r.amount,
        counted: r.currency === target.currency,
        donation,
        ...settled(1),
      },
    )
  }
  return out
}
