import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from './log.js'

/** Stable machine-readable error codes of the public API. */
export type ErrorCode =
  | 'bad_request'
  | 'malformed_json'
  | 'invalid_parameter'
  | 'invalid_body'
  | 'unauthorized'
  | 'admin_disabled'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_signature'
  | 'missing_signature'
  | 'stale_timestamp'
  | 'invalid_payload'
  | 'unsupported_api_version'
  | 'processing_failed'
  | 'webhooks_disabled'
  | 'unavailable'
  | 'client_closed'
  | 'internal'
  | 'checkout_disabled'
  | 'checkout_not_enabled'
  | 'invalid_amount'
  | 'monthly_not_allowed'
  | 'yearly_not_allowed'
  | 'archived'
  | 'idempotency_conflict'
  | 'idempotency_in_progress'
  | 'rate_limited'
  | 'payment_provider_error'
  | 'invalid_logo'

/** The one error type of the app: a status, a string-literal code and a message for people. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options)
    this.name = 'ApiError'
    this.headers = options?.headers
  }

  /** Headers the answer carries (Retry-After on a 429). */
  readonly headers: Record<string, string> | undefined
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)

/** The JSON body of every error response. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } }
}

/** Status recorded for a client that left mid-request (nginx's 499; it never receives it). */
export const CLIENT_CLOSED = 499

/** True for errors that mean "the database cannot take writes now" (disk full, read-only, locked). */
export function isUnavailableError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return (
    typeof code === 'string' &&
    /^(SQLITE_(FULL|READONLY|BUSY|LOCKED|IOERR|CANTOPEN)|57P0[123]|53[0-9]{3}|08[0-9]{3})/.test(
      code,
    )
  )
}

/** An error as its answer: status, the one JSON error shape, and any headers it carries. */
export interface ErrorAnswer {
  status: ContentfulStatusCode
  body: ReturnType<typeof errorBody>
  headers?: Record<string, string>
}

/**
 * The answer to any error but Hono's own HTTPException: known errors keep their status; a client
 * that left mid-body (`closed`) is its own doing; the database refusing writes is a 503; anything
 * else is a logged 500. Shared by the one `onError` and the Node webhook lane.
 */
export function errorAnswer(
  err: Error,
  closed: boolean,
  requestId: string | undefined,
  log: Logger,
): ErrorAnswer {
  if (err instanceof ApiError) {
    return {
      status: err.status,
      body: errorBody(err.code, err.message),
      ...(err.headers ? { headers: err.headers } : {}),
    }
  }
  if (closed) {
    const message = 'The client closed the connection before sending the whole request'
    return {
      status: CLIENT_CLOSED as ContentfulStatusCode,
      body: errorBody('client_closed', message),
    }
  }
  if (isUnavailableError(err)) {
    log.error('database unavailable', {
      requestId,
      code: (err as { code?: unknown }).code,
      error: err.message,
    })
    return {
      status: 503,
      body: errorBody('unavailable', 'The database cannot take this request now; try again later'),
      headers: { 'Retry-After': '5' },
    }
  }
  log.error('unhandled error', { requestId, error: err.message, stack: err.stack })
  return { status: 500, body: errorBody('internal', 'Internal server error') }
}
