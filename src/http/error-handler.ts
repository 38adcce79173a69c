import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ErrorCode, errorAnswer, errorBody } from '../errors.js'
import type { Logger } from '../log.js'
import { platformOf } from './platform.js'

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 409:
      return 'conflict'
    case 413:
      return 'payload_too_large'
    case 415:
      return 'unsupported_media_type'
    case 503:
      return 'unavailable'
    default:
      return status >= 500 ? 'internal' : 'bad_request'
  }
}

/**
 * The one `onError`: see errorAnswer; Hono's HTTPException (malformed JSON, auth challenges)
 * keeps its status with the one error shape. Log lines carry the request id and pass through
 * `redact`.
 */
export function errorHandler(log: Logger) {
  return (err: Error, c: Context): Response => {
    // Past our own refusals (a body over the limit also cuts the request short): a request whose
    // client left mid-body is the client's doing, whatever failed reading it.
    // errorAnswer puts our own refusals (ApiError) first, whether or not the client left.
    const closed = platformOf(c)?.clientClosed() ?? false
    if (!closed && err instanceof HTTPException) {
      if (err.res?.headers.get('content-type')?.includes('application/json')) {
        return err.getResponse()
      }
      const status = err.status as ContentfulStatusCode
      const message = /malformed json/i.test(err.message)
        ? 'Malformed JSON in request body'
        : err.message || 'Request refused'
      const code = /malformed json/i.test(err.message) ? 'malformed_json' : codeForStatus(status)
      const headers: Record<string, string> = {}
      const challenge = err.res?.headers.get('WWW-Authenticate')
      if (challenge) headers['WWW-Authenticate'] = challenge
      return c.json(errorBody(code, message), status, headers)
    }
    const answer = errorAnswer(err, closed, c.get('requestId') as string | undefined, log)
    return c.json(answer.body, answer.status, answer.headers)
  }
}
