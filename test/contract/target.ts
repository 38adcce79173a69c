import { ADMIN_TOKEN, TEST_CACHE_TTL_MS } from '../support/harness.js'
import { webhookEnv } from '../support/stripe-events.js'

/**
 * A running app the contract suite talks to over HTTP semantics only: `app.request` on
 * SQLite or PostgreSQL, or real `fetch` into workerd. Nothing else of the runtime is visible,
 * so every case runs unchanged on all three.
 */
export interface Target {
  fetch(path: string, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

/** How a test file starts its runtime's target (once per file; cases never share a slug). */
export interface TargetFactory {
  name: string
  /** Whether the runtime serves live streams (all do now; Workers through Durable Objects). */
  streams: boolean
  start(): Promise<Target>
}

/** Configuration every target runs with, as env/vars records (the same names everywhere). */
export const CONTRACT_ENV: Record<string, string> = {
  ADMIN_TOKEN: `admin:${ADMIN_TOKEN}`,
  // The render cache on, as in production: every case reads what a cached reader would.
  CACHE_TTL_MS: TEST_CACHE_TTL_MS,
  ...webhookEnv,
}
