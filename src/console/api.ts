import { withoutBidiControls } from '../domain/text.js'

/**
 * The console acts through the admin API itself, in-process, with the signed-in session's token:
 * every change is validated, audited and cached exactly as over HTTP, and the console holds no
 * second copy of those rules.
 */
export type AdminFetch = (path: string, init?: RequestInit) => Promise<Response>

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; code: string; message: string }

/** One admin API call as the session's token; errors come back as words, never raw JSON. */
export async function callApi<T>(
  fetcher: AdminFetch,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  // Bytes (an uploaded image) go as they are; anything else as JSON.
  const bytes = body instanceof Uint8Array
  const res = await fetcher(path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined
        ? {}
        : { 'Content-Type': bytes ? 'application/octet-stream' : 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: bytes ? (body as BodyInit) : JSON.stringify(body) }),
  })
  const text = await res.text()
  let parsed: unknown
  try {
    // Bidi overrides in names, labels or reasons could make the console show other text than
    // what is stored (a reversed e-mail, a flipped amount): every string loses them here.
    parsed = text
      ? JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' ? withoutBidiControls(v) : v))
      : null
  } catch {
    parsed = text
  }
  if (res.ok) return { ok: true, status: res.status, data: parsed as T }
  const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error
  return {
    ok: false,
    status: res.status,
    code: error?.code ?? 'error',
    message: error?.message ?? `The request failed (HTTP ${res.status})`,
  }
}

/** A query string from the values that are set. */
export function qs(values: Record<string, string | undefined>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(values)) if (v) p.set(k, v)
  const s = p.toString()
  return s ? `?${s}` : ''
}
