import type { Context } from 'hono'
import { ApiError } from '../errors.js'

/** The Node request stream, as @hono/node-server passes it in `c.env.incoming`. */
interface NodeIncoming extends AsyncIterable<Uint8Array> {
  readableDidRead?: boolean
}

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `Request body over ${limit} bytes`)

/** Refuses a body whose declared Content-Length is over `limit`, before any of it is read. */
export function refuseDeclared(contentLength: string | undefined, limit: number): void {
  if (contentLength !== undefined && Number(contentLength) > limit) throw tooLarge(limit)
}

/**
 * A Node request stream read whole as text, refused with 413 once past `limit` bytes (leaving
 * the loop destroys the stream, so the rest is never read). A client that leaves mid-body makes
 * it reject with the stream's error.
 */
export async function readIncoming(incoming: AsyncIterable<Uint8Array>, limit: number) {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of incoming) {
    size += chunk.byteLength
    if (size > limit) throw tooLarge(limit)
    chunks.push(chunk)
  }
  const all = chunks.length === 1 ? (chunks[0] as Uint8Array) : new Uint8Array(size)
  if (chunks.length !== 1) {
    let at = 0
    for (const ch of chunks) {
      all.set(ch, at)
      at += ch.byteLength
    }
  }
  return new TextDecoder().decode(all)
}

/**
 * The exact request body as text, refused with 413 past `limit` bytes (declared or streamed)
 * before it is read whole. On Node it is read straight from the request stream: building the
 * web Request body stream for it cost more than verifying the signature.
 */
export async function readRawBody(c: Context, limit: number): Promise<string> {
  refuseDeclared(c.req.header('content-length'), limit)
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming
  if (incoming && incoming.readableDidRead === false) return readIncoming(incoming, limit)
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
