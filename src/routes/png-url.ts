import { EmbedQuery } from '../bar/options.js'

const OPTIONS = new Set(Object.keys(EmbedQuery.shape))

/**
 * The URL of a bar's PNG with the same display options as the request (for og:image):
 * absolute under PUBLIC_URL, else root-relative. Never from the request's Host: that is the
 * client's to choose, and a cached page would hand a forged origin to every reader. Only the
 * embed's own options are carried over (sorted), so nothing else of a request ends up in a
 * cached page and the same options in any order name one image.
 */
export function pngUrl(publicUrl: string | undefined, requestUrl: string, slug: string): string {
  const url = new URL(requestUrl)
  const base = (publicUrl ?? '').replace(/\/+$/, '')
  const kept = [...url.searchParams].filter(([k]) => OPTIONS.has(k))
  const query = new URLSearchParams(kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const search = query.size > 0 ? `?${query}` : ''
  return `${base}/embed/${encodeURIComponent(slug)}.png${search}`
}
