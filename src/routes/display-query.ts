import { DonateQuery } from './donate.openapi.js'

/**
 * The display options of a page's query (theme, accent, locale, ...), as a query string
 * (`?theme=dark`) for the page's own links, and nothing else: a session id, a token or an amount
 * a link carried never travels on.
 */
export function displayQuery(query: Record<string, string>): string {
  const keys = new Set(Object.keys(DonateQuery.shape))
  const kept = new URLSearchParams(Object.entries(query).filter(([k]) => keys.has(k)))
  return kept.size ? `?${kept}` : ''
}
