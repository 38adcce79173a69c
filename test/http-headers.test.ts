import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { describe, expect, it } from 'vitest'
import { jsonAnswer } from '../src/http/answer.js'
import { OPEN_SECURE_HEADERS, OPEN_SECURE_OPTIONS } from '../src/http/header-sets.js'

describe('the header sets answers are built with', () => {
  it("carry exactly the security headers Hono's secure-headers writes on the open routes", async () => {
    const probe = new Hono()
    probe.use(secureHeaders(OPEN_SECURE_OPTIONS))
    probe.get('/', (c) => c.json(null))
    const res = await probe.request('/')
    const written = [...res.headers].filter(([name]) => name !== 'content-type')
    expect(Object.fromEntries(written)).toEqual(OPEN_SECURE_HEADERS)
  })

  it("gives a JSON answer Hono's header lines: lower case and sorted, then Content-Length", () => {
    const a = jsonAnswer(200, { ok: true }, { 'X-Request-Id': 'r', ...OPEN_SECURE_HEADERS })
    const names = Object.keys(a.headers)
    expect(names.at(-1)).toBe('Content-Length')
    const sorted = names.slice(0, -1)
    expect(sorted).toEqual([...sorted].sort())
    expect(sorted).toContain('x-request-id')
    expect(a.headers['content-type']).toBe('application/json')
    expect(a.headers['Content-Length']).toBe(String('{"ok":true}'.length))
  })
})
