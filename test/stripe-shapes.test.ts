import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import * as fixtures from '../src/demo/stripe-fixtures.js'
import { unix } from './support/stripe-events.js'
import {
  cancelFlow,
  declinedRenewalFlow,
  delayedFlow,
  paymentFlow,
  renewalAt,
  renewalFlow,
  subscriptionFlow,
} from './support/stripe-flows.js'

/** Stripe's fixture of each object type the flows send (fixtures3.json, pinned types' fields). */
const FIXTURE: Record<string, object> = {
  'checkout.session': fixtures.sessionFixture,
  customer: fixtures.customerFixture,
  payment_intent: fixtures.paymentIntentFixture,
  charge: fixtures.chargeFixture,
  invoice: fixtures.invoiceFixture,
  invoice_payment: fixtures.invoicePaymentFixture,
  subscription: fixtures.subscriptionFixture,
  payment_method: fixtures.paymentMethodFixture,
}

const at = unix('2026-06-10T12:00:00Z')
const gift = { amount: 1500, at, campaign: 'news', email: 'a@example.org' }
const sub = subscriptionFlow(gift)
const declined = declinedRenewalFlow(sub.sub, renewalAt(sub.sub, 1), unix('2026-08-02T12:00:00Z'))
const flows = {
  payment: paymentFlow(gift).events,
  'SEPA succeeded': delayedFlow(gift, 'succeeded').events,
  'SEPA failed': delayedFlow(gift, 'failed').events,
  subscription: sub.events,
  renewal: renewalFlow(sub.sub, renewalAt(sub.sub, 1)).events,
  'declined renewal': declined.declined,
  'retried renewal': declined.retried,
  'retries exhausted, canceled': declined.exhausted('canceled'),
  'retries exhausted, unpaid': declined.exhausted('unpaid'),
  cancel: cancelFlow(sub.sub, at + 90 * 86400),
}

describe('the flows send Stripe-shaped events on the pinned API version', () => {
  it.each(Object.entries(flows))(
    '%s: every object has all of its fixture fields, and no others',
    (_, events) => {
      for (const e of events) {
        expect(e.api_version).toBe(Stripe.API_VERSION)
        expect(e.api_version).toBe('2026-10-28.endive')
        const obj = e.data.object as unknown as Record<string, unknown> & { object: string }
        const fixture = FIXTURE[obj.object]
        expect(fixture, `${e.type}: ${obj.object}`).toBeDefined()
        expect(Object.keys(obj).sort(), e.type).toEqual(Object.keys(fixture as object).sort())
        // The object's type is the event's (customer.subscription.* carries a subscription).
        expect(e.type.replace(/^customer\.subscription\./, 'subscription.')).toMatch(
          new RegExp(`^${obj.object.replace('.', '\\.')}\\.`),
        )
      }
    },
  )

  it('has what basil removed nowhere: no invoice.payment_intent / charge / subscription, no PaymentIntent.invoice', () => {
    for (const e of Object.values(flows).flat()) {
      const obj = e.data.object as unknown as Record<string, unknown>
      if (obj.object === 'invoice') {
        for (const gone of ['payment_intent', 'charge', 'subscription', 'payments'])
          expect(obj, e.type).not.toHaveProperty(gone)
      }
      if (obj.object === 'payment_intent') expect(obj).not.toHaveProperty('invoice')
    }
    const session = sub.events.find((e) => e.type === 'checkout.session.completed') as Stripe.Event
    expect((session.data.object as Stripe.Checkout.Session).payment_intent).toBeNull()
  })

  it('a renewal is a month later: its invoice, PaymentIntent and charge all in July', () => {
    const renewal = flows.renewal
    const times = renewal.map((e) => {
      const o = e.data.object as unknown as { created: number }
      return new Date(Math.max(e.created, o.created) * 1000).toISOString().slice(0, 7)
    })
    expect(new Set(times)).toEqual(new Set(['2026-07']))
    expect(renewal.map((e) => e.type)).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice_payment.paid',
      'invoice.paid',
      'invoice.payment_succeeded',
    ])
  })

  it('a declined renewal: the charge fails, the invoice stays open for the retry, the subscription is past_due; the retry pays the same invoice and PaymentIntent', () => {
    expect(declined.declined.map((e) => e.type)).toEqual([
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'invoice.payment_failed',
      'invoice.updated',
      'customer.updated',
      'customer.subscription.updated',
    ])
    const of = <T>(events: Stripe.Event[], type: string) =>
      events.filter((e) => e.type === type).map((e) => e.data.object as T)
    const [failed] = of<Stripe.PaymentIntent>(declined.declined, 'payment_intent.payment_failed')
    expect(failed).toMatchObject({ id: declined.pi, status: 'requires_payment_method' })
    expect(failed?.last_payment_error?.code).toBe('insufficient_funds')
    const [open] = of<Stripe.Invoice>(declined.declined, 'invoice.payment_failed')
    expect(open).toMatchObject({
      status: 'open',
      attempted: true,
      attempt_count: 1,
      amount_paid: 0,
    })
    expect(open?.next_payment_attempt).toBe(unix('2026-08-02T12:00:00Z'))
    const [delinquent] = of<Stripe.Customer>(declined.declined, 'customer.updated')
    expect(delinquent?.delinquent).toBe(true)
    const subs = of<Stripe.Subscription>(declined.declined, 'customer.subscription.updated')
    expect(subs.map((x) => x.status)).toEqual(['active', 'past_due'])

    expect(declined.retried.map((e) => e.type)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'invoice_payment.paid',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.updated',
      'customer.subscription.updated',
    ])
    const [paid] = of<Stripe.PaymentIntent>(declined.retried, 'payment_intent.succeeded')
    // The same PaymentIntent, made at the renewal (July): its time decides the month.
    expect(paid?.id).toBe(declined.pi)
    expect(new Date((paid?.created ?? 0) * 1000).toISOString().slice(0, 7)).toBe('2026-07')
    const [link] = of<Stripe.InvoicePayment>(declined.retried, 'invoice_payment.paid')
    expect(link).toMatchObject({ invoice: declined.invoice, is_default: true, status: 'paid' })
    expect(link?.payment).toEqual({ type: 'payment_intent', payment_intent: declined.pi })
    const [inv] = of<Stripe.Invoice>(declined.retried, 'invoice.paid')
    expect(inv).toMatchObject({ id: declined.invoice, status: 'paid', attempt_count: 2 })
    expect(of<Stripe.Customer>(declined.retried, 'customer.updated')[0]?.delinquent).toBe(false)
    const [back] = of<Stripe.Subscription>(declined.retried, 'customer.subscription.updated')
    expect(back?.status).toBe('active')
  })

  it('retries exhausted: the last attempt is declined with none left, and the subscription ends canceled or unpaid', () => {
    for (const end of ['canceled', 'unpaid'] as const) {
      const events = declined.exhausted(end)
      const [open] = events
        .filter((e) => e.type === 'invoice.payment_failed')
        .map((e) => e.data.object as Stripe.Invoice)
      expect(open).toMatchObject({ id: declined.invoice, status: 'open', attempt_count: 2 })
      expect(open?.next_payment_attempt).toBeNull()
      const last = events.at(-1) as Stripe.Event
      expect(last.type).toBe(
        end === 'canceled' ? 'customer.subscription.deleted' : 'customer.subscription.updated',
      )
      expect((last.data.object as Stripe.Subscription).status).toBe(end)
    }
  })

  it('a cancellation ends the subscription where it is, in its current period', () => {
    const [e] = flows.cancel
    const ended = e?.data.object as Stripe.Subscription
    expect(e?.type).toBe('customer.subscription.deleted')
    expect(ended).toMatchObject({
      status: 'canceled',
      canceled_at: e?.created,
      ended_at: e?.created,
    })
    expect(ended.items.data[0]?.current_period_start).toBe(renewalAt(sub.sub, 2))
  })
})
