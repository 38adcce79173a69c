import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

function listen(server: Server | ServerType): Promise<string> {
  return new Promise((resolve) => {
    const done = () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    if (server.listening) done()
    else server.once('listening', done)
  })
}

/** The service on one origin, a publisher's host page on another, and headless Chromium. */
export interface Rig {
  apiUrl: string
  browser: Browser
  /** A page of the host site with `body`; every console error and page error is collected. */
  open(
    body: string,
    o?: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; bodyStyle?: string },
  ): Promise<{ page: Page; errors: string[] }>
  close(): Promise<void>
}

export async function startRig(
  fetch: (req: Request) => Response | Promise<Response>,
): Promise<Rig> {
  const api = serve({ fetch, port: 0, hostname: '127.0.0.1' })
  const apiUrl = await listen(api)
  let hostPage = ''
  const host = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(hostPage)
  }).listen(0, '127.0.0.1')
  const hostUrl = await listen(host)
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  return {
    apiUrl,
    browser,
    async open(body, o = {}) {
      hostPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body style="${o.bodyStyle ?? 'margin:0'}">${body}</body></html>`
      const page = await browser.newPage({
        viewport: { width: o.width ?? 960, height: o.height ?? 800 },
        colorScheme: o.colorScheme ?? 'light',
      })
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(hostUrl)
      return { page, errors }
    },
    async close() {
      await browser.close()
      host.close()
      api.close()
    },
  }
}
