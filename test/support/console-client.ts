import { ADMIN_TOKEN, type TestApp } from './harness.js'

export const ORIGIN = 'http://localhost'

/** A browser-like client of the console: keeps the session cookie, sends same-origin forms. */
export function consoleClient(t: TestApp) {
  let cookie = ''
  const request = async (method: string, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (cookie) headers.set('Cookie', cookie)
    const res = await t.app.request(path, { ...init, method, headers })
    const set = res.headers.get('Set-Cookie')
    if (set) {
      const pair = set.split(';')[0] ?? ''
      cookie = /Max-Age=0/i.test(set) || pair.endsWith('=') ? '' : pair
    }
    return res
  }
  return {
    get cookie() {
      return cookie
    },
    set cookie(v: string) {
      cookie = v
    },
    get: (path: string) => request('GET', path),
    /** A form as a browser sends it from a console page. */
    post: (path: string, fields: Record<string, string>, origin = ORIGIN) =>
      request('POST', path, {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
        body: new URLSearchParams(fields).toString(),
      }),
    /** A multipart form with one file, as a browser sends an upload form. */
    upload: (
      path: string,
      fields: Record<string, string>,
      file: { field: string; name: string; type: string; bytes: Uint8Array<ArrayBuffer> },
      origin = ORIGIN,
    ) => {
      const form = new FormData()
      for (const [k, v] of Object.entries(fields)) form.set(k, v)
      form.set(file.field, new File([file.bytes], file.name, { type: file.type }))
      return request('POST', path, { headers: { Origin: origin }, body: form })
    },
    signIn: async (token = ADMIN_TOKEN) =>
      request('POST', '/admin/login', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN },
        body: new URLSearchParams({ token }).toString(),
      }),
    /** The CSRF token of the forms on a page. */
    csrf: async (path = '/admin') => {
      const html = await (await request('GET', path)).text()
      const m = /name="_csrf" value="([^"]+)"/.exec(html)
      if (!m?.[1]) throw new Error(`no CSRF field on ${path}`)
      return m[1]
    },
  }
}
