import type { IncomingMessage } from 'node:http'
import type Stripe from 'stripe'
import { uid } from '../../src/demo/stripe-gift.js'
import { fakeSubscriptionUpdates } from './fake-stripe-subscription-update.js'

/**
 * The customer side of the fake Stripe: Customers and Subscriptions as the paid sessions' events
 * left them, `GET /v1/customers?email=` (Stripe's filter is case-sensitive: an exact match),
 * `GET /v1/subscriptions?customer=&status=`, and `POST /v1/billing_portal/sessions`, whose `url`
 * is a page of the fake (`/portal/:id`) that names the customer and has the portal's buttons: a
 * new amount, or cancelling, each sending the events Stripe sends for it. Shapes: Stripe's
 * fixtures3.json (`billing_portal.session`) and the stripe package's types. Customers and
 * subscriptions belong to the account their events came from (`account`, Stripe Connect): a
 * request sees only those of its Stripe-Account header's account (none: the platform's).
 * `POST /v1/subscriptions/:id` (a new amount, the manage page's): fake-stripe-subscription-update.ts.
 */
/** What the fake portal's buttons do to a customer's subscription: its events, delivered. */
export interface PortalActions {
  /** A new amount (minor units) from `at` (unix seconds) on. */
  change(customer: string, amount: number, at: number): Promise<unknown>
  cancel(customer: string, at: number): Promise<unknown>
}

/** The fake portal's page: the customer, a new amount, cancelling, and the way back. */
function portalPage(s: Stripe.BillingPortal.Session, done: string | null): string {
  const said = done
    ? `<p role="status">${done === 'cancel' ? 'Gift cancelled' : 'Amount updated'}</p>`
    : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake customer portal</title></head><body><h1>Fake customer portal</h1><p id="customer">${s.customer}</p>${said}<form method="post" action="/portal/${s.id}/amount"><label>New amount in cents <input name="amount" inputmode="numeric"></label><button type="submit">Update amount</button></form><form method="post" action="/portal/${s.id}/cancel"><button type="submit">Cancel the gift</button></form><p><a href="${s.return_url ?? ''}">Return</a></p></body></html>`
}

export function fakeBilling(origin: () => string) {
  const customers = new Map<string, Stripe.Customer>()
  const subscriptions = new Map<string, Stripe.Subscription>()
  /** The connected account of each customer and subscription (absent: the platform's). */
  const owner = new Map<string, string>()
  const portal = {
    /** Portal sessions created, in order. */
    sessions: [] as Stripe.BillingPortal.Session[],
    /** `error`: answer creates as Stripe does before the portal's settings are saved. */
    mode: 'ok' as 'ok' | 'error',
    /**
     * What the portal page's buttons do to the customer's subscription (set by the fake):
     * send the events Stripe sends when a donor changes the amount, or cancels, there.
     */
    act: undefined as PortalActions | undefined,
    /** Unix seconds of a change made on the portal page (a test sets it to follow its clock). */
    now: () => Math.floor(Date.now() / 1000),
  }

  /** Keeps the latest state of each customer and subscription, from events in causal order. */
  function record(events: readonly Stripe.Event[]): void {
    for (const e of events) {
      const o = e.data.object as { object?: string; id?: string }
      if (e.account && o.id) owner.set(o.id, e.account)
      if (o.object === 'customer') customers.set(o.id as string, o as Stripe.Customer)
      if (o.object === 'subscription') subscriptions.set(o.id as string, o as Stripe.Subscription)
    }
  }

  /** `POST /v1/subscriptions/:id` (a new amount): its calls, and the simulator's change (set by the fake). */
  const updates = {
    ...fakeSubscriptionUpdates(),
    change: undefined as
      | ((id: string, amount: number, at: number) => Promise<Stripe.Subscription>)
      | undefined,
  }

  const list = <T>(data: T[], url: string) => ({ object: 'list', data, has_more: false, url })

  /** Answers the request when it is one of these routes; false when it is not. */
  async function handle(
    req: IncomingMessage,
    url: URL,
    send: (status: number, body: unknown) => void,
    html: (body: string) => void,
    account: string | null = null,
  ): Promise<boolean> {
    const q = url.searchParams
    const mine = (id: string) => (owner.get(id) ?? null) === account
    if (req.method === 'GET' && url.pathname === '/v1/customers') {
      const email = q.get('email')
      const found = [...customers.values()].filter(
        (c) => mine(c.id) && (email === null || c.email === email),
      )
      send(200, list(found.slice(0, Number(q.get('limit') ?? 10)), '/v1/customers'))
      return true
    }
    if (req.method === 'GET' && url.pathname === '/v1/subscriptions') {
      const status = q.get('status')
      const found = [...subscriptions.values()].filter(
        (s) =>
          mine(s.id) &&
          (q.get('customer') === null || s.customer === q.get('customer')) &&
          (status === 'all' || (status === null ? s.status !== 'canceled' : s.status === status)),
      )
      send(200, list(found, '/v1/subscriptions'))
      return true
    }
    if (req.method === 'POST' && url.pathname === '/v1/billing_portal/sessions') {
      let text = ''
      for await (const chunk of req) text += chunk
      const form = new URLSearchParams(text)
      const customer = form.get('customer') ?? ''
      if (portal.mode === 'error') {
        send(400, {
          error: {
            type: 'invalid_request_error',
            message:
              'You can’t create a portal session in test mode until you save your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.',
          },
        })
        return true
      }
      if (!customers.has(customer) || !mine(customer)) {
        send(400, {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            param: 'customer',
            message: `No such customer: '${customer}'`,
          },
        })
        return true
      }
      const id = uid('bps')
      const session: Stripe.BillingPortal.Session = {
        id,
        object: 'billing_portal.session',
        configuration: 'bpc_1Pgc7HB7WZ01zgkWxH2EPWRX',
        created: Math.floor(Date.now() / 1000),
        customer,
        customer_account: null,
        flow: null,
        livemode: false,
        locale: null,
        on_behalf_of: null,
        return_url: form.get('return_url'),
        url: `${origin()}/portal/${id}`,
      }
      if (account) owner.set(id, account)
      portal.sessions.push(session)
      send(200, session)
      return true
    }
    const update = /^\/v1\/subscriptions\/(\w+)$/.exec(url.pathname)
    const change = updates.change
    if (req.method === 'POST' && update && change) {
      let text = ''
      for await (const chunk of req) text += chunk
      const id = update[1] as string
      const sub = subscriptions.get(id)
      const key = req.headers['idempotency-key']
      const a = await updates.answer(
        sub && mine(id) ? sub : null,
        id,
        text,
        typeof key === 'string' ? key : undefined,
        account,
        (subId, amount) => change(subId, amount, portal.now()),
      )
      send(a.status, a.body)
      return true
    }
    const page = /^\/portal\/(\w+)(?:\/(amount|cancel))?$/.exec(url.pathname)
    const shown = page && portal.sessions.find((s) => s.id === page[1])
    if (req.method === 'GET' && shown && !page[2]) {
      html(portalPage(shown, q.get('done')))
      return true
    }
    // The portal's own buttons: the change is Stripe's, the service hears of it by webhook.
    if (req.method === 'POST' && shown && page[2] && portal.act) {
      let text = ''
      for await (const chunk of req) text += chunk
      const amount = Number(new URLSearchParams(text).get('amount'))
      if (page[2] === 'cancel') await portal.act.cancel(shown.customer, portal.now())
      else await portal.act.change(shown.customer, amount, portal.now())
      html(portalPage(shown, page[2]))
      return true
    }
    return false
  }

  return { customers, subscriptions, portal, updates, record, handle, owner }
}
