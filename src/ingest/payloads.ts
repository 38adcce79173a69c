import { settingOnce, settingQuery } from '../store/generated-settings.js'
import type { Store } from '../store/store.js'
import { rewritePayloadPage, type StoredEvent } from '../store/webhook-events.js'
import { REDACTION_VERSION, redactedJson } from './redact.js'

// Stored payloads outside the normal event path: signed bodies that are not Stripe events, and
// payloads kept by earlier versions before personal fields were removed on arrival.

/**
 * The row kept for a signed body that cannot be a Stripe event: under its id when it has a
 * usable one, else under a hash of its (redacted) text, so a resend lands on the same row.
 */
export async function rejectedEvent(body: unknown): Promise<StoredEvent> {
  const env = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const payload = redactedJson(body)
  const usable = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 255
  const id = usable(env.id) ? (env.id as string) : `invalid_${await sha256(payload)}`
  const created = Number.isSafeInteger(env.created) ? (env.created as number) : 0
  return {
    id,
    type: usable(env.type) ? (env.type as string) : 'invalid',
    created,
    livemode: env.livemode === true,
    payload,
  }
}

/** The cursor of this redaction list's scrub: a new list (REDACTION_VERSION) starts over. */
const CURSOR = `payloads_redacted_v${REDACTION_VERSION}_after`

/**
 * Removes personal fields from one page of payloads stored before they were removed on arrival
 * (or under a shorter list); the position is kept in `settings`, so every instance shares the
 * work. True when all are done.
 */
export async function scrubLegacyPage(store: Store, at: string): Promise<boolean> {
  const cursor = await settingOnce(store, CURSOR, () => '', at)
  // Stryker disable next-line ConditionalExpression: DONE ('~done') sorts after every id, so reading on finds no row and ends done too; the check saves the query
  if (cursor === DONE) return true
  const next = await rewritePayloadPage(store, cursor, (p) => redactedJson(JSON.parse(p)))
  await store.atomic([settingQuery(store, CURSOR, next ?? DONE, at)])
  return next === null
}

/**
 * Scrubs every stored payload now (at start, after an upgrade), then lets the database drop
 * the old bytes (SQLite: free pages and the WAL; see Store.purgeFreed). True when this call
 * had anything to do, so the purge runs once per redaction list.
 */
export async function scrubAllPayloads(store: Store, at: () => string): Promise<boolean> {
  const found = await settingOnce(store, CURSOR, () => '', at())
  if (found === DONE) return false
  while (!(await scrubLegacyPage(store, at()))) {}
  await store.purgeFreed?.()
  return true
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 32)
}

/** Cursor value once every stored payload is redacted (no event id sorts after it). */
const DONE = '~done'
