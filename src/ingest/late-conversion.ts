import { ledgerKey } from '../domain/keys.js'
import { monthOf } from '../domain/months.js'
import type { PaymentEntry, StoredFact } from '../store/payments.js'
import type { DecideInput, PlannedEntry } from './decide.js'
import { feesDue } from './fees.js'
import { currentDonor } from './moves.js'
import { type Campaigns, landed, mergeFacts, type Placement, paymentTime } from './place.js'

/**
 * Money kept aside for its currency that a balance transaction now known can convert (pure).
 * Under asynchronous capture (Stripe's default since 2024-04-10) `payment_intent.succeeded`
 * carries no balance transaction: `charge.updated` brings it later, `refund.updated` a refund's.
 * The kept-aside entry stays as it was (append-only); its converted twin, keyed by it
 * (`ledgerKey.converted`), counts once in the payment's month where the payment sits now. The
 * entry is written only if the lookup converts it (`convert.only`).
 */
export function conversionsDue(
  ledger: readonly PaymentEntry[],
  paymentRef: string,
  placement: Placement,
  balanceTransactionOf: (entry: PaymentEntry) => string | null,
  eventId: string | null,
): PlannedEntry[] {
  const target = placement.campaign
  if (!target) return []
  const out: PlannedEntry[] = []
  for (const e of ledger) {
    if (e.paymentRef !== paymentRef || e.counted || e.kind === 'assignment') continue
    if (e.entryKey.startsWith('convert:') || e.currency === target.currency) continue
    const key = ledgerKey.converted(e.entryKey)
    if (ledger.some((x) => x.entryKey === key)) continue
    const txn = balanceTransactionOf(e)
    if (!txn) continue
    out.push({
      entry: {
        entryKey: key,
        campaign: target.slug,
        month:
          e.campaign === target.slug && e.month
            ? e.month
            : monthOf(new Date(paymentTime(e) * 1000), target.timezone),
        kind: e.kind,
        amount: e.amount,
        currency: e.currency,
        counted: false,
        donation: e.donation as -1 | 0 | 1,
        donor: currentDonor(ledger, e).donor,
        source: e.source,
        sourceId: e.entryKey,
        paymentRef,
        note: `converted from ${e.currency} when its balance transaction came`,
        actor: null,
        eventId,
        data: { ...e.data, convertedFrom: e.entryKey },
        occurredAt: e.occurredAt,
      },
      convert: { balanceTransaction: txn, latestCharge: null, to: target.currency, only: true },
    })
  }
  return out
}

/**
 * Kept-aside money of the settled payments that a balance transaction the event brings (or, when
 * settling, one stored) converts now, and fees it tells now of money written without them:
 * `charge.updated`/`refund.updated` under asynchronous capture.
 */
export function lateConversions(
  input: DecideInput,
  ledger: PaymentEntry[],
  campaigns: Campaigns,
  facts: StoredFact[],
  plan: { entries: readonly PlannedEntry[] },
  add: (planned: PlannedEntry) => void,
) {
  const { event } = input
  // Entries this decision writes convert (or not) as they are written, with what it knows.
  const fresh = new Set(plan.entries.map((p) => p.entry.entryKey))
  const fromEvent = new Map<string, string>()
  // Stryker disable next-line ArrayDeclaration: a placeholder names no balance transaction
  for (const m of event?.money ?? []) {
    if (m.balanceTransaction) fromEvent.set(m.entryKey, m.balanceTransaction)
  }
  // Stryker disable next-line ArrayDeclaration: a placeholder names no balance transaction
  for (const f of event?.facts ?? []) {
    if (f.balanceTransaction) fromEvent.set(ledgerKey.payment(f.paymentRef), f.balanceTransaction)
  }
  if (event && fromEvent.size === 0) return
  for (const ref of input.refs) {
    const p = landed(campaigns, ledger, ref)
    if (!p) continue
    const charge = mergeFacts(ref, facts).txn
    const txnOf = (e: PaymentEntry) =>
      fresh.has(e.entryKey)
        ? null
        : (fromEvent.get(e.entryKey) ??
          (e.entryKey === ledgerKey.payment(ref) && (event === null || fromEvent.has(e.entryKey))
            ? charge
            : null))
    for (const planned of conversionsDue(ledger, ref, p, txnOf, event?.id ?? null)) add(planned)
    for (const planned of feesDue(ledger, ref, p, txnOf, event?.id ?? null)) add(planned)
  }
}
