import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type FakeOrder,
  type FakeSubscription,
  feeOf,
  type Json,
  type MoneyJson,
  orderJson,
  subscriptionJson,
} from './fake-paypal-objects.js'
import { captureCompleted, saleCompleted, subscriptionEvent } from './paypal-events.js'

/**
 * The giving half of the fake PayPal: Orders v2, Catalog Products and Subscriptions as PayPal's
 * published OpenAPI documents shape them (github.com/paypal/paypal-rest-api-specifications,
 * openapi/checkout_orders_v2.json: `order_request`, `order`, `purchase_unit`, `capture`, and the
 * `PayPal-Request-Id` parameter; catalogs_products_v1.json: `product_request_POST`, `product`;
 * billing_subscriptions_v1.json: `plan_request_POST`, `plan`, `subscription_request_post`,
 * `subscription`). A page on the fake stands for PayPal's approval: its "Pay" button approves and
 * sends the reader to `return_url`; what PayPal then sends (PAYMENT.CAPTURE.COMPLETED on capture;
 * BILLING.SUBSCRIPTION.ACTIVATED and PAYMENT.SALE.COMPLETED on a subscription's approval) goes,
 * signed, to `deliver`.
 */

export class FakePaypalGive {
  readonly orders = new Map<string, FakeOrder>()
  readonly products = new Map<string, Json>()
  readonly plans = new Map<string, Json>()
  readonly subscriptions = new Map<string, FakeSubscription>()
  /** Every giving request the service made: method, path, PayPal-Request-Id, body. */
  readonly requests: { method: string; path: string; requestId?: string; body: Json }[] = []
  /** Answers every giving call with this status instead (PayPal failing). */
  fail: number | null = null
  /** Sends a subscription's events out of order and twice (a sale before its activation). */
  scramble = false
  /** PayPal-Request-Id -> the first answer, repeated. */
  readonly #replays = new Map<string, { status: number; body: Json }>()
  #n = 0

  constructor(
    private readonly base: () => string,
    /** Signs and posts an event to the service's /webhooks/paypal. */
    private readonly send: (event: unknown) => Promise<unknown>,
    private readonly now: () => Date,
  ) {}

  #id(prefix: string, len = 17) {
    const n = String(++this.#n)
    return `${prefix}${'7'.repeat(Math.max(1, len - prefix.length - n.length))}${n}`
  }

  /** Serves a request if it is one of the giving API's or the approval page's; false if not. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, authed: boolean) {
    const path = url.pathname
    const api =
      /^\/v2\/checkout\/orders(\/[^/]+(\/capture)?)?$/.test(path) ||
      /^\/v1\/(catalogs\/products|billing\/plans|billing\/subscriptions(\/[^/]+)?)$/.test(path)
    const page = path === '/checkoutnow' || path === '/webapps/billing/subscriptions'
    if (!api && !page) return false
    const text = await new Promise<string>((resolve) => {
      let s = ''
      req.on('data', (c: Buffer) => {
        s += c.toString()
      })
      req.on('end', () => resolve(s))
    })
    if (page) {
      await this.#page(req.method ?? 'GET', url, new URLSearchParams(text), res)
      return true
    }
    const json = (status: number, body: Json) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (!authed) {
      json(401, { name: 'AUTHENTICATION_FAILURE', message: 'Authentication failed' })
      return true
    }
    const body = text ? (JSON.parse(text) as Json) : {}
    const requestId = req.headers['paypal-request-id'] as string | undefined
    this.requests.push({
      method: req.method ?? '',
      path,
      body,
      ...(requestId ? { requestId } : {}),
    })
    if (this.fail) {
      json(this.fail, { name: 'INTERNAL_SERVICE_ERROR', debug_id: 'fake' })
      return true
    }
    const replay = requestId && this.#replays.get(requestId)
    if (replay) {
      json(replay.status, replay.body)
      return true
    }
    const [status, answer] = await this.#api(req.method ?? 'GET', path, body)
    if (requestId && status < 300) this.#replays.set(requestId, { status, body: answer })
    json(status, answer)
    return true
  }

  async #api(method: string, path: string, b: Json): Promise<[number, Json]> {
    const unprocessable = (issue: string): [number, Json] => [
      422,
      { name: 'UNPROCESSABLE_ENTITY', details: [{ issue }], debug_id: 'fake' },
    ]
    const time = this.now().toISOString()
    if (method === 'POST' && path === '/v2/checkout/orders') {
      const unit = (b.purchase_units as Json[] | undefined)?.[0] as Json | undefined
      const amount = unit?.amount as MoneyJson | undefined
      const ctx = ((b.payment_source as Json)?.paypal as Json)?.experience_context as Json
      if (
        b.intent !== 'CAPTURE' ||
        !amount ||
        !/^((-?[0-9]+)|(-?([0-9]+)?[.][0-9]+))$/.test(amount.value) ||
        typeof ctx?.return_url !== 'string' ||
        typeof ctx.cancel_url !== 'string'
      ) {
        return [400, { name: 'INVALID_REQUEST', debug_id: 'fake' }]
      }
      const id = this.#id('5O190127TN364715T')
      const order: FakeOrder = {
        id,
        status: 'PAYER_ACTION_REQUIRED',
        request: b,
        amount,
        customId: String(unit?.custom_id ?? ''),
        returnUrl: ctx.return_url,
        cancelUrl: ctx.cancel_url,
      }
      this.orders.set(id, order)
      return [200, orderJson(order, this.base(), this.now())]
    }
    const capture = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path)
    if (method === 'POST' && capture) {
      const order = this.orders.get(decodeURIComponent(capture[1] as string))
      if (!order) return [404, { name: 'RESOURCE_NOT_FOUND' }]
      if (order.status === 'COMPLETED') return unprocessable('ORDER_ALREADY_CAPTURED')
      if (order.status !== 'APPROVED') return unprocessable('ORDER_NOT_APPROVED')
      order.status = 'COMPLETED'
      order.captureId = this.#id('3C679366HH9088')
      await this.send(
        captureCompleted(order.captureId, order.amount.value, {
          customId: order.customId,
          fee: feeOf(order.amount),
          currency: order.amount.currency_code,
          time,
        }),
      )
      return [201, orderJson(order, this.base(), this.now())]
    }
    const get = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path)
    if (method === 'GET' && get) {
      const order = this.orders.get(decodeURIComponent(get[1] as string))
      return order
        ? [200, orderJson(order, this.base(), this.now())]
        : [404, { name: 'RESOURCE_NOT_FOUND' }]
    }
    if (method === 'POST' && path === '/v1/catalogs/products') {
      if (
        typeof b.name !== 'string' ||
        !['PHYSICAL', 'DIGITAL', 'SERVICE'].includes(String(b.type))
      )
        return [400, { name: 'INVALID_REQUEST' }]
      const id = `PROD-${this.#id('XXCD1234QWER65782', 17)}`
      const product = { ...b, id, create_time: time, update_time: time, links: [] }
      this.products.set(id, product)
      return [201, product]
    }
    if (method === 'POST' && path === '/v1/billing/plans') {
      const cycle = (b.billing_cycles as Json[] | undefined)?.[0]
      if (!this.products.has(String(b.product_id)) || !cycle)
        return unprocessable('INVALID_PRODUCT')
      const id = `P-${this.#id('5ML4271244454362W', 24)}`
      const plan = { ...b, id, status: 'ACTIVE', create_time: time, update_time: time, links: [] }
      this.plans.set(id, plan)
      return [201, plan]
    }
    if (method === 'POST' && path === '/v1/billing/subscriptions') {
      const ctx = b.application_context as Json | undefined
      if (!this.plans.has(String(b.plan_id))) return unprocessable('INVALID_PLAN')
      if (typeof ctx?.return_url !== 'string' || typeof ctx.cancel_url !== 'string')
        return [400, { name: 'INVALID_REQUEST' }]
      const sub: FakeSubscription = {
        id: `I-${this.#id('BW452GLLEP1G', 12)}`,
        status: 'APPROVAL_PENDING',
        planId: String(b.plan_id),
        customId: String(b.custom_id ?? ''),
        returnUrl: ctx.return_url,
        cancelUrl: ctx.cancel_url,
        baToken: `BA-${this.#id('2M539689T385635', 17)}`,
        sales: [],
      }
      this.subscriptions.set(sub.id, sub)
      return [201, subscriptionJson(sub, this.base(), this.now())]
    }
    const subGet = /^\/v1\/billing\/subscriptions\/([^/]+)$/.exec(path)
    if (method === 'GET' && subGet) {
      const sub = this.subscriptions.get(decodeURIComponent(subGet[1] as string))
      return sub
        ? [200, subscriptionJson(sub, this.base(), this.now())]
        : [404, { name: 'RESOURCE_NOT_FOUND' }]
    }
    return [404, { name: 'RESOURCE_NOT_FOUND' }]
  }

  /** PayPal's approval, as a page: "Pay" approves and returns; "Cancel" returns to cancel_url. */
  async #page(method: string, url: URL, form: URLSearchParams, res: ServerResponse) {
    const redirect = (to: string) => {
      res.writeHead(303, { location: to })
      res.end()
    }
    const order = this.orders.get(url.searchParams.get('token') ?? form.get('token') ?? '')
    const sub = [...this.subscriptions.values()].find(
      (s) => s.baToken === (url.searchParams.get('ba_token') ?? form.get('ba_token')),
    )
    if (!order && !sub) {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('no such approval')
      return
    }
    const sep = (u: string) => (u.includes('?') ? '&' : '?')
    if (method === 'POST' && form.get('action') === 'cancel') {
      const to = order ? order.cancelUrl : (sub as FakeSubscription).cancelUrl
      redirect(`${to}${sep(to)}token=${order?.id ?? sub?.baToken}`)
      return
    }
    if (method === 'POST') {
      if (order) {
        if (order.status === 'PAYER_ACTION_REQUIRED') order.status = 'APPROVED'
        redirect(`${order.returnUrl}${sep(order.returnUrl)}token=${order.id}&PayerID=FAKEPAYER1`)
        return
      }
      const s = sub as FakeSubscription
      if (s.status === 'APPROVAL_PENDING') await this.activate(s)
      const q = `subscription_id=${s.id}&ba_token=${s.baToken}&token=EC-FAKE${s.id.slice(2)}`
      redirect(`${s.returnUrl}${sep(s.returnUrl)}${q}`)
      return
    }
    const hidden = order
      ? `<input type="hidden" name="token" value="${order.id}">`
      : `<input type="hidden" name="ba_token" value="${sub?.baToken}">`
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake PayPal</title></head><body><h1>Fake PayPal</h1><form method="post">${hidden}<button name="action" value="pay">Pay</button><button name="action" value="cancel">Cancel</button></form></body></html>`,
    )
  }

  /** The subscription is approved: ACTIVE, its first charge made; both events sent. */
  async activate(s: FakeSubscription) {
    s.status = 'ACTIVE'
    const time = this.now().toISOString()
    const price = this.#price(s)
    const activated = subscriptionEvent('ACTIVATED', s.id, s.customId, price.value, time)
    const sale = this.#sale(s)
    // PayPal documents no delivery order and retries: scrambled, the sale comes first, twice.
    const events = this.scramble ? [sale, activated, sale, activated] : [activated, sale]
    for (const e of events) await this.send(e)
  }

  /** One more of the subscription's charges: PAYMENT.SALE.COMPLETED naming it. */
  async renew(subId: string) {
    const s = this.subscriptions.get(subId) as FakeSubscription
    await this.send(this.#sale(s))
    return s.sales.at(-1) as string
  }

  #sale(s: FakeSubscription) {
    const price = this.#price(s)
    const sale = this.#id('9T0916710M1105')
    s.sales.push(sale)
    return saleCompleted(sale, price.value, s.id, feeOf(price), {
      currency: price.currency_code,
      time: this.now().toISOString(),
    })
  }

  #price(s: FakeSubscription): MoneyJson {
    const plan = this.plans.get(s.planId) as Json
    const cycle = (plan.billing_cycles as Json[])[0] as Json
    return (cycle.pricing_scheme as Json).fixed_price as MoneyJson
  }
}
