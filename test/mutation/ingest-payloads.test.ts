import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { rejectedEvent } from '../../src/ingest/payloads.js'
import { redactedJson } from '../../src/ingest/redact.js'

// src/ingest/payloads.ts: the row kept for a signed body that cannot be a Stripe event.

const hashOf = (body: unknown) =>
  `invalid_${createHash('sha256').update(redactedJson(body)).digest('hex').slice(0, 32)}`

describe('rejectedEvent', () => {
  it('keeps a usable id, type, time and mode as they are', async () => {
    const body = { id: 'evt_1', type: 'charge.succeeded', created: 1700000000, livemode: true }
    expect(await rejectedEvent(body)).toEqual({
      id: 'evt_1',
      type: 'charge.succeeded',
      created: 1700000000,
      livemode: true,
      payload: redactedJson(body),
    })
  })

  it('keys a body without a usable id by a hash of its text, so a resend lands on the same row', async () => {
    for (const id of [undefined, '', 7, 'x'.repeat(256)]) {
      const body = { id, type: '', created: 'soon', livemode: 'true' }
      const row = await rejectedEvent(body)
      expect(row.id).toBe(hashOf(body))
      expect(row).toMatchObject({ type: 'invalid', created: 0, livemode: false })
    }
    expect((await rejectedEvent({ id: 'x'.repeat(255) })).id).toBe('x'.repeat(255))
    expect((await rejectedEvent({ id: 'e', type: 't'.repeat(256) })).type).toBe('invalid')
    expect((await rejectedEvent({ id: 'e', type: 't'.repeat(255) })).type).toBe('t'.repeat(255))
  })

  it('takes a body that is not an object at all', async () => {
    expect(await rejectedEvent('text')).toMatchObject({
      id: hashOf('text'),
      type: 'invalid',
      created: 0,
    })
    expect(await rejectedEvent(null)).toMatchObject({ id: hashOf(null), livemode: false })
    expect(hashOf('text')).toMatch(/^invalid_[0-9a-f]{32}$/)
  })
})
