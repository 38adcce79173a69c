import { describe, expect, it } from 'vitest'
import { VerifyError, verifyEvent } from '../../src/stripe/verify.js'
import { sign, WHSEC } from '../support/stripe-events.js'

/** src/stripe/verify.ts: each refusal says its own cause, so an operator can act on it. */

const refusal = async (header: string | undefined, secrets: string[] = [WHSEC]) => {
  const err = await verifyEvent('{"id":"evt_1"}', header, secrets).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(VerifyError)
  const v = err as VerifyError
  return [v.code, v.message]
}

describe('verifyEvent refusals', () => {
  it('tells a malformed header from a signature that matches no secret', async () => {
    expect(await refusal('garbage')).toEqual([
      'invalid_signature',
      'Malformed Stripe-Signature header',
    ])
    const now = Math.floor(Date.now() / 1000)
    expect(await refusal(`t=${now},v1=${'0'.repeat(64)}`)).toEqual([
      'invalid_signature',
      'No signature matches any configured secret',
    ])
  })

  it('says what is missing: the header, or the secret', async () => {
    expect(await refusal(undefined)).toEqual([
      'missing_signature',
      'Missing Stripe-Signature header',
    ])
    expect(await refusal('t=1,v1=00', [])).toEqual([
      'webhooks_disabled',
      'STRIPE_WEBHOOK_SECRET is not configured',
    ])
  })
})

describe("verifyEvent reads the header's timestamp as Stripe does", () => {
  const body = '{"id":"evt_1","object":"event"}'
  const nowS = Math.floor(Date.now() / 1000)
  const verdict = async (header: string) => {
    try {
      const e = await verifyEvent(body, header, [WHSEC], () => new Date(nowS * 1000))
      return e.id
    } catch (err) {
      return (err as VerifyError).code
    }
  }

  it('takes the t= part, not a part after it', async () => {
    // Stripe ignores schemes it does not know; the signed time is still the t= one.
    expect(await verdict(`${sign(body, WHSEC, nowS)},v0=zz`)).toBe('evt_1')
    expect(await verdict(`${sign(body, WHSEC, nowS)},v0=${nowS + 3600}`)).toBe('evt_1')
    expect(await verdict(`${sign(body, WHSEC, nowS + 301)},v0=1`)).toBe('stale_timestamp')
  })

  it('takes the last t= part, the one the signature covers', async () => {
    // Stripe's parser keeps the last t=; a signature over a future time stays refused whatever
    // an earlier t= says, and one over the present passes whatever an earlier t= says.
    expect(await verdict(`t=${nowS},${sign(body, WHSEC, nowS + 301)}`)).toBe('stale_timestamp')
    expect(await verdict(`t=${nowS + 3600},${sign(body, WHSEC, nowS)}`)).toBe('evt_1')
  })

  it('refuses a signature over a time 301 s ahead, takes one 300 s ahead', async () => {
    expect(await verdict(sign(body, WHSEC, nowS + 301))).toBe('stale_timestamp')
    expect(await verdict(sign(body, WHSEC, nowS + 300))).toBe('evt_1')
  })
})
