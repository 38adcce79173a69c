import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'

/**
 * V8 sizes objects made by a constructor after watching its first seven ("in-object slack
 * tracking"): it keeps as many in-object fields as the objects of that shape it can still see
 * use. If a major GC runs before the seventh (a server that answers a few requests at start and
 * then idles, which is every server), the earlier responses are gone, V8 sees a shape with no
 * fields, and every later ServerResponse is built with none in-object. Its forty-odd fields then
 * live in a dictionary, and node's whole response path slows by a third (bench:read measured
 * 18–20 µs a cached read instead of 12–13, against 12–13 for bare node:http). Building the
 * first objects of both kinds here, held alive until V8 has sized them, fixes their size to
 * node's own fields, whatever the GC does afterwards.
 */
export function primeHttpShapes(): void {
  const held: ServerResponse[] = []
  // One socket for all: its own shape is left to the server's real connections to size.
  const socket = new Socket()
  // Seven constructions finish the tracking; one more in case node already built one.
  for (let i = 0; i < 8; i++) {
    const req = new IncomingMessage(socket)
    req.method = 'GET'
    req.httpVersionMajor = 1
    req.httpVersionMinor = 1
    held.push(new ServerResponse(req))
  }
}
