import type { MiddlewareHandler } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { AdminToken } from '../config.js'
import { ApiError, errorBody } from '../errors.js'
import type { AppEnv } from './env.js'

/**
 * Bearer-token auth for the admin API (Hono's bearer-auth, compared in constant time).
 * Any of the configured tokens is accepted; its label, never the token, becomes `c.var.actor`.
 */
export function adminAuth(tokens: readonly AdminToken[]): MiddlewareHandler<AppEnv> {
  if (tokens.length === 0) {
    return async () => {
      throw new ApiError(
        401,
        'admin_disabled',
        'The admin API is disabled: set ADMIN_TOKEN to enable it',
      )
    }
  }
  return bearerAuth({
    verifyToken: async (presented, c) => {
      let label: string | undefined
      // Compare against every token so the time taken does not tell which one matched.
      for (const t of tokens) {
        if ((await timingSafeEqual(t.token, presented)) && label === undefined) label = t.label
      }
      if (label !== undefined) c.set('actor', label)
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
}
