import { describe, expect, it } from 'vitest'
import type { IncomingEvent } from '../../src/ingest/facts.js'
import type { EventOutcome, Ingest } from '../../src/ingest/ingest.js'
import { createLogger } from '../../src/log.js'
import { Metrics } from '../../src/metrics.js'
import { webhookReceiver } from '../../src/stripe/receive.js'
import { event, sign, WHSEC } from '../support/stripe-events.js'

/**
 * src/stripe/receive.ts: a paid payout starts its reconciliation without the answer waiting for
 * it; a run that fails is logged with the payout, and a duplicate delivery starts none.
 */

function receiver(
  outcome: EventOutcome,
  payoutPaid: (payout: string, account: string | null, livemode: boolean) => Promise<unknown>,
) {
  const lines: string[] = []
  const ingest = {
    event: async (_e: IncomingEvent) => ({ outcome, changed: [] }),
    reject: async () => undefined,
  } as unknown as Ingest
  const receive = webhookReceiver({
    secrets: [WHSEC],
    ingest,
    metrics: new Metrics(),
    log: createLogger('info', (_l, line) => lines.push(line)),
    changed: () => undefined,
    payoutPaid,
  })
  return { receive, lines }
}

const payoutEvent = (
  type: 'payout.paid' | 'payout.reconciliation_completed' | 'payout.created',
) => {
  const e = event(
    type,
    { id: 'po_1', object: 'payout', amount: 1000, currency: 'usd' },
    undefined,
    true,
  )
  return { ...e, account: 'acct_1' }
}
const deliver = async (r: ReturnType<typeof receiver>, body: object) => {
  const raw = JSON.stringify(body)
  const kept: Promise<unknown>[] = []
  const receipt = await r.receive(raw, sign(raw), 'req_1', (w) => kept.push(w))
  await Promise.all(kept)
  return { receipt, kept }
}

describe('a paid payout', () => {
  it("starts the payout's reconciliation on its account and mode, for both payout events", async () => {
    for (const type of ['payout.paid', 'payout.reconciliation_completed'] as const) {
      const runs: unknown[][] = []
      const r = receiver('processed', async (...args) => runs.push(args))
      const { receipt, kept } = await deliver(r, payoutEvent(type))
      expect(receipt.outcome).toBe('processed')
      expect(kept).toHaveLength(1)
      expect(runs).toEqual([['po_1', 'acct_1', true]])
    }
  })

  it('logs a run that fails, naming the payout and why, and still answers', async () => {
    const r = receiver('ignored', async () => {
      throw new Error('Stripe unreachable')
    })
    const { receipt } = await deliver(r, payoutEvent('payout.paid'))
    expect(receipt.outcome).toBe('ignored')
    const failed = r.lines.map((l) => JSON.parse(l)).filter((l) => l.level === 'error')
    expect(failed).toEqual([
      expect.objectContaining({
        msg: 'reconciliation on payout failed',
        requestId: 'req_1',
        payout: 'po_1',
        error: 'Stripe unreachable',
      }),
    ])
    const r2 = receiver('ignored', () => Promise.reject('plain text'))
    await deliver(r2, payoutEvent('payout.paid'))
    expect(r2.lines.map((l) => JSON.parse(l)).find((l) => l.level === 'error')?.error).toBe(
      'plain text',
    )
  })

  it('starts nothing for a duplicate, another payout event, or a payout without an id', async () => {
    const runs: unknown[] = []
    const dup = receiver('duplicate', async (p) => runs.push(p))
    expect((await deliver(dup, payoutEvent('payout.paid'))).kept).toEqual([])
    const created = receiver('processed', async (p) => runs.push(p))
    expect((await deliver(created, payoutEvent('payout.created'))).kept).toEqual([])
    const noId = receiver('processed', async (p) => runs.push(p))
    const body = payoutEvent('payout.paid')
    expect(
      (await deliver(noId, { ...body, data: { object: { object: 'payout', id: 7 } } })).kept,
    ).toEqual([])
    expect(runs).toEqual([])
  })
})
