import type { ServerResponse } from 'node:http'
import type { Answer } from '../http/answer.js'

/** An answer's header lines as the flat [name, value, ...] list `writeHead` takes. */
export function headerLines(a: Answer): string[] {
  const lines: string[] = []
  for (const name in a.headers) lines.push(name, a.headers[name] as string)
  return lines
}

/** Writes an answer as built (src/http/answer.ts): status, header lines in order, body. */
export function writeAnswer(res: ServerResponse, a: Answer): void {
  res.writeHead(a.status, headerLines(a))
  if (a.body === null) res.end()
  else res.end(a.body)
}
