import { AsyncLocalStorage } from 'node:async_hooks'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { makeTestApp, newsCampaign, type TestApp } from './support/harness.js'

// hono/jsx would render inside an AsyncLocalStorage; on Node 20 its first run() switches async
// hooks on for the whole process, for good, and every later request pays for them (a third of
// the read path's CPU in bench/read). patches/hono+*.patch keeps hono/jsx on its plain path.
let t: TestApp
beforeEach(async () => {
  t = await makeTestApp()
})
afterEach(async () => {
  vi.restoreAllMocks()
  await t.close()
})

it('renders every kind of page without entering an AsyncLocalStorage', async () => {
  const run = vi.spyOn(AsyncLocalStorage.prototype, 'run')
  const enter = vi.spyOn(AsyncLocalStorage.prototype, 'enterWith')
  expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  const pages = ['/', '/embed/news', '/embed/news.svg', '/donate/news', '/admin/login', '/docs']
  for (const path of pages) {
    const res = await t.app.request(path)
    // The donate page answers 503 (a page saying why) while checkout is off.
    expect([200, 503], path).toContain(res.status)
    expect(res.headers.get('content-type'), path).toMatch(/text\/html|image\/svg/)
    expect((await res.text()).length, path).toBeGreaterThan(200)
  }
  expect(run).not.toHaveBeenCalled()
  expect(enter).not.toHaveBeenCalled()
})
