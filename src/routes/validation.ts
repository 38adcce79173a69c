import type { Hook, z } from '@hono/zod-openapi'
import type { AppEnv } from '../deps.js'
import { ApiError } from '../errors.js'

/**
 * Turns a failed validation into the one error shape: 422 for a JSON body that parsed but is
 * invalid, 400 for a bad path, query or header parameter. Every problem is listed.
 */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return
  const problems = describe(result.error.issues, result.target)
  if (result.target === 'json') throw new ApiError(422, 'invalid_body', `Invalid body: ${problems}`)
  throw new ApiError(400, 'invalid_parameter', `Invalid ${result.target}: ${problems}`)
}

/**
 * The checkout APIs' answer (the card's and PayPal's): 400 for a bad body as for a bad parameter,
 * as Stripe answers a bad request, so a donate script handles one status.
 */
export function badRequestHook<T>(
  result: Parameters<Hook<T, AppEnv, string, undefined>>[0],
): undefined {
  if (result.success) return undefined
  const code = result.target === 'json' ? 'invalid_body' : 'invalid_parameter'
  throw new ApiError(
    400,
    code,
    `Invalid ${result.target}: ${describe(result.error.issues, result.target)}`,
  )
}

function describe(issues: readonly z.core.$ZodIssue[], target: string): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : target}: ${i.message}`).join('; ')
}

/** The same 400 for routes validated by hand (paths that OpenAPI templates cannot express). */
export function parseParameters<T extends z.ZodType>(
  schema: T,
  value: unknown,
  target: string,
): z.output<T> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ApiError(
    400,
    'invalid_parameter',
    `Invalid ${target}: ${describe(result.error.issues, target)}`,
  )
}
