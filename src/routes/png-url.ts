import { EmbedQuery } from '../bar/options.js'

const OPTIONS = new Set(Object.keys(EmbedQuery.shape))

/**
 * The absolute URL of a bar's PNG with the same display options as the request (for
 * og:image): PUBLIC_URL when set, else the request's own origin. Only the embed's own options
 * are carried over, so nothing else of a request ends up in a cached page.
 */
export function pngUrl(publicUrl: string | undefined, requestUrl: string, slug: string): string {
  const url = new URL(requestUrl)
  const base = (publicUrl ?? url.origin).replace(/\/+$/, '')
  // Sorted: the same options in any order name one image (and one cached page).
  const kept = [...url.searchParams].filter(([k]) => OPTIONS.has(k))
  const query = new URLSearchParams(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const search = query.size > 0 ? `?${query}` : ''
  return `${base}/embed/${encodeURIComponent(slug)}.png${search}`
}
