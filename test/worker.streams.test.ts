import { describe, expect, it } from 'vitest'
import { adminJson } from './support/harness.js'
import { sseEvents } from './support/sse.js'
import { workerWithNews } from './support/workerd.js'

/**
 * Live streams on Workers (workerd with local D1 and Durable Objects): the campaign's Durable
 * Object holds the streams, and a change committed by the Worker reaches them at once, not at
 * the next heartbeat.
 */
describe('live streams on Workers', () => {
  const worker = workerWithNews('supportbar-do-')

  it('pushes every committed change to the open streams of the campaign', async () => {
    const controller = new AbortController()
    const res = await worker().fetch('/api/campaigns/news/stream?month=2026-06', {
      signal: controller.signal,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/)
    const stream = sseEvents(res)
    const first = await stream.next()
    expect(first.value?.kind).toBe('progress')
    expect(JSON.parse(first.value?.data ?? '{}')).toMatchObject({ slug: 'news', pledged: 0 })
    for (const [i, amount] of [4200, 800].entries()) {
      const adj = await worker().fetch('/api/admin/campaigns/news/adjustments', {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify({ month: '2026-06', amount, reason: `gift ${i}` }),
      })
      expect(adj.status).toBe(201)
      const next = await stream.next()
      expect(next.value?.kind).toBe('progress')
      expect(JSON.parse(next.value?.data ?? '{}')).toMatchObject({
        pledged: i === 0 ? 4200 : 5000,
      })
    }
    controller.abort()
  })

  it('answers a stream of an unknown campaign with the one error shape', async () => {
    const res = await worker().fetch('/api/campaigns/nobody/stream')
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } })
  })
})
