import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/errors.js'
import type { IncomingEvent } from '../../src/ingest/facts.js'
import type { Ingest, IngestResult } from '../../src/ingest/ingest.js'
import { createLogger, type LogLevel } from '../../src/log.js'
import { Metrics } from '../../src/metrics.js'
import { webhookReceiver } from '../../src/stripe/receive.js'
import { donation, event, paymentIntent, sign, unix, WHSEC } from '../support/stripe-events.js'

/**
 * src/stripe/receive.ts, what operators see: each outcome's metric and log line, a refusal's code
 * (and, for an old API version, the version and the fix), a failure's 500 and what passes through.
 */

type Outcome = IngestResult | Error
function receiver(outcome: Outcome, level: LogLevel = 'info', ingestMs = 0) {
  const lines: Record<string, unknown>[] = []
  const rejected: string[] = []
  const metrics = new Metrics()
  const ingest = {
    event: async (_e: IncomingEvent) => {
      if (ingestMs > 0) await new Promise((ok) => setTimeout(ok, ingestMs))
      if (outcome instanceof Error) throw outcome
      return outcome
    },
    reject: async (_e: unknown, why: string) => {
      rejected.push(why)
    },
  } as unknown as Ingest
  const receive = webhookReceiver({
    secrets: [WHSEC],
    ingest,
    metrics,
    log: createLogger(level, (_l, line) => lines.push(JSON.parse(line))),
    changed: () => undefined,
  })
  return { receive, lines, metrics, rejected }
}

const created = unix('2026-06-10T12:00:00Z')
const pi = () =>
  event('payment_intent.succeeded', paymentIntent(donation({ amount: 1500, created })), created)
const deliver = (r: ReturnType<typeof receiver>, body: object, signature?: string) => {
  const raw = JSON.stringify(body)
  return r.receive(raw, signature ?? sign(raw), 'req_7')
}
const metricLines = (m: Metrics, name: string) =>
  m
    .render()
    .split('\n')
    .filter((l) => l.startsWith(name))

describe('an event taken', () => {
  it('answers its receipt, counts it by type and outcome, and logs it at info', async () => {
    const r = receiver({ outcome: 'processed', changed: [] })
    const e = pi()
    expect(await deliver(r, e)).toEqual({ received: true, id: e.id, outcome: 'processed' })
    expect(metricLines(r.metrics, 'supportbar_webhook_events_total')).toEqual([
      'supportbar_webhook_events_total{type="payment_intent.succeeded",status="processed"} 1',
    ])
    expect(metricLines(r.metrics, 'supportbar_webhook_processing_seconds_count')).toEqual([
      'supportbar_webhook_processing_seconds_count 1',
    ])
    const [line] = r.lines
    expect(line).toMatchObject({
      level: 'info',
      msg: 'webhook',
      requestId: 'req_7',
      eventId: e.id,
      type: 'payment_intent.succeeded',
      outcome: 'processed',
    })
  })

  it('logs the time the ingest took in milliseconds to a tenth, and observes it in seconds', async () => {
    // The ingest takes 30 ms (a timer never fires much before its time).
    const r = receiver({ outcome: 'processed', changed: [] }, 'info', 30)
    const before = performance.now()
    await deliver(r, pi())
    const wall = performance.now() - before
    const ms = r.lines[0]?.ms as number
    const sum = Number(
      metricLines(r.metrics, 'supportbar_webhook_processing_seconds_sum')[0]?.split(' ')[1],
    )
    expect(ms).toBeGreaterThanOrEqual(20)
    expect(ms).toBeLessThanOrEqual(wall)
    expect(Math.round(ms * 10)).toBe(ms * 10)
    expect(Math.abs(ms - sum * 1000)).toBeLessThanOrEqual(0.05)
  })

  it('writes no line below the level, and still counts', async () => {
    const r = receiver({ outcome: 'duplicate', changed: [] }, 'warn')
    await deliver(r, pi())
    expect(r.lines).toEqual([])
    expect(metricLines(r.metrics, 'supportbar_webhook_events_total')[0]).toContain(
      'status="duplicate"',
    )
  })
})

describe('an event that fails', () => {
  it('is a 500 naming the event and why, counted and logged as failed at error', async () => {
    const r = receiver(new Error('disk on fire'))
    const e = pi()
    const err = await deliver(r, e).catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({
      status: 500,
      code: 'processing_failed',
      message: `Event ${e.id} failed: disk on fire`,
    })
    expect((err as Error).cause).toBeInstanceOf(Error)
    expect(metricLines(r.metrics, 'supportbar_webhook_events_total')[0]).toContain(
      'status="failed"',
    )
    expect(r.lines).toEqual([
      expect.objectContaining({ level: 'error', msg: 'webhook', outcome: 'failed' }),
    ])
  })

  it('passes an ApiError, and a database that is unavailable, on as they are', async () => {
    const own = new ApiError(409, 'conflict', 'busy')
    expect(await deliver(receiver(own), pi()).catch((x: unknown) => x)).toBe(own)
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    expect(await deliver(receiver(full), pi()).catch((x: unknown) => x)).toBe(full)
  })
})

describe('a body refused', () => {
  it('is a 400 with its code, counted as unverified and logged at warn, and changes nothing', async () => {
    const r = receiver({ outcome: 'processed', changed: [] })
    const e = pi()
    const stale = sign(JSON.stringify(e), WHSEC, Math.floor(Date.now() / 1000) - 3600)
    const err = await deliver(r, e, stale).catch((x: unknown) => x)
    expect(err).toMatchObject({ status: 400, code: 'stale_timestamp' })
    expect(metricLines(r.metrics, 'supportbar_webhook_events_total')).toEqual([
      'supportbar_webhook_events_total{type="unverified",status="rejected"} 1',
    ])
    expect(r.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'webhook rejected',
        requestId: 'req_7',
        code: 'stale_timestamp',
      }),
    ])
  })

  it('keeps a signed body of the wrong shape as rejected, saying why', async () => {
    const r = receiver({ outcome: 'processed', changed: [] })
    const bad = { ...pi(), livemode: 'true' }
    const err = await deliver(r, bad).catch((x: unknown) => x)
    expect(err).toMatchObject({ status: 400, code: 'invalid_payload' })
    expect(r.rejected).toEqual([`Signed event ${bad.id} has a livemode that is not a boolean`])
  })

  it('names an old API version and the fix, in the log and a metric of its own', async () => {
    const r = receiver({ outcome: 'processed', changed: [] })
    const old = { ...pi(), api_version: '2023-10-16' }
    const err = await deliver(r, old).catch((x: unknown) => x)
    expect(err).toMatchObject({ status: 400, code: 'unsupported_api_version' })
    expect(metricLines(r.metrics, 'supportbar_webhook_unsupported_api_version_total')).toEqual([
      'supportbar_webhook_unsupported_api_version_total{version="2023-10-16"} 1',
    ])
    expect(r.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'webhook rejected',
        code: 'unsupported_api_version',
        apiVersion: '2023-10-16',
        fix: (err as Error).message,
      }),
    ])
  })

  it('answers 503 when no secret is set', async () => {
    const r = receiver({ outcome: 'processed', changed: [] })
    const off = webhookReceiver({
      secrets: [],
      ingest: {} as Ingest,
      metrics: r.metrics,
      log: createLogger('silent'),
      changed: () => undefined,
    })
    const raw = JSON.stringify(pi())
    expect(await off(raw, sign(raw), 'req_8').catch((x: unknown) => x)).toMatchObject({
      status: 503,
      code: 'webhooks_disabled',
    })
  })
})
