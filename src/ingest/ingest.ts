import type { CompiledQuery, QueryResult } from 'kysely'
import { isMoveIn, ledgerKey, providerOf } from '../domain/keys.js'
import { monthOf } from '../domain/months.js'
import { appendEntryQueries, newEntryId } from '../store/ledger.js'
import {
  factQuery,
  loadPaymentState,
  parkQuery,
  paymentStateOf,
  paymentStateQuery,
  unparkQuery,
} from '../store/payments.js'
import type { Store } from '../store/store.js'
import { subscriptionQuery } from '../store/subscriptions.js'
import { eventRowQuery, type StoredEvent } from '../store/webhook-events.js'
import { accountOfPayment, unknownAccountReason } from './accounts.js'
import { afterGiftQueries, type SealAddress } from './after-gift.js'
import { type Conversions, convertPlanned } from './convert.js'
import { decide, type Plan, touched } from './decide.js'
import { donorIdsOf } from './donor-ids.js'
import { IngestError } from './errors.js'
import { type IncomingEvent, paymentRefs } from './facts.js'
import { GroupCommit } from './group-commit.js'
import { KeyedLock } from './keyed-lock.js'
import { loadLinked } from './load-state.js'
import type { InvoiceLinks } from './lookup-links.js'
import { moveEntries } from './moves.js'
import { rejectedEvent, scrubLegacyPage } from './payloads.js'
import { Campaigns } from './place.js'
import { redactedJson } from './redact.js'

/** What became of an event: `parked` = accepted, its money waits for its payment. */
export type EventOutcome = 'processed' | 'ignored' | 'duplicate' | 'parked'

/** A campaign month whose totals a write changed (caches and live streams are told). */
export interface Bucket {
  campaign: string
  month: string
}

/** An outcome and the campaign months whose totals it changed. */
export interface IngestResult<T = EventOutcome> {
  outcome: T
  changed: Bucket[]
}

/** What the write path needs; everything else it is given per event. */
export interface IngestDeps {
  store: Store
  clock: () => Date
  /** Currency conversion from Stripe's balance transactions; none without a secret key. */
  conversions?: Conversions
  /** When set, events of the other mode are recorded and ignored (STRIPE_LIVEMODE). */
  livemode?: boolean
  /** The operator's DONOR_HASH_KEY; when unset, one is generated once and kept in the store. */
  donorSecret?: string
  /** Stripe's API for links no webhook brought yet (a payment's invoice); none without a key. */
  links?: InvoiceLinks
  /** Seals a donor's address for the thank-you outbox; unset = no e-mail, no address kept. */
  sealAddress?: SealAddress
}

/** How one event is run. */
export interface EventOptions {
  /** Run even if the event is stored as processed or ignored (admin replay). */
  replay?: boolean
  /** Statements committed with the event's effect, given its status (the audit record). */
  also?: (status: 'processed' | 'ignored') => CompiledQuery[]
}

/** The write path's surface: events, rejected bodies and admin moves. */
export interface Ingest {
  /** Runs one verified event: its effects, its facts and its own row, in one atomic unit. */
  event(event: IncomingEvent, opts?: EventOptions): Promise<IngestResult>
  /**
   * Keeps a signed body that cannot be a Stripe event as `rejected` (it counts nothing): under
   * its id when it has a usable one, else under a hash of its text. Never overwrites an event
   * stored otherwise.
   */
  reject(body: unknown, reason: string): Promise<void>
  /**
   * Moves a payment (and its refunds and disputes) to a campaign, once. Throws
   * IngestError('unknown_payment') when no entry of the payment is in the ledger.
   */
  assign(
    paymentRef: string,
    campaign: string,
    actor: string,
    also: (changes: { before: Bucket[]; after: Bucket[] }) => CompiledQuery[],
  ): Promise<IngestResult<'assigned' | 'unchanged'>>
}

/**
 * The write path: load once, decide with pure rules, write one atomic unit. It takes only what it
 * needs (store, clock, the Stripe lookups) and knows nothing of HTTP.
 */
export function createIngest(deps: IngestDeps): Ingest {
  const { store } = deps
  const serial = new KeyedLock()
  // Workers forbid one request from finishing I/O another started, so on D1 each request
  // writes its own batch; elsewhere concurrent units share one commit.
  const commit = store.dialect === 'd1' ? store : new GroupCommit(store)
  // Where the store can run a read after a commit in the commit's round trip (PostgreSQL),
  // the read that settles after each event rides with the event's write.
  const readsAfter = commit instanceof GroupCommit && store.atomicThenRead !== undefined
  const now = () => deps.clock().toISOString()

  const donorIds = donorIdsOf(store, deps.donorSecret, now)
  // Payloads stored by earlier versions kept personal fields: each event rewrites one page of
  // them until none is left, so no single webhook waits for a whole table.
  let scrubbed = false
  const scrubSome = async () => {
    if (scrubbed) return
    scrubbed = await scrubLegacyPage(store, now())
  }

  /**
   * In this process first; then across processes only where the store orders writers with a
   * lock. Where writers are concurrent (D1, PostgreSQL), whichever commits last settles.
   */
  // Across processes too where the store can lock: always where writers are not meant to run
  // at once, and on PostgreSQL (concurrent writers) for a running total (`cumulative`), whose
  // entry is the difference from what is counted: two levels read at once would both count it.
  const exclusive = <T>(keys: string[], fn: () => Promise<T>, reads = false) =>
    serial.run(keys, () =>
      store.exclusive && (reads || !store.concurrentWriters)
        ? store.exclusive(
            keys.map((k) => `stripe:${k}`),
            fn,
          )
        : fn(),
    )

  const write = async (
    plan: Plan,
    tail: CompiledQuery[],
    at: string,
    account: string | null = null,
    reads: CompiledQuery[] = [],
  ) => {
    const queries: CompiledQuery[] = []
    for (const p of await convertPlanned(plan.entries, deps.conversions, account)) {
      queries.push(...appendEntryQueries(store, p, newEntryId(), at))
    }
    for (const f of plan.facts) queries.push(factQuery(store, f, at))
    for (const p of plan.park) queries.push(parkQuery(store, p, at))
    for (const k of plan.unpark) queries.push(unparkQuery(store, k))
    queries.push(...tail)
    return commit instanceof GroupCommit ? commit.atomic(queries, reads) : commit.atomic(queries)
  }

  const stored = (event: IncomingEvent): StoredEvent => ({
    id: event.id,
    type: event.type,
    created: event.created,
    livemode: event.livemode,
    payload: redactedJson(event.body),
  })

  /**
   * Where other processes write with no lock between them (D1), a payment and the event that
   * refers to it may each decide before the other committed: whichever commits last settles
   * afterwards, from the state that includes both (same rules, same natural keys). `read` is
   * that state when it was read right after the commit, in the write's round trip.
   */
  const settles = (refs: string[], linked: boolean) =>
    (store.concurrentWriters || linked) && refs.length > 0
  const settle = async (
    refs: string[],
    at: string,
    account: string | null,
    linked = false,
    read?: QueryResult<unknown>,
  ): Promise<Bucket[]> => {
    if (!settles(refs, linked)) return []
    const state = read
      ? paymentStateOf(read.rows)
      : await loadPaymentState(store, null, refs, [], account)
    const plan = decide({ event: null, state, refs, donorOf: () => null, account })
    if (plan.entries.length + plan.unpark.length === 0) return []
    await write(plan, [], at, account)
    return touched(plan)
  }

  const run = async (incoming: IncomingEvent, opts: EventOptions): Promise<IngestResult> => {
    await scrubSome()
    const at = now()
    const slugs = [
      ...new Set(
        [
          ...incoming.money.map((m) => m.campaign),
          ...incoming.facts.map((f) => f.campaign),
          incoming.subscription?.campaign ?? null,
        ].filter((s): s is string => s !== null),
      ),
    ]
    let event = incoming
    // Stripe Connect: the connected account the event comes from; null for the platform's own.
    const account = incoming.account ?? null
    const ignore = async (error: string): Promise<IngestResult> => {
      await commit.atomic([
        eventRowQuery(store, stored(event), 'ignored', error, at),
        ...(opts.also?.('ignored') ?? []),
      ])
      return { outcome: 'ignored', changed: [] }
    }
    try {
      const first = await loadPaymentState(store, event.id, paymentRefs(event), slugs, account)
      if (!opts.replay && first.eventStatus !== null && first.eventStatus !== 'failed') {
        // A duplicate settles too, so a retry after a failed settle still completes it.
        return { outcome: 'duplicate', changed: await settle(paymentRefs(event), at, account) }
      }
      const stripeEvent = (event.provider ?? 'stripe') === 'stripe'
      if (stripeEvent && deps.livemode !== undefined && event.livemode !== deps.livemode) {
        return ignore(
          `livemode ${event.livemode} event ignored by a ${deps.livemode ? 'live' : 'test'} deployment`,
        )
      }
      // Money of an account no campaign names belongs to no one here: kept as an ignored event
      // (listed for admins), counted once a campaign names the account and it is replayed.
      if (account !== null && !new Campaigns(first.campaigns, account).named) {
        return ignore(unknownAccountReason(account))
      }
      const loaded = await loadLinked(store, deps.links, event, slugs, first)
      event = loaded.event
      const { refs, state } = loaded
      const linked = refs.length > paymentRefs(event).length
      const status =
        event.money.length + event.facts.length > 0 || event.subscription ? 'processed' : 'ignored'
      const plan = decide({ event, state, refs, donorOf: await donorIds(event), account })
      // The thank-you's outbox row and a consented name commit with the payment, or not at all.
      const extra = await afterGiftQueries(store, { event, plan, state, at }, deps.sealAddress)
      const changed = touched(plan)
      // A name on the donor wall changes what `show=supporters` bars say.
      for (const f of event.facts) {
        const walled = f.wallName && state.campaigns.find((c) => c.slug === f.campaign)
        if (walled)
          changed.push({ campaign: walled.slug, month: monthOf(deps.clock(), walled.timezone) })
      }
      if (event.subscription) {
        const sub = event.subscription
        const campaigns = new Campaigns(state.campaigns, account, stripeEvent)
        const target = campaigns.active(sub.campaign) ?? campaigns.fallback(providerOf(sub.id))
        extra.push(subscriptionQuery(store, { ...sub, campaign: target?.slug ?? null }, at))
        if (target) {
          changed.push({ campaign: target.slug, month: monthOf(deps.clock(), target.timezone) })
        }
      }
      const reads =
        readsAfter && status === 'processed' && settles(refs, linked)
          ? [paymentStateQuery(store, null, refs, [], account)]
          : []
      const results = await write(
        plan,
        [
          ...extra,
          eventRowQuery(store, stored(event), status, null, at),
          ...(opts.also?.(status) ?? []),
        ],
        at,
        account,
        reads,
      )
      const read = reads.length > 0 ? results.at(-1) : undefined
      if (status === 'processed') changed.push(...(await settle(refs, at, account, linked, read)))
      const parked = plan.park.length > 0 && plan.entries.length === 0
      return { outcome: parked ? 'parked' : status, changed }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      await store
        .atomic([eventRowQuery(store, stored(event), 'failed', message, at)])
        .catch(() => undefined)
      throw err
    }
  }

  return {
    reject: async (body, reason) => {
      const row = await rejectedEvent(body)
      await store.atomic([eventRowQuery(store, row, 'rejected', reason, now())])
    },

    event: (event, opts = {}) =>
      exclusive(
        [event.id, ...paymentRefs(event)],
        () => run(event, opts),
        event.money.some((m) => m.cumulative === true),
      ),

    assign: (paymentRef, campaign, actor, also) =>
      exclusive([paymentRef], async () => {
        const state = await loadPaymentState(store, null, [paymentRef], [campaign])
        const target = state.campaigns.find((c) => c.slug === campaign)
        if (state.entries.length === 0 || !target) {
          throw new IngestError('unknown_payment', `Payment ${paymentRef} not found`)
        }
        // Money stays in the Stripe account it came from: no campaign of another one counts it.
        const from = accountOfPayment(state.entries, ledgerKey.payment(paymentRef))
        if (from !== target.account) {
          const where = (a: string | null) =>
            a ? `connected account ${a}` : "the platform's own account"
          throw new IngestError(
            'other_account',
            `Payment ${paymentRef} came from ${where(from)}; campaign ${campaign} counts ${where(target.account)}`,
          )
        }
        const entries = moveEntries(state.entries, target, {
          actor,
          reason: 'assigned by admin',
          eventId: null,
        })
        if (entries.length === 0) return { outcome: 'unchanged', changed: [] }
        const plan: Plan = {
          entries: entries.map((entry) => ({ entry })),
          facts: [],
          park: [],
          unpark: [],
        }
        const after = entries.filter((e) => isMoveIn(e.entryKey))
        const before = entries.filter((e) => !isMoveIn(e.entryKey))
        const buckets = (list: typeof entries) =>
          list.flatMap((e) =>
            e.campaign && e.month ? [{ campaign: e.campaign, month: e.month }] : [],
          )
        await write(plan, also({ before: buckets(before), after: buckets(after) }), now())
        return { outcome: 'assigned', changed: touched(plan) }
      }),
  }
}
