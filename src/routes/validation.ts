import type { Hook } from '@hono/zod-openapi'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'

/**
 * Turns a failed validation into the one error shape: 422 for a JSON body that parsed but is
 * invalid, 400 for a bad path, query or header parameter. Every problem is listed.
 */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return
  const problems = result.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : result.target}: ${i.message}`)
    .join('; ')
  if (result.target === 'json') throw new ApiError(422, 'invalid_body', `Invalid body: ${problems}`)
  throw new ApiError(400, 'invalid_parameter', `Invalid ${result.target}: ${problems}`)
}
