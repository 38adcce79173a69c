import type { Server } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { servicesOf } from '../src/app.js'
import { createLogger } from '../src/log.js'
import { FastLane } from '../src/node/fast-lane.js'
import { listen } from '../src/node/listen.js'
import {
  ADMIN_TOKEN,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

/** One answer as it came over the wire: status line and header lines, and the body. */
interface Raw {
  status: number
  head: string
  body: string
}

/** A raw HTTP/1.1 GET over a socket, so header names, order and values are seen as sent. */
function rawGet(server: Server, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    socket.on('error', reject)
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const at = text.indexOf('\r\n\r\n')
      const head = text.slice(0, at)
      resolve({ status: Number(head.split(' ')[1]), head, body: text.slice(at + 4) })
    })
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`)
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${lines.join('')}\r\n`)
  })
}

/** The head with the two values that differ per answer (date, request id) masked. */
const masked = (raw: Raw) =>
  raw.head
    .replace(/^Date: .*$/m, 'Date: *')
    .replace(/^X-Request-Id: [0-9a-f-]{36}$/m, 'X-Request-Id: *')

const servers: Server[] = []
let t: TestApp
const clock = fixedClock('2021-06-15T12:00:00Z')
const logs: { msg: string; route?: string; status?: number }[] = []

/** Each call is a new server, hence a new lane that knows no URL, on the same app and cache. */
async function server(): Promise<Server> {
  const s = await listen(t.app, { ...t.config, port: 0, host: '127.0.0.1' })
  servers.push(s)
  return s
}

/** Whether each handle() call of the lanes answered (true) or passed the request on (false). */
const handled = vi.spyOn(FastLane.prototype, 'handle')
const lastAnsweredByLane = () => handled.mock.results.at(-1)?.value as boolean

beforeAll(async () => {
  t = await makeTestApp({
    env: { CACHE_TTL_MS: '60000', EMBED_ALLOWED_ORIGINS: 'https://news.example' },
    deps: {
      clock,
      logger: createLogger('debug', (_level, line) => logs.push(JSON.parse(line))),
    },
  })
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
    month: '2021-06',
    amount: 136000,
    reason: 'offline gifts',
  })
  expect(adj.status).toBe(201)
})

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r))
  await t.close()
})

describe('the Node fast lane', () => {
  const kinds = [
    ['progress JSON', '/api/campaigns/news/progress?month=2021-06'],
    ['SVG', '/embed/news.svg?theme=dark&width=480'],
    ['embed HTML', '/embed/news?compact=1'],
    ['widget.js', '/widget.js'],
  ] as const

  it.each(kinds)(
    'answers %s with the same status, header lines and body as Hono (200 and 304)',
    async (_kind, path) => {
      const etag = (await t.app.request(path)).headers.get('etag') as string
      expect(etag).toMatch(/^W\/"/)

      const first = await server()
      const hono200 = await rawGet(first, path)
      expect(lastAnsweredByLane()).toBe(false)
      const lane200 = await rawGet(first, path)
      expect(lastAnsweredByLane()).toBe(true)
      expect(hono200.status).toBe(200)
      expect(masked(lane200)).toBe(masked(hono200))
      expect(lane200.body).toBe(hono200.body)
      expect(hono200.head).toMatch(/\r\nContent-Length: \d+\r\n/)
      expect(hono200.head).toMatch(/\r\nX-Request-Id: [0-9a-f-]{36}\r\n/)

      const second = await server()
      const hono304 = await rawGet(second, path, { 'If-None-Match': etag })
      expect(lastAnsweredByLane()).toBe(false)
      const lane304 = await rawGet(second, path, { 'If-None-Match': etag })
      expect(lastAnsweredByLane()).toBe(true)
      expect(hono304.status).toBe(304)
      expect(masked(lane304)).toBe(masked(hono304))
      expect(lane304.body).toBe('')
      // A stale tag gets the bytes from the lane, as from Hono.
      const other = await rawGet(second, path, { 'If-None-Match': 'W/"0000"' })
      expect(lastAnsweredByLane()).toBe(true)
      expect(masked(other)).toBe(masked(hono200))
    },
  )

  it('counts and logs the requests it answers, under the route pattern Hono matched', async () => {
    const s = await server()
    const path = '/api/campaigns/news/progress?month=2021-06&locale=de-DE'
    logs.length = 0
    for (let i = 0; i < 5; i++) await rawGet(s, path)
    expect(handled.mock.results.slice(-5).map((r) => r.value)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ])
    const lines = logs.filter((l) => l.msg === 'request')
    expect(lines).toHaveLength(5)
    for (const l of lines) {
      expect(l).toMatchObject({ route: '/api/campaigns/:slug/progress', status: 200 })
    }
    const metrics = await (
      await t.app.request('/metrics', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text()
    const before = Number(
      /supportbar_http_requests_total\{method="GET",route="\/api\/campaigns\/:slug\/progress",status="200"\} (\d+)/.exec(
        metrics,
      )?.[1],
    )
    await rawGet(s, path)
    expect(lastAnsweredByLane()).toBe(true)
    const after = await (
      await t.app.request('/metrics', { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text()
    expect(after).toContain(
      `supportbar_http_requests_total{method="GET",route="/api/campaigns/:slug/progress",status="200"} ${before + 1}`,
    )
  })

  it('stops answering a URL once its bytes are dropped: a change, or the TTL', async () => {
    const s = await server()
    const path = '/api/campaigns/news/progress?month=2021-06&currencyDisplay=after'
    await rawGet(s, path)
    const cached = JSON.parse((await rawGet(s, path)).body) as { pledged: number }
    expect(lastAnsweredByLane()).toBe(true)
    const adj = await t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month: '2021-06',
      amount: 500,
      reason: 'late cheque',
    })
    expect(adj.status).toBe(201)
    const changed = JSON.parse((await rawGet(s, path)).body) as { pledged: number }
    expect(lastAnsweredByLane()).toBe(false)
    expect(changed.pledged).toBe(cached.pledged + 500)
    await rawGet(s, path)
    expect(lastAnsweredByLane()).toBe(true)
    clock.set('2021-06-15T12:01:01Z')
    await rawGet(s, path)
    expect(lastAnsweredByLane()).toBe(false)
  })

  it('never learns an error: unknown campaigns and bad options go through Hono every time', async () => {
    const s = await server()
    for (const path of ['/embed/nobody.svg', '/api/campaigns/news/progress?month=2021-13']) {
      const a = await rawGet(s, path)
      const b = await rawGet(s, path)
      expect(a.status).toBeGreaterThanOrEqual(400)
      expect(b.status).toBe(a.status)
      expect(handled.mock.results.slice(-2).map((r) => r.value)).toEqual([false, false])
    }
    expect(servicesOf(t.app).reader.cache.size).toBeGreaterThan(0)
  })
})

describe('render-cache keys', () => {
  it('share one rendering between equivalent embed options', async () => {
    const cache = servicesOf(t.app).reader.cache
    const count = async (paths: string[]) => {
      const before = cache.size
      const tags = new Set<string>()
      for (const p of paths) tags.add((await t.app.request(p)).headers.get('etag') as string)
      return { added: cache.size - before, tags: tags.size }
    }
    expect(
      await count([
        '/embed/news.svg?month=2021-05',
        '/embed/news.svg?month=2021-05&width=600&theme=auto',
        '/embed/news.svg?currencyDisplay=locale&compact=0&month=2021-05',
      ]),
    ).toEqual({ added: 1, tags: 1 })
    expect(
      await count([
        '/embed/news?month=2021-05',
        '/embed/news?month=2021-05&width=300&compact=false',
      ]),
    ).toEqual({ added: 1, tags: 1 })
    // Colour spellings, flag spellings, locale case and option order.
    expect(
      await count([
        '/embed/news.svg?month=2021-05&accent=ABC&compact=1&locale=de-de',
        '/embed/news.svg?locale=de-DE&compact=true&accent=%23aabbcc&month=2021-05',
        '/embed/news.svg?compact=&month=2021-05&accent=AaBbCc&locale=DE-de',
      ]),
    ).toEqual({ added: 1, tags: 1 })
  })
})
