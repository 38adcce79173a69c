import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LookupMissing } from '../../src/ingest/convert.js'
import { stripeConversions, stripeInvoiceLinks } from '../../src/stripe/api-lookups.js'
import { createCheckoutSession } from '../../src/stripe/checkout.js'
import { MalformedEvent, toIncoming } from '../../src/stripe/incoming.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { donation, event, paymentIntent, unix } from '../support/stripe-events.js'

// src/stripe/api-lookups.ts (invoice links asked of Stripe's API), src/stripe/checkout.ts (a
// session Stripe returns without a url) and src/stripe/incoming.ts (an object mapEvent cannot
// read).

describe('stripeInvoiceLinks against the fake Stripe API', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  beforeAll(async () => {
    fake = await startFakeStripe()
    fake.data.objects.set('inpay_x', {
      id: 'inpay_x',
      object: 'invoice_payment',
      status: 'paid',
      // Expanded, as `expand[]=data.invoice` returns it.
      invoice: { id: 'in_x', object: 'invoice' },
      payment: { type: 'payment_intent', payment_intent: 'pi_x' },
    })
    fake.data.objects.set('in_x', {
      id: 'in_x',
      object: 'invoice',
      customer: 'cus_1',
      customer_email: null,
      metadata: {},
      parent: {
        type: 'subscription_details',
        subscription_details: { metadata: { campaign: 'radio' }, subscription: 'sub_x' },
      },
    })
  })
  afterAll(() => fake.close())

  it('links a payment to the invoice an invoice payment names as an expanded object', async () => {
    const facts = await stripeInvoiceLinks(fake.stripe).invoiceFacts('pi_x', null, null)
    expect(facts.map((f) => [f.paymentRef, f.source, f.link, f.campaign])).toEqual([
      ['pi_x', 'invoice_payment', 'in_x', null],
      ['in_x', 'invoice', 'sub_x', 'radio'],
    ])
  })

  it('links nothing, and asks for no invoice, when no invoice payment names the payment', async () => {
    const before = fake.requests.length
    expect(await stripeInvoiceLinks(fake.stripe).invoiceFacts('pi_alone', null, null)).toEqual([])
    expect(fake.requests.slice(before).map((r) => r.split('?')[0])).toEqual([
      'GET /v1/invoice_payments',
    ])
  })
})

describe("a connected account's lookups (Stripe Connect)", () => {
  const account = 'acct_1Lookups'
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  beforeAll(async () => {
    fake = await startFakeStripe()
    // The account's objects: the fake serves them only with its Stripe-Account header.
    fake.data.objects.set(`${account}:inpay_y`, {
      id: 'inpay_y',
      object: 'invoice_payment',
      status: 'paid',
      invoice: 'in_y',
      payment: { type: 'payment_intent', payment_intent: 'pi_y' },
    })
    fake.data.objects.set(`${account}:in_y`, {
      id: 'in_y',
      object: 'invoice',
      customer: 'cus_2',
      customer_email: null,
      metadata: {},
      parent: {
        type: 'subscription_details',
        subscription_details: { metadata: { campaign: 'tv' }, subscription: 'sub_y' },
      },
    })
    fake.data.objects.set(`${account}:ch_y`, {
      id: 'ch_y',
      object: 'charge',
      balance_transaction: 'txn_y',
    })
    fake.data.objects.set(`${account}:txn_y`, {
      id: 'txn_y',
      object: 'balance_transaction',
      amount: 3350,
      currency: 'usd',
      exchange_rate: 0.0067,
      fee: 127,
      fee_details: [{ amount: 127, currency: 'usd', type: 'stripe_fee' }],
      net: 3223,
    })
  })
  afterAll(() => fake.close())
  const headers = (from: number) => fake.accounts.slice(from)

  it("asks for the invoice payments and the invoice with the account's header", async () => {
    const before = fake.requests.length
    const facts = await stripeInvoiceLinks(fake.stripe).invoiceFacts('pi_y', null, account)
    expect(facts.map((f) => [f.paymentRef, f.link, f.campaign])).toEqual([
      ['pi_y', 'in_y', null],
      ['in_y', 'sub_y', 'tv'],
    ])
    expect(headers(before)).toEqual([account, account])
    // The platform's own lookup finds none of the account's objects.
    expect(await stripeInvoiceLinks(fake.stripe).invoiceFacts('pi_y', null, null)).toEqual([])
  })

  it("converts with the account's charge and balance transaction", async () => {
    const before = fake.requests.length
    const conversions = stripeConversions(fake.stripe)
    expect(await conversions.chargeBalanceTransaction('ch_y', account)).toBe('txn_y')
    expect(await conversions.balanceTransaction('txn_y', account)).toEqual({
      id: 'txn_y',
      amount: 3350,
      fee: 127,
      net: 3223,
      currency: 'USD',
      exchangeRate: 0.0067,
      feeDetails: [{ type: 'stripe_fee', amount: 127 }],
    })
    expect(headers(before)).toEqual([account, account])
    // Stripe's resource_missing is the ingest's LookupMissing (a fee lookup then finds none).
    const missing = conversions.balanceTransaction('txn_y', null)
    await expect(missing).rejects.toThrow('No such object')
    await expect(missing).rejects.toBeInstanceOf(LookupMissing)
  })
})

describe('createCheckoutSession', () => {
  it('refuses a session Stripe returns without a url, naming the session', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Request-Id': 'req_1' })
      res.end(JSON.stringify({ id: 'cs_nourl', object: 'checkout.session', url: null }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const port = (server.address() as AddressInfo).port
    const stripe = new Stripe('sk_test_x', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    })
    try {
      await expect(
        createCheckoutSession(stripe, { mode: 'payment' }, { timeoutMs: 5000 }),
      ).rejects.toThrow('Stripe returned session cs_nourl without a url')
    } finally {
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})

describe('toIncoming: a signed object mapEvent cannot read', () => {
  it('is refused as malformed, not a crash and not an event that counts nothing', () => {
    const d = donation({ amount: 2500, created: unix('2026-06-10T12:00:00Z') })
    const { currency: _, ...noCurrency } = paymentIntent(d)
    const e = event('payment_intent.succeeded', noCurrency)
    expect(() => toIncoming(e)).toThrow(MalformedEvent)
    expect(() => toIncoming(e)).toThrow(
      `Signed event ${e.id} does not have the shape of a payment_intent.succeeded event`,
    )
  })
})
