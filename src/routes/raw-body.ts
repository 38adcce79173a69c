import type { Readable } from 'node:stream'
import type { Context } from 'hono'
import { ApiError } from '../errors.js'

/** The Node request stream, as @hono/node-server passes it in `c.env.incoming`. */
type NodeIncoming = Readable

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `Request body over ${limit} bytes`)

/** Refuses a body whose declared Content-Length is over `limit`, before any of it is read. */
export function refuseDeclared(contentLength: string | undefined, limit: number): void {
  if (contentLength !== undefined && Number(contentLength) > limit) throw tooLarge(limit)
}

/**
 * A Node request stream read whole as text, refused with 413 once past `limit` bytes. The stream
 * is then paused, not destroyed: destroying it would close the socket before the 413 is written;
 * whoever answers drains the rest within bounds (the webhook lane's `drain`, @hono/node-server's). A client that leaves mid-body makes it reject
 * with the stream's error. Plain 'data'/'end' listeners: an async iterator over the stream cost
 * more (2 to 24 µs per request in three paired runs of a server that only reads bodies).
 */
export function readIncoming(incoming: Readable, limit: number): Promise<string> {
  if (incoming.destroyed) {
    return Promise.reject(incoming.errored ?? new Error('Request stream closed before its end'))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const settle = (err: unknown, text?: string) => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
      if (err === undefined) resolve(text ?? '')
      else reject(err)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > limit) {
        incoming.pause()
        settle(tooLarge(limit))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size)
      settle(undefined, new TextDecoder().decode(all))
    }
    const onError = (err: Error) => settle(err)
    const onClose = () =>
      settle(incoming.errored ?? new Error('Request stream closed before its end'))
    incoming.on('data', onData)
    incoming.once('end', onEnd)
    incoming.once('error', onError)
    incoming.once('close', onClose)
  })
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
