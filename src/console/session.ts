import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { AdminToken } from '../config.js'
import { hmacSha256, toBase64url, toHex } from '../hash.js'
import { findLiveSession, insertSession } from '../store/console-sessions.js'
import type { Store } from '../store/store.js'

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'sb_session'
/** A session ends this long after sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000

/** A signed-in admin: the token's label (for the audit trail) and the token it was made from. */
export interface Session {
  label: string
  token: string
  expiresAt: number
  /** SHA-256 of the cookie's id: the session's key in the database. */
  idHash: string
  /** The per-session CSRF token every form carries. */
  csrf: string
}

const encoder = new TextEncoder()

/** A cookie value this service made: 32 random bytes as unpadded base64url. */
const SESSION_ID_RE = /^[A-Za-z0-9_-]{43}$/

async function hmac(key: string, data: string): Promise<string> {
  return (await hmacSha256(key, 'base64url'))(data)
}

async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
}

/** Ties a stored session to the token it was made from, without storing the token. */
const tokenHash = (token: string) => hmac(token, 'console-session-token')

/**
 * Sessions live in the database (console_sessions): the cookie holds a random id, the table its
 * SHA-256, the label, the expiry and a hash keyed by the admin token. So a sign-out ends the
 * session on every instance and across restarts, and removing or rotating a token ends every
 * session made from it (its hash no longer matches a configured token).
 */
export async function createSession(store: Store, token: AdminToken, now: number): Promise<string> {
  const id = toBase64url(crypto.getRandomValues(new Uint8Array(32)))
  await insertSession(store, {
    idHash: await sha256Hex(id),
    label: token.label,
    tokenHash: await tokenHash(token.token),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
  })
  return id
}

/** The session this cookie value names, or undefined (unknown, ended, expired, token removed). */
export async function verifySession(
  store: Store,
  value: string | undefined,
  tokens: readonly AdminToken[],
  now: number,
): Promise<Session | undefined> {
  if (!value || !SESSION_ID_RE.test(value)) return undefined
  const idHash = await sha256Hex(value)
  const row = await findLiveSession(store, idHash, new Date(now).toISOString())
  if (!row) return undefined
  for (const t of tokens) {
    if (t.label !== row.label) continue
    if (await timingSafeEqual(await tokenHash(t.token), row.tokenHash)) {
      return {
        label: t.label,
        token: t.token,
        expiresAt: Date.parse(row.expiresAt),
        idHash,
        csrf: await hmac(t.token, `csrf.${idHash}`),
      }
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
