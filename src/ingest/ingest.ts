import type { CompiledQuery } from 'kysely'
import { isMoveIn } from '../domain/keys.js'
import { appendEntryQueries } from '../store/ledger.js'
import { factQuery, loadPaymentState, parkQuery, unparkQuery } from '../store/payments.js'
import { settingOnce, settingQuery } from '../store/settings.js'
import type { Store } from '../store/store.js'
import { eventRowQuery, rewritePayloadPage, type StoredEvent } from '../store/webhook-events.js'
import { type Conversions, convertPlanned } from './convert.js'
import { decide, type Plan, touched } from './decide.js'
import { type DonorMac, donorId, donorMac, newDonorSecret } from './donor.js'
import { IngestError } from './errors.js'
import { type DonorHint, type IncomingEvent, paymentRefs } from './facts.js'
import { moveEntries } from './moves.js'
import { redactedJson } from './redact.js'
import { GroupCommit, KeyedSerializer } from './serialize.js'

/** What became of an event: `parked` = accepted, its money waits for its payment. */
export type EventOutcome = 'processed' | 'ignored' | 'duplicate' | 'parked'

/** A campaign month whose totals a write changed (caches and live streams are told). */
export interface Bucket {
  campaign: string
  month: string
}

export interface IngestResult<T = EventOutcome> {
  outcome: T
  changed: Bucket[]
}

export interface IngestDeps {
  store: Store
  clock: () => Date
  /** Currency conversion from Stripe's balance transactions; none without a secret key. */
  conversions?: Conversions
  /** When set, events of the other mode are recorded and ignored (STRIPE_LIVEMODE). */
  livemode?: boolean
  /** The operator's DONOR_HASH_KEY; when unset, one is generated once and kept in the store. */
  donorSecret?: string
}

export interface EventOptions {
  /** Run even if the event is stored as processed or ignored (admin replay). */
  replay?: boolean
  /** Statements committed with the event's effect, given its status (the audit record). */
  also?: (status: 'processed' | 'ignored') => CompiledQuery[]
}

export interface Ingest {
  /** Runs one verified event: its effects, its facts and its own row, in one atomic unit. */
  event(event: IncomingEvent, opts?: EventOptions): Promise<IngestResult>
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
  const serial = new KeyedSerializer()
  // Workers forbid one request from finishing I/O another started, so on D1 each request
  // writes its own batch; elsewhere concurrent units share one commit.
  const commit = store.dialect === 'd1' ? store : new GroupCommit(store)
  const now = () => deps.clock().toISOString()

  let key: Promise<DonorMac> | undefined
  const donorKeyOnce = () => {
    key ??= (
      deps.donorSecret
        ? donorMac(deps.donorSecret)
        : settingOnce(store, 'donor_hash_key', newDonorSecret, now()).then(donorMac)
    ).catch((err: unknown) => {
      key = undefined
      throw err
    })
    return key
  }
  // Payloads stored by earlier versions kept personal fields: each event rewrites one page of
  // them until none is left, so no single webhook waits for a whole table.
  let scrubbed = false
  const scrubSome = async () => {
    if (scrubbed) return
    scrubbed = await scrubLegacyPage(store, now())
  }
  const donorIds = async (event: IncomingEvent) => {
    const hints = [...event.money.map((m) => m.donor), ...event.facts.map((f) => f.donor)]
    const ids = new Map<DonorHint, string | null>()
    if (hints.some((h) => h !== null)) {
      const k = await donorKeyOnce()
      for (const h of hints) if (h) ids.set(h, await donorId(k, h))
    }
    return (h: DonorHint | null) => (h ? (ids.get(h) ?? null) : null)
  }

  /** In this process first, then across processes sharing the database (PostgreSQL). */
  const exclusive = <T>(keys: string[], fn: () => Promise<T>) =>
    serial.run(keys, () =>
      store.exclusive
        ? store.exclusive(
            keys.map((k) => `stripe:${k}`),
            fn,
          )
        : fn(),
    )

  const write = async (plan: Plan, tail: CompiledQuery[], at: string) => {
    const queries: CompiledQuery[] = []
    for (const p of await convertPlanned(plan.entries, deps.conversions)) {
      queries.push(...appendEntryQueries(store, p, crypto.randomUUID(), at))
    }
    for (const f of plan.facts) queries.push(factQuery(store, f, at))
    for (const p of plan.park) queries.push(parkQuery(store, p, at))
    for (const k of plan.unpark) queries.push(unparkQuery(store, k))
    queries.push(...tail)
    await commit.atomic(queries)
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
   * afterwards, from the state that includes both (same rules, same natural keys).
   */
  const settle = async (refs: string[], at: string): Promise<Bucket[]> => {
    if (!store.concurrentWriters || refs.length === 0) return []
    const state = await loadPaymentState(store, null, refs, [])
    const plan = decide({ event: null, state, refs, donorOf: () => null })
    if (plan.entries.length + plan.unpark.length === 0) return []
    await write(plan, [], at)
    return touched(plan)
  }

  const run = async (event: IncomingEvent, opts: EventOptions): Promise<IngestResult> => {
    await scrubSome()
    const refs = paymentRefs(event)
    const at = now()
    const slugs = [
      ...new Set(
        [...event.money.map((m) => m.campaign), ...event.facts.map((f) => f.campaign)].filter(
          (s): s is string => s !== null,
        ),
      ),
    ]
    try {
      const state = await loadPaymentState(store, event.id, refs, slugs)
      if (!opts.replay && state.eventStatus !== null && state.eventStatus !== 'failed') {
        // A duplicate settles too, so a retry after a failed settle still completes it.
        return { outcome: 'duplicate', changed: await settle(refs, at) }
      }
      if (deps.livemode !== undefined && event.livemode !== deps.livemode) {
        const error = `livemode ${event.livemode} event ignored by a ${deps.livemode ? 'live' : 'test'} deployment`
        await commit.atomic([
          eventRowQuery(store, stored(event), 'ignored', error, at),
          ...(opts.also?.('ignored') ?? []),
        ])
        return { outcome: 'ignored', changed: [] }
      }
      const status = event.money.length + event.facts.length > 0 ? 'processed' : 'ignored'
      const plan = decide({ event, state, refs, donorOf: await donorIds(event) })
      await write(
        plan,
        [eventRowQuery(store, stored(event), status, null, at), ...(opts.also?.(status) ?? [])],
        at,
      )
      const changed = touched(plan)
      if (status === 'processed') changed.push(...(await settle(refs, at)))
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
    event: (event, opts = {}) =>
      exclusive([event.id, ...paymentRefs(event)], () => run(event, opts)),

    assign: (paymentRef, campaign, actor, also) =>
      exclusive([paymentRef], async () => {
        const state = await loadPaymentState(store, null, [paymentRef], [campaign])
        const target = state.campaigns.find((c) => c.slug === campaign)
        if (state.entries.length === 0 || !target) {
          throw new IngestError('unknown_payment', `Payment ${paymentRef} not found`)
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

/**
 * Removes personal fields from one page of payloads stored before they were removed on arrival;
 * the position is kept in `settings`, so every instance shares the work. True when all are done.
 */
async function scrubLegacyPage(store: Store, at: string): Promise<boolean> {
  const cursor = await settingOnce(store, 'payloads_redacted_after', () => '', at)
  if (cursor === DONE) return true
  const next = await rewritePayloadPage(store, cursor, (p) => redactedJson(JSON.parse(p)))
  await store.atomic([settingQuery(store, 'payloads_redacted_after', next ?? DONE, at)])
  return next === null
}

/** Cursor value once every stored payload is redacted (no event id sorts after it). */
const DONE = '~done'
