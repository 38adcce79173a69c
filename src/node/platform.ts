import type { IncomingMessage } from 'node:http'
import type { Platform } from '../http/platform.js'
import { readIncoming } from './read-incoming.js'

/** On Node: the connection closed before the request body was complete. */
export function incomingClosed(incoming: { complete?: boolean; destroyed?: boolean }): boolean {
  return incoming.destroyed === true && incoming.complete === false
}

/** What a Node request can tell beyond its Web Request (`c.env.platform` of every Hono request). */
export class NodePlatform implements Platform {
  constructor(
    private readonly incoming: IncomingMessage,
    /** Bytes a second a body must average (HTTP_MIN_BODY_RATE; 0: none). */
    private readonly minBodyRate = 0,
  ) {}

  readBody(limit: number): Promise<string> | undefined {
    // Read straight from the stream unless something already began to read it.
    return this.incoming.readableDidRead === false
      ? readIncoming(this.incoming, limit, this.minBodyRate)
      : undefined
  }

  clientClosed(): boolean {
    return incomingClosed(this.incoming)
  }

  clientAddress(): string | undefined {
    return this.incoming.socket?.remoteAddress
  }
}
