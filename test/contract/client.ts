import type Stripe from 'stripe'
import { expect } from 'vitest'
import { admin, adminJson } from '../support/harness.js'
import { postEvent } from '../support/stripe-events.js'
import type { Target } from './target.js'

let counter = 0
/** A slug no other case (in this process) uses, so cases share one database safely. */
export const uniqueSlug = (base: string) =>
  `${base}-${(++counter).toString(36)}${Math.random().toString(36).slice(2, 7)}`

export interface Progress {
  slug: string
  month: string
  label: string
  currency: string
  goal: number
  pledged: number
  percent: number
  donations: number
  donors: number
}

/** Small HTTP helpers over a target: what a site, an admin and Stripe would send. */
export function client(t: Target) {
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.fetch(path, {
      method,
      headers: { ...(body === undefined ? admin : adminJson), ...headers },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    })
  const json = async <T>(res: Response, status: number): Promise<T> => {
    const text = await res.text()
    expect(res.status, text).toBe(status)
    return JSON.parse(text) as T
  }
  return {
    call,
    json,
    createCampaign: async (body: Record<string, unknown>) =>
      json<Record<string, unknown>>(await call('POST', '/api/admin/campaigns', body), 201),
    progress: async (slug: string, month: string) =>
      json<Progress>(await t.fetch(`/api/campaigns/${slug}/progress?month=${month}`), 200),
    send: async (e: Stripe.Event, status = 200) => {
      const res = await postEvent((p, i) => t.fetch(p, i), e)
      return json<{ outcome: string }>(res, status)
    },
    /** Rebuilds totals from the ledger: the differences must be none. */
    expectTotalsMatchLedger: async () => {
      const r = await json<{ differences: unknown[] }>(
        await call('POST', '/api/admin/recompute'),
        200,
      )
      expect(r.differences).toEqual([])
    },
    /** What the API shows of a campaign: to prove a refused request changed nothing. */
    snapshot: async (slug: string) => {
      const get = async (path: string) => {
        const res = await call('GET', path)
        return { status: res.status, body: await res.json() }
      }
      return {
        campaigns: await get('/api/admin/campaigns'),
        campaign: await get(`/api/admin/campaigns/${slug}`),
        months: await get(`/api/admin/campaigns/${slug}/months`),
        ledger: await get(`/api/admin/campaigns/${slug}/ledger?limit=200`),
        events: await get('/api/admin/stripe/events?limit=200'),
      }
    },
  }
}
