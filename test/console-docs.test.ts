import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeDocsAssets } from '../src/node/docs-assets.js'
import { makeTestApp, type TestApp } from './support/harness.js'

const assets = nodeDocsAssets()
const distDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

describe('/docs and /openapi.json', () => {
  let t: TestApp
  afterEach(async () => {
    await t.close()
  })

  it('serves Swagger UI from the installed package under a CSP that allows only this origin', async () => {
    expect(assets).toBeDefined()
    t = await makeTestApp({ deps: assets ? { docsAssets: assets } : {} })
    const res = await t.app.request('/docs')
    expect(res.status).toBe(200)
    const csp = res.headers.get('Content-Security-Policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toMatch(/https?:/)
    const html = await res.text()
    // Nothing on the page points anywhere else: no CDN, no inline script.
    expect(html).not.toMatch(/(src|href)="https?:/)
    expect(html).not.toMatch(/<script>[^<]/)
    const urls = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1] ?? '')
    expect(urls).toHaveLength(3)
    for (const url of urls) {
      const asset = await t.app.request(url)
      expect(asset.status, url).toBe(200)
      expect(asset.headers.get('Cache-Control')).toContain('immutable')
      const name = url.split('/').at(-1) ?? ''
      if (name !== 'init.js') {
        const bytes = Buffer.from(await asset.arrayBuffer())
        expect(bytes.equals(readFileSync(join(distDir, name))), name).toBe(true)
      } else {
        expect(await asset.text()).toContain("url: '/openapi.json'")
      }
    }
    expect((await t.app.request(`/docs/${assets?.version}/package.json`)).status).toBe(404)
    expect((await t.app.request('/docs/0.0.0/swagger-ui.css')).status).toBe(404)
  })

  it('without the assets (Workers) links to the raw document', async () => {
    t = await makeTestApp()
    const res = await t.app.request('/docs')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('href="/openapi.json"')
    expect(html).not.toContain('<script')
  })

  it('takes the server URL from PUBLIC_URL only, never from the Host header, and is cacheable', async () => {
    t = await makeTestApp({ env: { PUBLIC_URL: 'https://bar.example.org' } })
    const res = await t.app.request('http://evil.example/openapi.json', {
      headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' },
    })
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300')
    const doc = (await res.json()) as { servers: { url: string }[] }
    expect(doc.servers).toEqual([{ url: 'https://bar.example.org' }])
    await t.close()
    t = await makeTestApp()
    const plain = await t.app.request('http://evil.example/openapi.json')
    const text = await plain.text()
    expect(text).not.toContain('evil.example')
    expect((JSON.parse(text) as { servers: { url: string }[] }).servers).toEqual([{ url: '/' }])
  })
})

describe('GET /', () => {
  let t: TestApp
  afterEach(async () => {
    await t.close()
  })

  it('says what is running and links to the console, the docs and the demo campaign', async () => {
    t = await makeTestApp({ env: { PUBLIC_URL: 'https://bar.example.org/' } })
    const empty = await t.app.request('/', { headers: { Host: 'evil.example' } })
    expect(empty.status).toBe(200)
    expect(empty.headers.get('Content-Type')).toMatch(/text\/html/)
    expect(empty.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    const text = await empty.text()
    expect(text).toContain('supportbar is running')
    expect(text).toContain('SQLite')
    expect(text).not.toContain(t.file)
    for (const href of ['/admin', '/docs', '/openapi.json', '/healthz']) {
      expect(text).toContain(`href="${href}"`)
    }
    expect(text).toContain('No campaign yet')
    const demo = { name: 'Demo <newsroom>', currency: 'USD', defaultGoal: 500000 }
    expect((await t.call('POST', '/api/admin/campaigns', { ...demo, slug: 'demo' })).status).toBe(
      201,
    )
    const withDemo = await (await t.app.request('/', { headers: { Host: 'evil.example' } })).text()
    expect(withDemo).toContain('href="/embed/demo"')
    expect(withDemo).toContain('src="/embed/demo.svg"')
    expect(withDemo).toContain('https://bar.example.org/embed/demo')
    expect(withDemo).toContain('Demo &lt;newsroom&gt;')
    expect(withDemo).not.toContain('evil.example')
  })

  it('shows the default campaign when there is no demo', async () => {
    t = await makeTestApp()
    const body = { name: 'News', currency: 'EUR', defaultGoal: 100, isDefault: true }
    expect((await t.call('POST', '/api/admin/campaigns', { ...body, slug: 'news' })).status).toBe(
      201,
    )
    expect(await (await t.app.request('/')).text()).toContain('href="/embed/news"')
  })
})
