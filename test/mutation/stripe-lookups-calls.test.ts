import type Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { LookupMissing } from '../../src/ingest/convert.js'
import { stripeConversions, stripeInvoiceLinks } from '../../src/stripe/api-lookups.js'
import {
  checkApiVersion,
  OLDEST_API_VERSION,
  PINNED_API_VERSION,
  UnsupportedApiVersion,
  versionDate,
} from '../../src/stripe/api-version.js'

/**
 * src/stripe/api-lookups.ts call by call, against a stand-in for the stripe package's client
 * that records what it is asked (shapes as the package's types give them), and
 * src/stripe/api-version.ts.
 */

type Calls = { name: string; args: unknown[] }[]

/** A client whose methods answer from `answers` (a function of the args) and record the call. */
function client(answers: Record<string, (...args: unknown[]) => unknown>) {
  const calls: Calls = []
  const method =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push({ name, args })
      const answer = answers[name]
      if (!answer) throw new Error(`unexpected call ${name}`)
      return answer(...args)
    }
  const stripe = {
    charges: { retrieve: method('charges.retrieve') },
    balanceTransactions: { retrieve: method('balanceTransactions.retrieve') },
    invoicePayments: { list: method('invoicePayments.list') },
    invoices: { retrieve: method('invoices.retrieve') },
  } as unknown as Stripe
  return { stripe, calls }
}

const invoice = { id: 'in_1', object: 'invoice', customer: 'cus_1', metadata: { campaign: 'news' } }

describe('chargeBalanceTransaction', () => {
  it("reads the charge's balance transaction whether an id, expanded or absent", async () => {
    for (const [bt, want] of [
      ['txn_1', 'txn_1'],
      [{ id: 'txn_2', object: 'balance_transaction' }, 'txn_2'],
      [null, null],
    ] as const) {
      const { stripe, calls } = client({
        'charges.retrieve': () => ({ id: 'ch_1', balance_transaction: bt }),
      })
      expect(await stripeConversions(stripe).chargeBalanceTransaction('ch_1', 'acct_1')).toBe(want)
      expect(calls).toEqual([
        { name: 'charges.retrieve', args: ['ch_1', {}, { stripeAccount: 'acct_1' }] },
      ])
    }
  })

  it("turns Stripe's resource_missing into LookupMissing and passes other errors on as they are", async () => {
    const missing = Object.assign(new Error('No such charge'), { code: 'resource_missing' })
    const limited = Object.assign(new Error('Too many requests'), { code: 'rate_limit' })
    const conv = (err: unknown) =>
      stripeConversions(
        client({
          'charges.retrieve': () => {
            throw err
          },
        }).stripe,
      ).chargeBalanceTransaction('ch_1', null)
    await expect(conv(missing)).rejects.toBeInstanceOf(LookupMissing)
    await expect(conv(missing)).rejects.toThrow('No such charge')
    await expect(conv(limited)).rejects.toBe(limited)
    await expect(conv(null)).rejects.toBeNull()
  })
})

describe('invoiceFacts', () => {
  it('asks for the invoice it is told, on the account, without listing invoice payments', async () => {
    const { stripe, calls } = client({ 'invoices.retrieve': () => invoice })
    const facts = await stripeInvoiceLinks(stripe).invoiceFacts('pi_1', 'in_1', 'acct_1')
    expect(calls).toEqual([
      { name: 'invoices.retrieve', args: ['in_1', {}, { stripeAccount: 'acct_1' }] },
    ])
    expect(facts.map((f) => [f.paymentRef, f.link, f.campaign])).toEqual([
      ['pi_1', 'in_1', null],
      ['in_1', null, 'news'],
    ])
  })

  it("finds the invoice through the PaymentIntent's invoice payments, the paid one first", async () => {
    const payments = [
      { id: 'inpay_1', status: 'open', invoice: 'in_open' },
      { id: 'inpay_2', status: 'paid', invoice: { id: 'in_1', object: 'invoice' } },
    ]
    const { stripe, calls } = client({
      'invoicePayments.list': () => ({ data: payments }),
      'invoices.retrieve': () => invoice,
    })
    await stripeInvoiceLinks(stripe).invoiceFacts('pi_1', null, null)
    expect(calls).toEqual([
      {
        name: 'invoicePayments.list',
        args: [{ payment: { type: 'payment_intent', payment_intent: 'pi_1' }, limit: 3 }, {}],
      },
      { name: 'invoices.retrieve', args: ['in_1', {}, {}] },
    ])
  })

  it('takes the first invoice payment when none is paid, and nothing when there is none', async () => {
    const { stripe, calls } = client({
      'invoicePayments.list': () => ({
        data: [{ id: 'inpay_1', status: 'open', invoice: 'in_open' }],
      }),
      'invoices.retrieve': () => ({ ...invoice, id: 'in_open' }),
    })
    await stripeInvoiceLinks(stripe).invoiceFacts('pi_1', null, null)
    expect(calls.at(-1)?.args[0]).toBe('in_open')
    const none = client({ 'invoicePayments.list': () => ({ data: [] }) })
    expect(await stripeInvoiceLinks(none.stripe).invoiceFacts('pi_1', null, null)).toEqual([])
    expect(none.calls.map((c) => c.name)).toEqual(['invoicePayments.list'])
  })
})

describe('API versions', () => {
  it('reads the date of a version, with or without its name, and nothing else', () => {
    expect(versionDate('2025-03-31.basil')).toBe('2025-03-31')
    expect(versionDate('2024-06-20')).toBe('2024-06-20')
    for (const v of ['x2024-06-20', '2024-06-20x', '2024-06-20.', '2024-06-20.Basil', 2024, null]) {
      expect(versionDate(v)).toBeNull()
    }
  })

  it('refuses an older or unreadable version, naming it and the version to set', () => {
    const refuse = (api_version: unknown) => {
      try {
        checkApiVersion({ api_version } as unknown as Stripe.Event)
        return null
      } catch (err) {
        return err
      }
    }
    expect(refuse(OLDEST_API_VERSION)).toBeNull()
    expect(refuse('2026-10-28.endive')).toBeNull()
    const old = refuse('2024-04-10')
    expect(old).toBeInstanceOf(UnsupportedApiVersion)
    expect((old as UnsupportedApiVersion).name).toBe('UnsupportedApiVersion')
    expect((old as UnsupportedApiVersion).version).toBe('2024-04-10')
    expect((old as Error).message).toBe(
      `Event rendered for Stripe API version 2024-04-10, older than ${OLDEST_API_VERSION}: ` +
        `set the webhook endpoint to version ${PINNED_API_VERSION} in Stripe's Dashboard ` +
        '(Developers > Webhooks > the endpoint > API version)',
    )
    expect((refuse(null) as UnsupportedApiVersion).version).toBe('null')
    expect((refuse(`2020-01-01.${'a'.repeat(60)}`) as UnsupportedApiVersion).version).toHaveLength(
      40,
    )
  })
})
