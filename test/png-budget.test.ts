import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { type RunningServer, startServer } from '../src/node/main.js'
import { svgToPng } from '../src/node/png.js'
import { ADMIN_TOKEN, adminJson, makeTestApp, newsCampaign } from './support/harness.js'

// The per-address budget of PNG renderings (PNG_RENDERS_PER_ADDRESS): a client asking for new
// images spends it and is then refused (429, Retry-After) before any work, while other clients,
// and images already drawn, are served. Loopback addresses 127.0.0.x stand for clients.

const dir = mkdtempSync(join(tmpdir(), 'supportbar-png-budget-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  bytes: Buffer
}

/** One GET over a fresh connection from `from`, a loopback address. */
function get(url: string, from: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { localAddress: from, agent: false })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (d: Buffer) => chunks.push(d))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes: Buffer.concat(chunks),
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const isPng = (b: Uint8Array) => [...b.slice(1, 4)].join() === '80,78,71'

describe('PNG renderings per address, on the Node server', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer(
      parseConfig({
        PORT: '0',
        DATABASE_URL: `file:${join(dir, 'budget.db')}`,
        LOG_LEVEL: 'silent',
        ADMIN_TOKEN,
        PNG_RENDERS_PER_ADDRESS: '3',
        PNG_QUEUE: '64',
      }),
    )
    const created = await fetch(`${server.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
    expect(created.status).toBe(201)
  })
  afterAll(() => server?.close())

  it('refuses an address past its budget with 429 and Retry-After; another address is served', async () => {
    const png = (width: number) => `${server.url}/embed/news.png?width=${width}`
    // Drawn for another client first: kept, and served to it whatever the flood does.
    const popular = await get(png(320), '127.0.0.3')
    expect(popular.status).toBe(200)
    for (const width of [401, 402, 403]) {
      const drawn = await get(png(width), '127.0.0.2')
      expect(drawn.status).toBe(200)
      expect(isPng(drawn.bytes)).toBe(true)
    }
    const refused = await get(png(404), '127.0.0.2')
    expect(refused.status).toBe(429)
    expect(refused.headers['content-type']).toBe('image/png')
    expect(refused.headers['cache-control']).toBe('no-store')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(refused.headers['x-request-id']).toBeTruthy()
    expect(isPng(refused.bytes)).toBe(true)
    // The refused address gets no image at all while refused, not even one drawn already.
    expect((await get(png(401), '127.0.0.2')).status).toBe(429)
    // Another address: a new image is drawn, and the popular one is served as before.
    const other = await get(png(404), '127.0.0.4')
    expect(other.status).toBe(200)
    expect(isPng(other.bytes)).toBe(true)
    const again = await get(png(320), '127.0.0.3')
    expect(again.status).toBe(200)
    expect(again.headers.etag).toBe(popular.headers.etag)
    // Other routes are not limited for the refused address.
    expect((await get(`${server.url}/api/campaigns/news/progress`, '127.0.0.2')).status).toBe(200)
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text()
    expect(metrics).toMatch(/supportbar_refused_total\{reason="png_per_address"\} 2\b/)
    expect(metrics).toContain('status="429"')
  })
})

describe('PNG renderings per address, in the app (any runtime)', () => {
  it('answers 429 for the address over its budget, while popular images come from the cache', async () => {
    const drawn: number[] = []
    const t = await makeTestApp({
      // Without a socket (app.request, Workers) the client is the forwarded address.
      env: { PNG_RENDERS_PER_ADDRESS: '5', TRUSTED_PROXIES: '1' },
      deps: {
        rasterize: (svg, width) => {
          drawn.push(width)
          return svgToPng(svg, width)
        },
      },
    })
    const from = (client: string) => ({ headers: { 'X-Forwarded-For': client } })
    try {
      await t.call('POST', '/api/admin/campaigns', newsCampaign)
      const popular = '/embed/news.png?width=320'
      expect((await t.app.request(popular, from('198.51.100.1'))).status).toBe(200)
      // A flood of one-off options from one address: five drawn, then refused before any work.
      const statuses: number[] = []
      for (let i = 0; i < 40; i++) {
        const res = await t.app.request(`/embed/news.png?width=${500 + i}`, from('203.0.113.9'))
        statuses.push(res.status)
        if (res.status === 429) {
          expect(res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
          expect(res.headers.get('content-type')).toBe('image/png')
        }
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
      expect(statuses.slice(5).every((s) => s === 429)).toBe(true)
      expect(drawn.filter((w) => w >= 500)).toHaveLength(5)
      // Readers of the popular image, from anywhere else, are served from the cache.
      for (const client of ['198.51.100.1', '198.51.100.2', '2001:db8::1']) {
        const res = await t.app.request(popular, from(client))
        expect(res.status).toBe(200)
      }
      expect(drawn.filter((w) => w === 320)).toHaveLength(1)
      // Changing the forwarded header's other entries does not make another client.
      const dodge = await t.app.request('/embed/news.png?width=999', {
        headers: { 'X-Forwarded-For': '192.0.2.55, 203.0.113.9' },
      })
      expect(dodge.status).toBe(429)
    } finally {
      await t.close()
    }
  })

  it('PNG_RENDERS_PER_ADDRESS=0 sets no limit (past the default of 60)', async () => {
    const t = await makeTestApp({
      env: { PNG_RENDERS_PER_ADDRESS: '0' },
      deps: { rasterize: svgToPng },
    })
    try {
      await t.call('POST', '/api/admin/campaigns', newsCampaign)
      for (let i = 0; i < 61; i++) {
        expect((await t.app.request(`/embed/news.png?width=${300 + i}`)).status).toBe(200)
      }
    } finally {
      await t.close()
    }
  })
})

describe('a full rasteriser refuses new images only', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer(
      parseConfig({
        PORT: '0',
        DATABASE_URL: `file:${join(dir, 'busy.db')}`,
        LOG_LEVEL: 'silent',
        ADMIN_TOKEN,
        PNG_THREADS: '1',
        PNG_QUEUE: '1',
      }),
    )
    await fetch(`${server.url}/api/admin/campaigns`, {
      method: 'POST',
      headers: adminJson,
      body: JSON.stringify(newsCampaign),
    })
  })
  afterAll(() => server?.close())

  it('serves an image drawn before while a flood of new ones is refused with 503', async () => {
    const popular = `${server.url}/embed/news.png?width=320`
    const first = await get(popular, '127.0.0.3')
    expect(first.status).toBe(200)
    const flood = Array.from({ length: 30 }, (_, i) =>
      get(`${server.url}/embed/news.png?width=${600 + i}`, '127.0.0.2'),
    )
    const reads = Array.from({ length: 10 }, () => get(popular, '127.0.0.3'))
    const flooded = await Promise.all(flood)
    expect(flooded.map((r) => r.status)).toContain(503)
    for (const r of await Promise.all(reads)) {
      expect(r.status).toBe(200)
      expect(r.headers.etag).toBe(first.headers.etag)
    }
  })
})
