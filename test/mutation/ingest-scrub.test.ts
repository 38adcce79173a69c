import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scrubAllPayloads, scrubLegacyPage } from '../../src/ingest/payloads.js'
import { REDACTION_VERSION } from '../../src/ingest/redact.js'
import type { Store } from '../../src/store/store.js'
import { makeTestApp, type TestApp } from '../support/harness.js'

/**
 * src/ingest/payloads.ts: payloads stored before personal fields were removed on arrival are
 * scrubbed page by page, from the first id whatever it looks like, once per redaction list.
 */

const CURSOR = `payloads_redacted_v${REDACTION_VERSION}_after`
const EMAIL = 'legacy.donor@example.org'
let t: TestApp
const at = () => '2026-06-10T12:00:00.000Z'

beforeEach(async () => {
  t = await makeTestApp()
  // As a database an older version wrote: no scrub has run under this list.
  await t.store.db.deleteFrom('settings').where('name', '=', CURSOR).execute()
})
afterEach(() => t.close())

/** Stores a payload with the donor's e-mail under each id, as older versions kept them. */
async function legacy(ids: string[]): Promise<void> {
  for (const id of ids) {
    await t.store.db
      .insertInto('webhook_events')
      .values({
        id,
        type: 'checkout.session.completed',
        created: 1,
        livemode: 0,
        payload: JSON.stringify({ id, data: { object: { customer_email: EMAIL } } }),
        status: 'processed',
        error: null,
        attempts: 1,
        received_at: at(),
        processed_at: at(),
      })
      .execute()
  }
}
const withEmail = async () =>
  (await t.store.db.selectFrom('webhook_events').select(['id', 'payload']).execute())
    .filter((r) => r.payload.includes(EMAIL))
    .map((r) => r.id)
const cursor = async () =>
  (
    await t.store.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', CURSOR)
      .executeTakeFirst()
  )?.value

describe('scrubAllPayloads', () => {
  it('scrubs every id, digits and capitals included, once, and lets the database drop the old bytes', async () => {
    await legacy(['0001', 'AAA', 'Zed', 'evt_1', 'paypal:WH-1'])
    let purged = 0
    const store: Store = { ...t.store, purgeFreed: async () => void purged++ }
    expect(await scrubAllPayloads(store, at)).toBe(true)
    expect(await withEmail()).toEqual([])
    expect(purged).toBe(1)
    // Done under this list: a second call has nothing to do.
    expect(await scrubAllPayloads(store, at)).toBe(false)
    expect(purged).toBe(1)
  })

  it('runs on a store that has no purge', async () => {
    await legacy(['evt_1'])
    const store: Store = { ...t.store, purgeFreed: undefined }
    expect(await scrubAllPayloads(store, at)).toBe(true)
    expect(await withEmail()).toEqual([])
  })
})

describe('scrubLegacyPage', () => {
  it('starts at the first id whatever it looks like', async () => {
    await legacy(['0001', 'AAA', 'Zed'])
    expect(await scrubLegacyPage(t.store, at())).toBe(true)
    expect(await withEmail()).toEqual([])
  })

  it('keeps its place between pages, says when it is done, and then does nothing', async () => {
    await legacy(Array.from({ length: 205 }, (_, i) => `evt_${String(i).padStart(3, '0')}`))
    expect(await scrubLegacyPage(t.store, at())).toBe(false)
    expect(await cursor()).toBe('evt_199')
    expect(await withEmail()).toHaveLength(5)
    expect(await scrubLegacyPage(t.store, at())).toBe(true)
    expect(await withEmail()).toEqual([])
    const done = await cursor()
    await legacy(['evt_999'])
    // Rows written after the scrub are redacted on arrival; the finished scrub reads nothing.
    expect(await scrubLegacyPage(t.store, at())).toBe(true)
    expect(await cursor()).toBe(done)
    expect(await withEmail()).toEqual(['evt_999'])
  })
})
