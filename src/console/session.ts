import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { AdminToken } from '../config.js'
import { hmacSha256, toBase64url } from '../hash.js'

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'sb_session'
/** A session ends this long after sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000

/** A signed-in admin: the token's label (for the audit trail) and the token it was made from. */
export interface Session {
  label: string
  token: string
  expiresAt: number
  /** Random per session: the CSRF token of its forms is derived from it. */
  nonce: string
  /** The per-session CSRF token every form carries. */
  csrf: string
}

const encoder = new TextEncoder()
const b64url = toBase64url

async function hmac(key: string, data: string): Promise<string> {
  return (await hmacSha256(key, 'base64url'))(data)
}

/**
 * Sessions are stateless: the cookie holds the label, the expiry and a nonce, signed with the
 * admin token itself. Nothing is stored, so every runtime (several Node processes, Workers
 * isolates) accepts it, and removing or rotating a token ends every session made from it.
 */
export async function createSession(token: AdminToken, now: number): Promise<string> {
  const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)))
  const payload = `${b64url(encoder.encode(token.label))}.${now + SESSION_TTL_MS}.${nonce}`
  return `${payload}.${await hmac(token.token, `session.${payload}`)}`
}

/** The session this cookie value proves, or undefined (forged, expired, or its token removed). */
export async function verifySession(
  value: string | undefined,
  tokens: readonly AdminToken[],
  now: number,
): Promise<Session | undefined> {
  if (!value) return undefined
  const parts = value.split('.')
  if (parts.length !== 4) return undefined
  const [label64, expires, nonce, sig] = parts as [string, string, string, string]
  let label: string
  try {
    label = new TextDecoder().decode(
      Uint8Array.from(atob(label64.replaceAll('-', '+').replaceAll('_', '/')), (ch) =>
        ch.charCodeAt(0),
      ),
    )
  } catch {
    return undefined
  }
  const expiresAt = Number(expires)
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= now) return undefined
  const payload = `${label64}.${expires}.${nonce}`
  for (const t of tokens) {
    if (t.label !== label) continue
    if (await timingSafeEqual(await hmac(t.token, `session.${payload}`), sig)) {
      return { label, token: t.token, expiresAt, nonce, csrf: await hmac(t.token, `csrf.${nonce}`) }
    }
  }
  return undefined
}

/** The admin token this text is, in constant time against every configured token. */
export async function matchToken(
  presented: string,
  tokens: readonly AdminToken[],
): Promise<AdminToken | undefined> {
  let found: AdminToken | undefined
  for (const t of tokens) {
    if ((await timingSafeEqual(t.token, presented)) && found === undefined) found = t
  }
  return found
}

/** Whether cookies must be Secure: the request came over HTTPS, or the public URL is HTTPS. */
export function isHttps(c: Context, publicUrl: string | undefined): boolean {
  return new URL(c.req.url).protocol === 'https:' || publicUrl?.startsWith('https:') === true
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE)
}

export function setSessionCookie(c: Context, value: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, value, {
    path: '/admin',
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  })
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/admin', httpOnly: true, secure, sameSite: 'Strict' })
}
