import type { Readable } from 'node:stream'
import { tooLarge } from '../http/raw-body.js'

/** A body gets this long before its rate is judged: any body sent at once is done by then. */
export const BODY_RATE_GRACE_MS = 2000

/** The error a body too slow is destroyed with (the client gets no answer: its socket closes). */
export class SlowBodyError extends Error {
  constructor(readonly bytesPerSecond: number) {
    super(`Request body slower than ${bytesPerSecond} bytes a second`)
    this.name = 'SlowBodyError'
  }
}

/**
 * A Node request stream read whole as text, refused with 413 once past `limit` bytes. The stream
 * is then paused, not destroyed: destroying it would close the socket before the 413 is written;
 * whoever answers drains the rest within bounds (the webhook lane's `drain`, @hono/node-server's). A client that leaves mid-body makes it reject
 * with the stream's error. Plain 'data'/'end' listeners: an async iterator over the stream cost
 * more (2 to 24 µs per request in three paired runs of a server that only reads bodies).
 *
 * With `minRate` (bytes a second, 0 for none), a body that has not averaged that rate once
 * `BODY_RATE_GRACE_MS` have passed, or at any check a second after, is cut: the request stream
 * is destroyed (closing its connection) and the promise rejects with `SlowBodyError`. Node's
 * own `requestTimeout` only bounds the whole request; this frees a trickling client's slot in
 * seconds. One timer per body, cleared as it ends.
 */
export function readIncoming(incoming: Readable, limit: number, minRate = 0): Promise<string> {
  if (incoming.destroyed) {
    return Promise.reject(incoming.errored ?? new Error('Request stream closed before its end'))
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const settle = (err: unknown, text?: string) => {
      if (timer) clearTimeout(timer)
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
    if (minRate > 0 && !incoming.readableEnded) {
      const start = performance.now()
      const check = () => {
        const elapsed = performance.now() - start
        if (size < (minRate * elapsed) / 1000) {
          const err = new SlowBodyError(minRate)
          settle(err)
          incoming.destroy(err)
          return
        }
        timer = setTimeout(check, 1000)
        timer.unref()
      }
      timer = setTimeout(check, BODY_RATE_GRACE_MS)
      timer.unref()
    }
  })
}
