import { describe, expect, it } from 'vitest'
import type { PaymentFact } from '../../src/ingest/facts.js'
import { type InvoiceLinks, missingLinks } from '../../src/ingest/lookup-links.js'
import { fact, money } from './ingest-fixtures.js'

/**
 * When the ingest asks Stripe's API for a payment's invoice: only for a customer's payment that
 * nothing places yet, and never when the answer is already stored.
 */

type Call = [string, string | null, string | null]

/** Links that record each call and answer with `answer(ref)`, or throw for the refs in `fail`. */
function recording(answer: (ref: string) => PaymentFact[], fail: string[] = []) {
  const calls: Call[] = []
  const links: InvoiceLinks = {
    invoiceFacts: async (ref, invoice, account) => {
      calls.push([ref, invoice, account])
      if (fail.includes(ref)) throw new Error('Stripe unreachable')
      return answer(ref)
    },
  }
  return { links, calls }
}

const customer = { customer: 'cus_1', email: null }
const found = (ref: string) => [
  fact({ paymentRef: ref, source: 'invoice', link: 'in_9', campaign: 'news' }),
]
/** A payment of cus_1 that names no campaign. */
const unplaced = (ref: string) =>
  money({
    entryKey: `stripe:payment:${ref}`,
    kind: 'payment',
    paymentRef: ref,
    amount: 100,
    donor: customer,
  })

describe('missingLinks', () => {
  it("asks for a customer's unplaced payment and returns what the API says, on the event's account", async () => {
    const { links, calls } = recording(found)
    const out = await missingLinks(links, [unplaced('pi_1')], [], 'acct_1')
    expect(calls).toEqual([['pi_1', null, 'acct_1']])
    expect(out).toEqual(found('pi_1'))
  })

  it('asks nothing for a payment that names its campaign, a refund, or a guest', async () => {
    const { links, calls } = recording(found)
    const out = await missingLinks(
      links,
      [
        { ...unplaced('pi_1'), campaign: 'news' },
        { ...unplaced('pi_2'), kind: 'refund', amount: -100 },
        { ...unplaced('pi_3'), donor: null },
        { ...unplaced('pi_4'), donor: { customer: null, email: 'a@example.org' } },
      ],
      [],
    )
    expect(calls).toEqual([])
    expect(out).toEqual([])
  })

  it('asks nothing when the payment or one of its links already names a campaign', async () => {
    const { links, calls } = recording(found)
    await missingLinks(
      links,
      [unplaced('pi_1')],
      [fact({ paymentRef: 'pi_1', source: 'invoice', campaign: 'news' })],
    )
    await missingLinks(
      links,
      [unplaced('pi_1')],
      [
        fact({ paymentRef: 'pi_1', source: 'invoice', link: 'in_1' }),
        fact({ paymentRef: 'in_1', source: 'invoice', link: 'sub_1' }),
        fact({ paymentRef: 'sub_1', source: 'invoice', campaign: 'news' }),
      ],
    )
    expect(calls).toEqual([])
  })

  it("asks when only another payment's fact names a campaign", async () => {
    const { links, calls } = recording(found)
    await missingLinks(
      links,
      [unplaced('pi_1')],
      [fact({ paymentRef: 'pi_2', source: 'invoice', campaign: 'news' })],
    )
    expect(calls).toEqual([['pi_1', null, null]])
  })

  it('names the invoice it knows the payment belongs to, when nothing about that invoice is stored', async () => {
    const { links, calls } = recording(found)
    await missingLinks(
      links,
      [unplaced('pi_1')],
      [fact({ paymentRef: 'pi_1', source: 'invoice', link: 'in_1' })],
    )
    expect(calls).toEqual([['pi_1', 'in_1', null]])
  })

  it('asks nothing when the invoice is stored and names no campaign: the API would add none', async () => {
    const { links, calls } = recording(found)
    await missingLinks(
      links,
      [unplaced('pi_1')],
      [
        fact({ paymentRef: 'pi_1', source: 'invoice', link: 'in_1' }),
        fact({ paymentRef: 'in_1', source: 'invoice' }),
      ],
    )
    expect(calls).toEqual([])
  })

  it('asks for each payment, and a failed lookup leaves the others theirs', async () => {
    const { links, calls } = recording(found, ['pi_1'])
    const out = await missingLinks(links, [unplaced('pi_1'), unplaced('pi_2')], [])
    expect(calls.map((c) => c[0])).toEqual(['pi_1', 'pi_2'])
    expect(out).toEqual(found('pi_2'))
  })
})
