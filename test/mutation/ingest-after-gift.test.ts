import type { CompiledQuery } from 'kysely'
import { describe, expect, it } from 'vitest'
import { afterGiftQueries, type SealAddress } from '../../src/ingest/after-gift.js'
import type { Plan } from '../../src/ingest/decide.js'
import type { IncomingEvent, MoneyEffect, PaymentFact } from '../../src/ingest/facts.js'
import type { NewEntry } from '../../src/store/ledger.js'
import type { PaymentState, StoredFact } from '../../src/store/payments.js'
import { news } from './ingest-fixtures.js'

// What an event's unit writes besides money (src/ingest/after-gift.ts), read from the
// statements it returns: a consented name for the wall, and one thank-you row per payment
// with the address the event (or a linked fact) gives, sealed. Each case sends the address
// by one way only, so that each way is proven on its own.

const store = { dialect: 'sqlite' as const }
const at = '2026-03-01T00:00:00.000Z'

function event(over: Partial<IncomingEvent> = {}): IncomingEvent {
  return {
    id: 'evt_1',
    type: 'payment_intent.succeeded',
    created: 1,
    livemode: true,
    body: {},
    money: [],
    facts: [],
    ...over,
  }
}

function payment(ref: string, email: string | null): MoneyEffect {
  return {
    entryKey: `stripe:payment:${ref}`,
    kind: 'payment',
    paymentRef: ref,
    amount: 500,
    currency: 'USD',
    occurredAt: 1,
    sourceId: ref,
    campaign: 'news',
    donor: email === null ? null : { customer: null, email },
    paymentCreated: 1,
    balanceTransaction: null,
    data: {},
  }
}

function fact(ref: string, over: Partial<PaymentFact> = {}): PaymentFact {
  return {
    paymentRef: ref,
    source: 'charge',
    campaign: 'news',
    donor: null,
    chargeCreated: null,
    link: null,
    ...over,
  }
}

function entry(over: Partial<NewEntry>): { entry: NewEntry } {
  return {
    entry: {
      entryKey: 'k',
      campaign: 'news',
      month: '2026-03',
      kind: 'payment',
      amount: 500,
      currency: 'USD',
      counted: true,
      donation: 1,
      donor: null,
      source: 'stripe',
      sourceId: null,
      paymentRef: 'pi_paid',
      note: null,
      actor: null,
      eventId: null,
      data: null,
      occurredAt: at,
      ...over,
    },
  }
}

const noPlan: Plan = { entries: [], facts: [], park: [], unpark: [] }

function state(over: Partial<PaymentState> = {}): PaymentState {
  return { eventStatus: null, entries: [], facts: [], parked: [], campaigns: [news], ...over }
}

/** A seal that shows what it sealed, and records its calls. */
function sealer(): { seal: SealAddress; calls: [string, string][] } {
  const calls: [string, string][] = []
  return {
    calls,
    seal: async (address, rowId) => {
      calls.push([address, rowId])
      return `sealed(${address})`
    },
  }
}

/** The outbox rows as [paymentRef, sealed address]; the supporters as [ref, campaign, name]. */
function read(queries: CompiledQuery[]) {
  const outbox: [unknown, unknown][] = []
  const wall: unknown[][] = []
  for (const q of queries) {
    if (q.sql.includes('INSERT INTO mail_outbox')) {
      expect(q.parameters[0]).toBe(`thanks:${String(q.parameters[1])}`)
      outbox.push([q.parameters[1], q.parameters[2]])
    } else if (q.sql.includes('INSERT INTO supporters')) {
      wall.push([...q.parameters.slice(0, 3)])
    } else throw new Error(`unexpected statement ${q.sql}`)
  }
  return { outbox, wall }
}

async function run(
  ev: IncomingEvent,
  opts: { plan?: Plan; st?: PaymentState; seal?: SealAddress } = {},
) {
  const queries = await afterGiftQueries(
    store,
    { event: ev, plan: opts.plan ?? noPlan, state: opts.st ?? state(), at },
    opts.seal,
  )
  return read(queries)
}

describe('afterGiftQueries: the wall', () => {
  it('writes a consented name for its campaign, and nothing without a name or a campaign', async () => {
    const ev = event({
      facts: [
        fact('pi_a', { wallName: 'Ada' }),
        fact('pi_b', { wallName: null }),
        fact('pi_c', { wallName: 'Cy', campaign: null }),
        fact('pi_d'),
      ],
    })
    expect((await run(ev)).wall).toEqual([['pi_a', 'news', 'Ada']])
  })

  it("puts a name only on a campaign of the event's own account", async () => {
    const other = { ...news, slug: 'other', account: 'acct_other' }
    const st = state({ campaigns: [news, other] })
    const facts = [
      fact('pi_a', { wallName: 'Ada' }),
      fact('pi_b', { wallName: 'Bo', campaign: 'other' }),
    ]
    // The platform's event (no account given, or null): the platform's campaign only.
    expect((await run(event({ facts }), { st })).wall).toEqual([['pi_a', 'news', 'Ada']])
    expect((await run(event({ facts, account: null }), { st })).wall).toEqual([
      ['pi_a', 'news', 'Ada'],
    ])
    // The connected account's event: its campaign only.
    expect((await run(event({ facts, account: 'acct_other' }), { st })).wall).toEqual([
      ['pi_b', 'other', 'Bo'],
    ])
    // A campaign the state does not list is not another account's: the name is written.
    const unknown = [fact('pi_u', { wallName: 'Ux', campaign: 'elsewhere' })]
    expect((await run(event({ facts: unknown }), { st })).wall).toEqual([
      ['pi_u', 'elsewhere', 'Ux'],
    ])
  })

  it('writes the wall but no thank-you when mail is not configured', async () => {
    const ev = event({
      money: [payment('pi_a', 'ada@example.org')],
      facts: [fact('pi_a', { wallName: 'Ada' })],
    })
    const plan = { ...noPlan, entries: [entry({ paymentRef: 'pi_a' })] }
    expect(await run(ev, { plan })).toEqual({ outbox: [], wall: [['pi_a', 'news', 'Ada']] })
  })
})

describe('afterGiftQueries: the thank-you row', () => {
  it("takes the address of the event's payment, trimmed, and seals it for that row", async () => {
    const { seal, calls } = sealer()
    const ev = event({ money: [payment('pi_a', '  ada@example.org ')] })
    expect((await run(ev, { seal })).outbox).toEqual([['pi_a', 'sealed(ada@example.org)']])
    expect(calls).toEqual([['ada@example.org', 'thanks:pi_a']])
  })

  it('takes an address from a fact alone, for a charge, a PaymentIntent or a legacy payment', async () => {
    for (const ref of ['pi_f', 'ch_f', 'py_f']) {
      const { seal } = sealer()
      const ev = event({
        facts: [fact(ref, { donor: { customer: 'cus_1', email: 'fay@example.org' } })],
      })
      expect((await run(ev, { seal })).outbox, ref).toEqual([[ref, 'sealed(fay@example.org)']])
    }
  })

  it('reads no address from money that is not a payment', async () => {
    const { seal } = sealer()
    const refund: MoneyEffect = { ...payment('pi_r', 'rae@example.org'), kind: 'refund' }
    expect((await run(event({ money: [refund] }), { seal })).outbox).toEqual([])
  })

  it('refuses what is not one plain address, and objects that are not payments', async () => {
    const bad = [
      '',
      '   ',
      'no-at-sign',
      'a b@example.org',
      '<a@example.org>',
      'a@b@c d',
      '@',
      'a@',
    ]
    for (const email of bad) {
      const { seal, calls } = sealer()
      expect(
        (await run(event({ money: [payment('pi_a', email)] }), { seal })).outbox,
        email,
      ).toEqual([])
      expect(calls).toEqual([])
    }
    const { seal } = sealer()
    // An address on an object that is neither a payment nor linked to one goes nowhere.
    const ev = event({
      facts: [fact('in_1', { donor: { customer: null, email: 'x@example.org' } })],
    })
    expect((await run(ev, { seal })).outbox).toEqual([])
    const sub = event({ money: [payment('sub_1', 'x@example.org')] })
    expect((await run(sub, { seal })).outbox).toEqual([])
  })

  it('keeps the first address a payment is given', async () => {
    const { seal } = sealer()
    const ev = event({
      money: [payment('pi_a', 'first@example.org')],
      facts: [fact('pi_a', { donor: { customer: null, email: 'second@example.org' } })],
    })
    expect((await run(ev, { seal })).outbox).toEqual([['pi_a', 'sealed(first@example.org)']])
  })

  it("gives an invoice's address to the payment an invoice_payment fact links it to", async () => {
    const invoiceFact = fact('in_1', {
      source: 'invoice',
      donor: { customer: 'cus_1', email: 'ivy@example.org' },
    })
    const link: StoredFact = {
      paymentRef: 'pi_linked',
      source: 'invoice_payment',
      campaign: null,
      donor: null,
      chargeCreated: null,
      link: 'in_1',
    }
    // The link stored by an earlier event…
    const a = sealer()
    const st = state({ facts: [link] })
    expect((await run(event({ facts: [invoiceFact] }), { st, seal: a.seal })).outbox).toEqual([
      ['pi_linked', 'sealed(ivy@example.org)'],
    ])
    // …or brought by this one.
    const b = sealer()
    const linkFact = fact('pi_linked', { source: 'invoice_payment', link: 'in_1', campaign: null })
    expect((await run(event({ facts: [invoiceFact, linkFact] }), { seal: b.seal })).outbox).toEqual(
      [['pi_linked', 'sealed(ivy@example.org)']],
    )
    // An invoice without a donor carries nothing to its payment.
    const d = sealer()
    const bare = fact('in_1', { source: 'invoice', donor: null })
    expect((await run(event({ facts: [bare] }), { st, seal: d.seal })).outbox).toEqual([])
    // A link of another source, or to another invoice, carries nothing.
    const c = sealer()
    const wrong = [
      { ...link, source: 'charge' },
      { ...link, link: 'in_2' },
    ]
    expect(
      (await run(event({ facts: [invoiceFact] }), { st: state({ facts: wrong }), seal: c.seal }))
        .outbox,
    ).toEqual([])
  })

  it('writes a row without address for each Stripe payment the unit appends, once', async () => {
    const { seal, calls } = sealer()
    const plan: Plan = {
      ...noPlan,
      entries: [
        entry({ paymentRef: 'pi_paid' }),
        entry({ paymentRef: 'pi_paid', entryKey: 'k2' }),
        entry({ paymentRef: 'pi_refunded', kind: 'refund', amount: -500, donation: 0 }),
        entry({ paymentRef: 'pi_admin', source: 'admin' }),
        entry({ paymentRef: null }),
      ],
    }
    expect((await run(event(), { plan, seal })).outbox).toEqual([['pi_paid', null]])
    expect(calls).toEqual([])
    // With the address in the same event: one row, sealed.
    const ev = event({ money: [payment('pi_paid', 'pat@example.org')] })
    expect((await run(ev, { plan, seal })).outbox).toEqual([['pi_paid', 'sealed(pat@example.org)']])
  })
})
