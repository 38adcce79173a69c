import { describe, expect, it } from 'vitest'
import { VerifyError, verifyEvent } from '../../src/stripe/verify.js'
import { WHSEC } from '../support/stripe-events.js'

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
