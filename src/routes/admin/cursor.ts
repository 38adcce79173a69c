import { ApiError } from '../../errors.js'

/** An opaque page cursor (base64url of a JSON array of strings): clients pass it back unchanged. */
export function encodeCursor(parts: readonly string[]): string {
  return btoa(JSON.stringify(parts)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** The `length` strings a cursor holds; 400 `invalid_parameter` when it is not one of ours. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const value: unknown = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/')))
    if (
      Array.isArray(value) &&
      value.length === length &&
      value.every((v): v is string => typeof v === 'string')
    ) {
      return value
    }
  } catch {
    // fall through to the error below
  }
  throw new ApiError(400, 'invalid_parameter', 'Invalid cursor: pass back nextCursor unchanged')
}
