import type { Context } from 'hono'
import { ApiError } from '../errors.js'
import { platformOf } from './platform.js'

/** The one answer to a body over the limit, whoever reads it. */
export const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `Request body over ${limit} bytes`)

/** Refuses a body whose declared Content-Length is over `limit`, before any of it is read. */
export function refuseDeclared(contentLength: string | undefined, limit: number): void {
  if (contentLength !== undefined && Number(contentLength) > limit) throw tooLarge(limit)
}

/**
 * The exact request body as text, refused with 413 past `limit` bytes (declared or streamed)
 * before it is read whole. Where the runtime reads it itself (on Node, straight from the
 * request stream: building the web Request body stream cost more than verifying the
 * signature), it does.
 */
export async function readRawBody(c: Context, limit: number): Promise<string> {
  refuseDeclared(c.req.header('content-length'), limit)
  const own = platformOf(c)?.readBody(limit)
  if (own) return own
  const body = c.req.raw.body
  if (!body) return ''
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  const all = new Uint8Array(size)
  let at = 0
  for (const ch of chunks) {
    all.set(ch, at)
    at += ch.byteLength
  }
  return new TextDecoder().decode(all)
}
