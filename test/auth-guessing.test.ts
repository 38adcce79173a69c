import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { isLoopbackHost, isWeakToken, parseConfig, weakTokenProblem } from '../src/config.js'
import { AuthThrottle, MAX_FAILURES } from '../src/http/auth-throttle.js'
import type { Logger } from '../src/log.js'
import { Metrics } from '../src/metrics.js'
import { startServer } from '../src/node/main.js'
import { describeStartupError } from '../src/node/startup-errors.js'
import { ADMIN_TOKEN } from './support/harness.js'

const dir = mkdtempSync(join(tmpdir(), 'supportbar-guess-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One HTTP request sent from a chosen local address (127.0.0.x are all this machine). */
function send(
  url: string,
  from: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method, headers, localAddress: from, agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          text += d
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const signIn = (url: string, from: string, token: string) =>
  send(
    url,
    from,
    'POST',
    '/admin/login',
    { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    new URLSearchParams({ token }).toString(),
  )
const apiCall = (url: string, from: string, token: string) =>
  send(url, from, 'GET', '/api/admin/campaigns', { Authorization: `Bearer ${token}` })

describe('wrong admin tokens, on the Node server', () => {
  it('refuses an address after 10 wrong tokens (sign-in as a page, the API as JSON), logs and counts it; another address still gets in', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const config = parseConfig({
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'guess.db')}`,
      ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
    })
    const server = await startServer(config)
    const guesser = '127.0.0.2'
    const admin = '127.0.0.3'
    const lines: string[] = []
    try {
      // Five wrong sign-ins and five wrong API tokens: all ten count against one address.
      for (let i = 0; i < 5; i++) {
        expect(
          (await signIn(server.url, guesser, `wrong-token-${i}-abcdefghijklmnop`)).status,
        ).toBe(401)
        expect(
          (await apiCall(server.url, guesser, `wrong-token-${i}-abcdefghijklmnop`)).status,
        ).toBe(401)
      }
      // Now even the right token from that address waits.
      const page = await signIn(server.url, guesser, ADMIN_TOKEN)
      expect(page.status).toBe(429)
      expect(page.headers['content-type']).toMatch(/^text\/html/)
      expect(page.body).toContain('Too many wrong tokens from this address')
      const wait = Number(page.headers['retry-after'])
      expect(wait).toBeGreaterThanOrEqual(1)
      expect(wait).toBeLessThanOrEqual(60)
      expect(page.headers['set-cookie']).toBeUndefined()

      const json = await apiCall(server.url, guesser, ADMIN_TOKEN)
      expect(json.status).toBe(429)
      expect(Number(json.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect(JSON.parse(json.body)).toEqual({
        error: { code: 'rate_limited', message: expect.stringMatching(/wrong admin tokens/) },
      })

      // Another address: the right token works on both doors.
      expect((await apiCall(server.url, admin, ADMIN_TOKEN)).status).toBe(200)
      const ok = await signIn(server.url, admin, ADMIN_TOKEN)
      expect(ok.status).toBe(303)
      expect(String(ok.headers['set-cookie'])).toMatch(/^sb_session=/)

      const metrics = await send(server.url, admin, 'GET', '/metrics', {
        Authorization: `Bearer ${ADMIN_TOKEN}`,
      })
      expect(metrics.body).toMatch(/supportbar_auth_failures_total\{surface="console"\} 5/)
      expect(metrics.body).toMatch(/supportbar_auth_failures_total\{surface="api"\} 5/)
      expect(metrics.body).toMatch(/supportbar_auth_throttled_total\{surface="console"\} 1/)
      expect(metrics.body).toMatch(/supportbar_auth_throttled_total\{surface="api"\} 1/)
    } finally {
      await server.close()
      lines.push(...errors.mock.calls.map((call) => String(call[0])))
      errors.mockRestore()
    }
    const warnings = lines
      .flatMap((l) => l.split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: string; msg: string; client?: string })
      .filter((l) => l.msg === 'wrong admin token')
    // One line per address and minute, naming the address, never the token.
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ level: 'warn', client: guesser })
    expect(lines.join('')).not.toContain('wrong-token-')
  })
})

describe('the throttle window', () => {
  const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger

  it('slides: an address may try again once its oldest failure is a minute old', () => {
    let now = 0
    const t = new AuthThrottle(() => now, quiet, new Metrics())
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      t.failed('a', 'api')
      now += 1000
    }
    expect(t.retryAfter('a')).toBe(0)
    t.failed('a', 'api')
    // The first failure was at 0 s, the tenth at 9 s: wait until 60 s.
    expect(t.retryAfter('a')).toBe(51)
    expect(t.retryAfter('b')).toBe(0)
    now = 59_500
    expect(t.retryAfter('a')).toBe(1)
    now = 60_000
    expect(t.retryAfter('a')).toBe(0)
    // One more failure: the window now starts at the second failure (1 s), so 1 s to wait.
    t.failed('a', 'api')
    expect(t.retryAfter('a')).toBe(1)
  })
})

describe('weak admin tokens', () => {
  it('calls the README example, short tokens and few distinct characters weak', () => {
    expect(isWeakToken('change-me-to-a-long-secret')).toBe(true)
    expect(isWeakToken('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBe(true)
    expect(isWeakToken('Abcdefghijklmnopqrstuvw')).toBe(true) // 23 characters
    expect(isWeakToken('abababababcdcdcdcdcdefefefefef')).toBe(true) // 6 distinct
    expect(isWeakToken(ADMIN_TOKEN)).toBe(false)
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
    expect(isLoopbackHost('::')).toBe(false)
  })

  it('refuses to start off loopback with one line that says how to make a token', async () => {
    const config = parseConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: `file:${join(dir, 'weak.db')}`,
      ADMIN_TOKEN: 'ops:change-me-to-a-long-secret',
      LOG_LEVEL: 'silent',
    })
    const err = await startServer(config).then(
      async (s) => {
        await s.close()
        return undefined
      },
      (e: unknown) => e,
    )
    const line = describeStartupError(err, config)
    expect(line).toMatch(/refusing to listen on 0\.0\.0\.0: ADMIN_TOKEN ops is easy to guess/)
    expect(line).toContain('openssl rand -base64 32')
    expect(line).not.toContain('\n')
    expect(weakTokenProblem(config.adminTokens)).not.toContain('change-me')
  })

  it("starts with the README's token on loopback, with a warning", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const config = parseConfig({
      PORT: '0',
      DATABASE_URL: `file:${join(dir, 'readme.db')}`,
      ADMIN_TOKEN: 'change-me-to-a-long-secret',
      LOG_LEVEL: 'warn',
    })
    const server = await startServer(config)
    try {
      const res = await fetch(`${server.url}/api/admin/campaigns`, {
        headers: { Authorization: 'Bearer change-me-to-a-long-secret' },
      })
      expect(res.status).toBe(200)
    } finally {
      await server.close()
    }
    const lines = errors.mock.calls.map((call) => String(call[0]))
    errors.mockRestore()
    expect(lines.join('')).toMatch(
      /easy to guess.*accepted only because HOST=127\.0\.0\.1 is loopback/,
    )
  })
})
