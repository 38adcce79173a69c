import type { MiddlewareHandler } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { Services } from '../deps.js'
import { ApiError, errorBody } from '../errors.js'
import { addressOf } from './auth-throttle.js'
import type { AppEnv } from './env.js'

/** The JSON error a throttled address gets from the admin API. */
export function throttledError(wait: number): ApiError {
  return new ApiError(
    429,
    'rate_limited',
    `Too many wrong admin tokens from this address; try again in ${wait} s`,
    { headers: { 'Retry-After': String(wait) } },
  )
}

/**
 * Bearer-token auth for the admin API (Hono's bearer-auth, compared in constant time).
 * Any of the configured tokens is accepted; its label, never the token, becomes `c.var.actor`.
 * Wrong tokens count against the client's address (AuthThrottle): after too many, that address
 * gets 429 with Retry-After, whatever it sends, until the window has passed.
 */
export function adminAuth(
  ctx: Pick<Services, 'config' | 'authThrottle'>,
): MiddlewareHandler<AppEnv> {
  const tokens = ctx.config.adminTokens
  if (tokens.length === 0) {
    return async () => {
      throw new ApiError(
        401,
        'admin_disabled',
        'The admin API is disabled: set ADMIN_TOKEN to enable it',
      )
    }
  }
  const throttle = ctx.authThrottle
  const auth: MiddlewareHandler<AppEnv> = bearerAuth({
    verifyToken: async (presented, c) => {
      let label: string | undefined
      // Compare against every token so the time taken does not tell which one matched.
      for (const t of tokens) {
        if ((await timingSafeEqual(t.token, presented)) && label === undefined) label = t.label
      }
      if (label !== undefined) c.set('actor', label)
      else throttle.failed(addressOf(ctx.config, c), 'api')
      return label !== undefined
    },
    noAuthenticationHeader: {
      message: errorBody('unauthorized', 'Missing Authorization: Bearer <token> header'),
    },
    invalidAuthenticationHeader: {
      message: errorBody('bad_request', 'Malformed Authorization header; expected Bearer <token>'),
    },
    invalidToken: { message: errorBody('unauthorized', 'Invalid admin token') },
  })
  return async (c, next) => {
    const wait = throttle.retryAfter(addressOf(ctx.config, c))
    if (wait > 0) {
      throttle.refused('api')
      throw throttledError(wait)
    }
    return auth(c, next)
  }
}
