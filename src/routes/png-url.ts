import type { EmbedOptions } from '../bar/options.js'

/**
 * The URL of a bar's PNG with the same display options as a page (for og:image): absolute
 * under PUBLIC_URL, else root-relative. Never from the request's Host: that is the client's to
 * choose, and a cached page would hand a forged origin to every reader. The query is written
 * from the parsed options, leaving defaults out, so equivalent page URLs (any order, spelled
 * defaults, `compact=false`) name one image and share one cached page.
 */
export function pngUrl(publicUrl: string | undefined, slug: string, o: EmbedOptions): string {
  const base = (publicUrl ?? '').replace(/\/+$/, '')
  const query = new URLSearchParams()
  if (o.accent) query.set('accent', o.accent.replace(/^#/, ''))
  if (o.compact) query.set('compact', '1')
  if (o.currencyDisplay !== 'locale') query.set('currencyDisplay', o.currencyDisplay)
  if (o.locale) query.set('locale', o.locale)
  if (o.month) query.set('month', o.month)
  if (o.show) query.set('show', o.show.join(','))
  if (o.theme !== 'auto') query.set('theme', o.theme)
  if (o.width !== undefined) query.set('width', String(o.width))
  const search = query.size > 0 ? `?${query}` : ''
  return `${base}/embed/${encodeURIComponent(slug)}.png${search}`
}
