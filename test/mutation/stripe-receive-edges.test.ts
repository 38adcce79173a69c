import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/errors.js'
import type { IncomingEvent } from '../../src/ingest/facts.js'
import type { Ingest } from '../../src/ingest/ingest.js'
import { createLogger } from '../../src/log.js'
import { Metrics } from '../../src/metrics.js'
import { type ReceiveDeps, webhookReceiver } from '../../src/stripe/receive.js'
import { event, sign, WHSEC } from '../support/stripe-events.js'

/**
 * src/stripe/receive.ts: a paid payout's reconciliation starts even when the carrier gives no
 * keep-alive (the Node lane gives none), and a failure that is not the body's fault (here the
 * clock) is passed on to the error handler as it is, never answered as an invalid payload.
 */

function receiver(over: Partial<ReceiveDeps> = {}) {
  const ingest = {
    event: async (_e: IncomingEvent) => ({ outcome: 'processed', changed: [] }),
    reject: async () => undefined,
  } as unknown as Ingest
  return webhookReceiver({
    secrets: [WHSEC],
    ingest,
    metrics: new Metrics(),
    log: createLogger('error', () => undefined),
    changed: () => undefined,
    ...over,
  })
}

const payoutPaid = () => {
  const e = event(
    'payout.paid',
    { id: 'po_1', object: 'payout', amount: 1000, currency: 'usd' },
    undefined,
    true,
  )
  return JSON.stringify({ ...e, account: 'acct_1' })
}

describe('a paid payout without a keep-alive', () => {
  it('is answered as taken and starts its reconciliation', async () => {
    const runs: unknown[][] = []
    const receive = receiver({
      payoutPaid: async (...args) => {
        runs.push(args)
      },
    })
    const raw = payoutPaid()
    const receipt = await receive(raw, sign(raw), 'req_1')
    expect(receipt.outcome).toBe('processed')
    expect(runs).toEqual([['po_1', 'acct_1', true]])
  })
})

describe('a failure before the body is read', () => {
  it('is passed on as it is, not answered 400 invalid_payload', async () => {
    const stopped = new Error('clock stopped')
    const receive = receiver({
      clock: () => {
        throw stopped
      },
    })
    const raw = payoutPaid()
    const err = await receive(raw, sign(raw), 'req_1').catch((e: unknown) => e)
    expect(err).toBe(stopped)
    expect(err).not.toBeInstanceOf(ApiError)
  })
})
