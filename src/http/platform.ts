import type { Context } from 'hono'

/**
 * What the runtime carrying a request can tell beyond the Web Request, given in
 * `c.env.platform` (src/node/platform.ts on Node; nothing on Workers, nor through
 * `app.request`). Shared code asks this, never a runtime's own objects.
 */
export interface Platform {
  /**
   * The raw body as text, read from the runtime's own stream (on Node, cheaper than the Web
   * Request's stream), refused with 413 past `limit` bytes; undefined to read the Web Request.
   */
  readBody(limit: number): Promise<string> | undefined
  /** The connection closed before the request body was complete. */
  clientClosed(): boolean
  /** The peer address of the connection. */
  clientAddress(): string | undefined
}

/** The platform of a request, if its runtime gave one. */
export function platformOf(c: Context): Platform | undefined {
  return (c.env as { platform?: Platform } | undefined)?.platform
}
