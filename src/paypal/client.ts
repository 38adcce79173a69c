import type { PaypalSettings } from './receive.js'
import type { PaypalEvent } from './types.js'

/** PayPal's API failed or answered what it should not (the route answers 502). */
export class PaypalApiError extends Error {
  constructor(
    message: string,
    /** PayPal's HTTP status, when it answered one. */
    readonly status?: number,
  ) {
    super(message)
    this.name = 'PaypalApiError'
  }
}

/** What the service asks PayPal's REST API (OAuth client credentials, PAYPAL_API_URL). */
export interface PaypalApi {
  /** Webhook events created in [start, end], oldest pages first as PayPal gives them. */
  listEvents(start: Date, end: Date): Promise<PaypalEvent[]>
  /**
   * One call of the REST API with the app's bearer token: a JSON body answered 200 or 201 (what
   * Orders v2, Subscriptions and Catalog Products answer), else PaypalApiError. `requestId` is
   * sent as `PayPal-Request-Id`: PayPal answers a repeated request with its first result.
   */
  send(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    requestId?: string,
  ): Promise<Record<string, unknown>>
}

/** Pages followed at most in one listing (100 events a page). */
const MAX_PAGES = 200

/**
 * PayPal's REST API: a bearer token from `/v1/oauth2/token` (client credentials), kept until a
 * minute before it expires; `GET /v1/notifications/webhooks-events` (notifications_webhooks_v1:
 * `start_time`, `end_time`, `page_size`; the `next` link pages on, followed only on the API's
 * own origin).
 */
export function paypalApi(
  settings: PaypalSettings,
  fetcher: typeof fetch = (input, init) => fetch(input, init),
  timeoutMs = 10_000,
): PaypalApi {
  let token: { value: string; until: number } | undefined
  const call = async (url: string, init: RequestInit) => {
    let res: Response
    try {
      res = await fetcher(url, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      throw new PaypalApiError(`PayPal did not answer: ${(err as Error).message}`)
    }
    if (res.status !== 200 && res.status !== 201) {
      // PayPal's `error` (name, message, debug_id) says why: kept in the message for the log.
      const why = await res.text().then(
        (t) => t.slice(0, 300),
        () => '',
      )
      const message = `PayPal answered HTTP ${res.status}${why ? `: ${why}` : ''}`
      throw new PaypalApiError(message, res.status)
    }
    try {
      return (await res.json()) as Record<string, unknown>
    } catch {
      throw new PaypalApiError('PayPal answered with a body that is not JSON')
    }
  }
  const bearer = async () => {
    if (token && token.until > Date.now()) return token.value
    const basic = btoa(`${settings.clientId}:${settings.clientSecret}`)
    const body = await call(`${settings.apiUrl}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    })
    const value = body.access_token
    const expires = Number(body.expires_in)
    if (typeof value !== 'string' || value.length === 0) {
      throw new PaypalApiError('PayPal gave no access token')
    }
    token = {
      value,
      until: Date.now() + Math.max(0, (Number.isFinite(expires) ? expires : 0) - 60) * 1000,
    }
    return value
  }
  return {
    async send(method, path, body, requestId) {
      return call(`${settings.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await bearer()}`,
          accept: 'application/json',
          // Whole objects back (the default `return=minimal` is id, status and links only).
          prefer: 'return=representation',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(requestId !== undefined ? { 'paypal-request-id': requestId } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    },
    async listEvents(start, end) {
      const origin = new URL(settings.apiUrl).origin
      const q = new URLSearchParams({
        page_size: '100',
        start_time: start.toISOString(),
        end_time: end.toISOString(),
      })
      let url: string | null = `${settings.apiUrl}/v1/notifications/webhooks-events?${q}`
      const out: PaypalEvent[] = []
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const body = await call(url, {
          method: 'GET',
          headers: { authorization: `Bearer ${await bearer()}`, accept: 'application/json' },
        })
        const events = body.events
        if (!Array.isArray(events)) throw new PaypalApiError('PayPal listed no events array')
        out.push(...(events as PaypalEvent[]))
        const links = Array.isArray(body.links)
          ? (body.links as { rel?: string; href?: string }[])
          : []
        const next = links.find((l) => l.rel === 'next' && typeof l.href === 'string')?.href
        url = next && new URL(next, settings.apiUrl).origin === origin ? next : null
      }
      return out
    },
  }
}
