import type Stripe from 'stripe'

/**
 * `POST /v1/subscriptions/:id` of the fake Stripe, for a new amount of a gift: the parameters
 * of SubscriptionUpdateParams (node_modules/stripe/cjs/resources/Subscriptions.d.ts, generated
 * from Stripe's OpenAPI spec, operation PostSubscriptionsSubscriptionExposedId) that such a
 * change uses, checked as Stripe checks them: `items[0][id]` an item of this subscription,
 * `items[0][price_data]` with `currency`, `product`, `unit_amount` and `recurring[interval]`
 * (and `recurring[interval_count]`), and `proration_behavior` one of its three values. Anything
 * else is an unknown parameter. The change itself is the shared simulator's
 * (customer.subscription.updated, renewals at the new amount), which models
 * `proration_behavior=none` only: another value is refused here rather than simulated wrongly.
 * Idempotency-Key: the same key with the same body answers the first answer; with another body,
 * Stripe's idempotency_error.
 */

export interface SubscriptionUpdateCall {
  id: string
  params: Record<string, string>
  idempotencyKey: string | undefined
  account: string | null
}

const KNOWN = new Set([
  'items[0][id]',
  'items[0][price_data][currency]',
  'items[0][price_data][product]',
  'items[0][price_data][unit_amount]',
  'items[0][price_data][recurring][interval]',
  'items[0][price_data][recurring][interval_count]',
  'proration_behavior',
])
const PRORATION = new Set(['always_invoice', 'create_prorations', 'none'])

type Answer = { status: number; body: unknown }

const invalid = (message: string, param?: string, code?: string): Answer => ({
  status: 400,
  body: {
    error: {
      type: 'invalid_request_error',
      message,
      ...(param ? { param } : {}),
      ...(code ? { code } : {}),
    },
  },
})

export function fakeSubscriptionUpdates() {
  const calls: SubscriptionUpdateCall[] = []
  const answered = new Map<string, { body: string; answer: Answer }>()

  /** The answer to an update of `sub` (null: no such subscription on this account). */
  async function answer(
    sub: Stripe.Subscription | null,
    id: string,
    text: string,
    key: string | undefined,
    account: string | null,
    change: (id: string, amount: number) => Promise<Stripe.Subscription>,
  ): Promise<Answer> {
    const params = Object.fromEntries(new URLSearchParams(text))
    calls.push({ id, params, idempotencyKey: key, account })
    const keyed = key ? `${account ?? ''}:${key}` : undefined
    const before = keyed ? answered.get(keyed) : undefined
    if (before && before.body !== text) {
      return {
        status: 400,
        body: {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          },
        },
      }
    }
    if (before) return before.answer
    const result = await check(sub, id, params, change)
    if (keyed && result.status < 500) answered.set(keyed, { body: text, answer: result })
    return result
  }

  async function check(
    sub: Stripe.Subscription | null,
    id: string,
    p: Record<string, string>,
    change: (id: string, amount: number) => Promise<Stripe.Subscription>,
  ): Promise<Answer> {
    if (!sub) return invalid(`No such subscription: '${id}'`, 'id', 'resource_missing')
    const unknown = Object.keys(p).find((k) => !KNOWN.has(k))
    if (unknown) return invalid(`Received unknown parameter: ${unknown}`, unknown)
    const item = sub.items.data[0]
    if (!item || p['items[0][id]'] !== item.id) {
      return invalid(`Invalid subscription_item id: ${p['items[0][id]'] ?? ''}`, 'items[0][id]')
    }
    const price = item.price
    const product = typeof price.product === 'string' ? price.product : price.product.id
    if (p['items[0][price_data][product]'] !== product) {
      const asked = p['items[0][price_data][product]'] ?? ''
      return invalid(
        `No such product: '${asked}'`,
        'items[0][price_data][product]',
        'resource_missing',
      )
    }
    if (p['items[0][price_data][currency]'] !== sub.currency) {
      return invalid(
        'The price specified does not match the currency of the subscription.',
        'items[0][price_data][currency]',
      )
    }
    const amount = p['items[0][price_data][unit_amount]'] ?? ''
    if (!/^\d{1,12}$/.test(amount)) {
      return invalid('Invalid integer: unit_amount', 'items[0][price_data][unit_amount]')
    }
    const interval = p['items[0][price_data][recurring][interval]']
    if (!interval || !['day', 'week', 'month', 'year'].includes(interval)) {
      return invalid(
        'Missing required param: recurring[interval].',
        'items[0][price_data][recurring][interval]',
      )
    }
    const count = p['items[0][price_data][recurring][interval_count]'] ?? '1'
    if (interval !== price.recurring?.interval || count !== '1') {
      return invalid('The fake Stripe models amount changes only, not a new interval.')
    }
    const proration = p.proration_behavior
    if (proration !== undefined && !PRORATION.has(proration)) {
      return invalid(`Invalid proration_behavior: ${proration}`, 'proration_behavior')
    }
    if (proration !== 'none') {
      return invalid('The fake Stripe models proration_behavior=none only.', 'proration_behavior')
    }
    return { status: 200, body: await change(id, Number(amount)) }
  }

  return { calls, answer }
}
