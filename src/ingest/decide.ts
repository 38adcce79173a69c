import { ledgerKey, type Provider, providerOf } from '../domain/keys.js'
import type { NewEntry } from '../store/ledger.js'
import type { ParkedRow, PaymentEntry, PaymentState, StoredFact } from '../store/payments.js'
import { cumulativeStep } from './cumulative.js'
import type { DonorHint, Mapped, MoneyEffect } from './facts.js'
import { balanceData, settlementOf } from './fees.js'
import { lateConversions } from './late-conversion.js'
import { currentDonor, moveEntries } from './moves.js'
import {
  Campaigns,
  fillFact,
  landed,
  linkChain,
  mergeFacts,
  type Placement,
  placePayment,
} from './place.js'

/** An entry to write; `convert` when its currency is not its campaign's (a lookup may fix it). */
export interface PlannedEntry {
  entry: NewEntry
  convert?: {
    balanceTransaction: string | null
    latestCharge: string | null
    to: string
    /** Written only when converted (a late conversion), else dropped. */
    only?: boolean
  }
  /**
   * Stripe money whose balance transaction (and so its fee) is looked up as it is written; a
   * balance transaction not found leaves the fee unknown (or, with `only`, writes nothing).
   */
  fee?: { balanceTransaction: string | null; latestCharge: string | null; only?: boolean }
}

/** One atomic unit, decided: what to append, store, park and forget. */
export interface Plan {
  entries: PlannedEntry[]
  facts: StoredFact[]
  park: ParkedRow[]
  unpark: string[]
}

export interface DecideInput {
  /** The event's id and facts; null when only settling what is stored (no event). */
  event: ({ id: string; type: string; provider?: Provider } & Mapped) | null
  state: PaymentState
  /** The payments to settle: the event's, or those given. */
  refs: readonly string[]
  /** Keyed donor ids of the event's donor hints (see donorId). */
  donorOf: (hint: DonorHint | null) => string | null
  /**
   * The Stripe Connect account the money is from (the event's `account`); null or absent: the
   * platform's own. Only campaigns of that account take it (src/ingest/place.ts, Campaigns).
   */
  account?: string | null
}

const iso = (unix: number) => new Date(unix * 1000).toISOString()

/**
 * What an event does, decided from what is stored (pure; src/ingest/ingest.ts loads and writes):
 * - facts are stored, and a fact naming a campaign moves a payment that landed by default;
 * - a payment is placed (own metadata, else facts, else the default campaign) in the month of
 *   its time in that campaign's timezone, and takes any money parked for it;
 * - a refund or dispute goes where its payment landed, or is parked until the payment arrives.
 * Entries carry natural keys, so deciding twice from the same state writes nothing twice.
 */
export function decide(input: DecideInput): Plan {
  const { state, event } = input
  // Another provider's money is in no Stripe account: any campaign may take it.
  const stripe = (event?.provider ?? providerOf(input.refs[0] ?? '')) === 'stripe'
  const campaigns = new Campaigns(state.campaigns, input.account ?? null, stripe)
  // The ledger as this unit leaves it: stored entries plus those planned so far.
  const ledger: PaymentEntry[] = [...state.entries]
  const has = (key: string) => ledger.some((e) => e.entryKey === key)
  const plan: Plan = { entries: [], facts: [], park: [], unpark: [] }
  const add = (entry: NewEntry, effect?: MoneyEffect, txn?: string | null, late?: PlannedEntry) => {
    if (has(entry.entryKey)) return
    // A late entry comes planned; money an event brings is written with its fee (or the lookup
    // of it).
    let planned: PlannedEntry = late ?? (effect ? withFee(entry, effect, txn ?? null) : { entry })
    const target = campaigns.any(entry.campaign)
    // Money an event brings, counted in another currency than its campaign's, waits for its
    // conversion. (Late entries are in their campaign's currency; moves and donor changes keep
    // such money aside themselves.)
    if (effect && target && entry.counted && entry.currency !== target.currency) {
      planned = {
        entry: {
          ...planned.entry,
          counted: false,
          note: `currency ${entry.currency} kept aside (campaign counts ${target.currency})`,
        },
        convert: {
          balanceTransaction: effect.balanceTransaction ?? txn ?? null,
          latestCharge:
            typeof effect.data.latestCharge === 'string' ? effect.data.latestCharge : null,
          to: target.currency,
        },
      }
    }
    plan.entries.push(planned)
    ledger.push({
      entryKey: entry.entryKey,
      campaign: planned.entry.campaign,
      month: planned.entry.month,
      kind: entry.kind,
      amount: entry.amount,
      currency: entry.currency,
      counted: planned.entry.counted,
      donation: entry.donation,
      donor: entry.donor,
      source: entry.source,
      // Stryker disable next-line StringLiteral: unreachable, every entry decided here names its payment
      paymentRef: entry.paymentRef ?? '',
      data: planned.entry.data ?? {},
      occurredAt: entry.occurredAt,
      balanceTransaction: planned.entry.settled?.balanceTransaction ?? null,
      fee: planned.entry.settled?.fee ?? null,
    })
  }
  const eventId = event?.id ?? null

  const facts = [...state.facts]
  for (const f of event?.facts ?? []) {
    const stored: StoredFact = {
      paymentRef: f.paymentRef,
      source: f.source,
      campaign: f.campaign,
      donor: input.donorOf(f.donor),
      chargeCreated: f.chargeCreated,
      link: f.link,
      balanceTransaction: f.balanceTransaction ?? null,
    }
    plan.facts.push(stored)
    const at = facts.findIndex((s) => s.paymentRef === f.paymentRef && s.source === f.source)
    // As the store keeps them: each field the first value known (src/store/payments.ts).
    if (at < 0) facts.push(stored)
    else facts[at] = fillFact(facts[at] as StoredFact, stored)
  }

  const entryOf = (
    m: MoneyEffect,
    p: Placement,
    donor: string | null,
    from: string | null = eventId,
  ): NewEntry => ({
    entryKey: m.entryKey,
    campaign: p.campaign?.slug ?? null,
    month: p.month,
    kind: m.kind,
    amount: m.amount,
    currency: m.currency,
    counted: p.campaign !== null,
    donation: m.kind === 'payment' ? 1 : 0,
    donor,
    source: providerOf(m.paymentRef),
    sourceId: m.sourceId,
    paymentRef: m.paymentRef,
    note: p.campaign ? null : 'unattributed',
    actor: null,
    eventId: from,
    data: {
      ...m.data,
      paymentCreated: p.paymentCreated,
      campaignSource: p.campaignSource,
      // The connected account the money is in (admin moves keep it there); none: the platform.
      ...(input.account ? { account: input.account } : {}),
    },
    occurredAt: iso(m.occurredAt),
  })

  for (const sent of event?.money ?? []) {
    // A cumulative refund adds only the step from what its key already entered.
    const m = sent.cumulative ? cumulativeStep(sent, ledger) : sent
    if (!m || has(m.entryKey)) continue
    if (m.kind === 'payment') {
      const merged = mergeFacts(m.paymentRef, facts)
      const created = m.paymentCreated ?? merged.chargeCreated ?? m.occurredAt
      const p = placePayment(campaigns, m.campaign, merged, created, providerOf(m.paymentRef))
      add(entryOf(m, p, m.donor ? input.donorOf(m.donor) : merged.donor), m, merged.txn)
      continue
    }
    const p = landed(campaigns, ledger, m.paymentRef)
    if (p) add(entryOf(m, p, null), m)
    else if (!plan.park.some((x) => x.entryKey === m.entryKey)) {
      plan.park.push({
        entryKey: m.entryKey,
        paymentRef: m.paymentRef,
        // Stryker disable next-line StringLiteral: unreachable, money comes only with an event
        eventId: eventId ?? '',
        effect: JSON.stringify(m),
      })
    }
  }

  /**
   * A payment takes the donor its facts name when that is not the one it counts for: it landed
   * with none (a guest, before its Checkout Session or charge told the e-mail), or by customer
   * before the e-mail came (so a subscriber who also gives once is one donor). Its donation
   * leaves the old donor and joins the new one where it sits now (after any move); keyed by the
   * change's number, so each change happens once and the last facts decide in any order.
   */
  const giveDonor = (ref: string) => {
    const key = ledgerKey.payment(ref)
    const at =
      ledger.find((e) => e.entryKey === ledgerKey.moveIn(key)) ??
      ledger.find((e) => e.entryKey === key)
    if (!at || at.donation <= 0) return
    const who = mergeFacts(ref, facts).donor
    const now = currentDonor(ledger, at)
    if (!who || who === now.donor) return
    const base: NewEntry = {
      entryKey: ledgerKey.donorOut(at.entryKey, now.changes + 1),
      campaign: at.campaign,
      month: at.month,
      kind: 'assignment',
      amount: 0,
      currency: at.currency,
      counted: at.counted,
      donation: -1,
      donor: now.donor,
      source: at.source,
      sourceId: at.entryKey,
      paymentRef: ref,
      note: 'donor known later',
      actor: null,
      eventId,
      data: { ...at.data, donorFor: at.entryKey },
      occurredAt: at.occurredAt,
    }
    add(base)
    add({
      ...base,
      entryKey: ledgerKey.donorIn(at.entryKey, now.changes + 1),
      donation: 1,
      donor: who,
    })
  }

  // Settle each payment: parked money follows it, and a campaign its facts name takes it.
  for (const ref of input.refs) {
    const p = landed(campaigns, ledger, ref)
    if (!p) continue
    for (const row of state.parked.filter((r) => r.paymentRef === ref)) {
      const m = JSON.parse(row.effect) as MoneyEffect
      add(entryOf(m, p, null, row.eventId), m)
      plan.unpark.push(row.entryKey)
    }
    plan.park = plan.park.filter((x) => {
      if (x.paymentRef !== ref) return true
      const m = JSON.parse(x.effect) as MoneyEffect
      add(entryOf(m, p, null), m)
      return false
    })
    const own = ledger.filter((e) => e.paymentRef === ref)
    const payment = own.find((e) => e.entryKey === ledgerKey.payment(ref))
    const source = payment?.data.campaignSource
    // A payment's money follows it: money that landed before its payment (before parking), and
    // money another instance wrote where the payment was while this one moved it (D1, PostgreSQL).
    // moveEntries skips the payment, money already where it sits and money already moved.
    if (p.campaign && payment) {
      for (const e of moveEntries(own, p.campaign, {
        actor: null,
        reason: 'follows its payment',
        eventId,
      }))
        add(e)
    }
    giveDonor(ref)
    // Money placed by its own metadata stays; so does money an admin or a fact already moved.
    if (source === 'metadata' || p.campaignSource === 'moved') continue
    const told = campaigns.active(mergeFacts(ref, facts).campaign)
    const chain = linkChain(ref, facts)
    const named = event?.facts.some((f) => chain.includes(f.paymentRef) && f.source !== 'charge')
    if (!told || told.slug === p.campaign?.slug) continue
    const reason = named
      ? `${event?.type} names campaign ${told.slug}`
      : `${event ? event.type : 'settle'} names campaign ${told.slug} (settled after a concurrent delivery)`
    for (const e of moveEntries(
      ledger.filter((x) => x.paymentRef === ref),
      told,
      { actor: null, reason, eventId },
    ))
      add(e)
    giveDonor(ref)
  }
  lateConversions(input, ledger, campaigns, facts, plan, (planned) =>
    add(planned.entry, undefined, null, planned),
  )
  return plan
}

/**
 * Stripe money as it is first written: with its balance transaction's fee when the event carries
 * the figures (a dispute's), else with the lookup that finds them (pure).
 */
function withFee(entry: NewEntry, effect: MoneyEffect, txn: string | null): PlannedEntry {
  if (effect.balance) {
    return {
      entry: {
        ...entry,
        settled: settlementOf(entry.currency, effect.balance),
        data: { ...entry.data, ...balanceData(effect.balance) },
      },
    }
  }
  const balanceTransaction = effect.balanceTransaction ?? txn
  const latestCharge =
    typeof effect.data.latestCharge === 'string' ? effect.data.latestCharge : null
  if (!balanceTransaction && !latestCharge) return { entry }
  return { entry, fee: { balanceTransaction, latestCharge } }
}

/** The campaigns and months a plan writes to (caches and live streams are told). */
export function touched(plan: Plan): { campaign: string; month: string }[] {
  const seen = new Map<string, { campaign: string; month: string }>()
  for (const { entry } of plan.entries) {
    if (entry.campaign && entry.month) {
      seen.set(`${entry.campaign}\u0000${entry.month}`, {
        campaign: entry.campaign,
        month: entry.month,
      })
    }
  }
  return [...seen.values()]
}
