import type { ShowItem } from '../domain/bar-settings.js'

/** Narrowest and widest SVG the bar is drawn at; HTML and the web component follow their box. */
export const MIN_WIDTH = 240
export const MAX_WIDTH = 1200
export const DEFAULT_SVG_WIDTH = 600

/** What a bar may show under the amount, and how (see the embed query in src/routes/embed-query.ts). */
export interface EmbedOptions {
  month?: string | undefined
  locale?: string | undefined
  theme: 'light' | 'dark' | 'auto'
  /** `#rrggbb`, lower case. */
  accent?: string | undefined
  compact?: boolean | undefined
  currencyDisplay: 'locale' | 'before' | 'after'
  width?: number | undefined
  show?: ShowItem[] | undefined
}

/** `#abc` or `0969DA` → `#0969da`. */
export function normalizeHex(value: string): string {
  let hex = value.replace(/^#/, '').toLowerCase()
  if (hex.length === 3) hex = [...hex].map((ch) => ch + ch).join('')
  return `#${hex}`
}

/** A stable cache key for the options that change the rendered bytes (month is keyed apart). */
export function optionsKey(o: EmbedOptions): string {
  return [
    o.locale ?? '',
    o.theme,
    o.accent ?? '',
    o.compact ? 'c' : '',
    o.currencyDisplay,
    o.width ?? '',
    o.show?.join('+') ?? '*',
  ].join(',')
}

/** The money formatting that the display options ask for (campaign locale unless given). */
export function moneyFormat(o: Pick<EmbedOptions, 'locale' | 'currencyDisplay'>) {
  return { ...(o.locale ? { locale: o.locale } : {}), display: o.currencyDisplay }
}
