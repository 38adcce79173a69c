/** Colours of one theme. Every text colour meets WCAG AA (4.5:1) on its background. */
export interface Palette {
  background: string
  text: string
  muted: string
  track: string
  accent: string
  /** Text on the accent (the Support button): black or white, whichever contrasts more. */
  onAccent: string
}

export const LIGHT: Palette = {
  background: '#ffffff',
  text: '#1f2328',
  muted: '#57606a',
  track: '#d0d7de',
  accent: '#0969da',
  onAccent: '#ffffff',
}

export const DARK: Palette = {
  background: '#0d1117',
  text: '#e6edf3',
  muted: '#9198a1',
  track: '#30363d',
  accent: '#4493f8',
  onAccent: '#000000',
}

function channel(hex: string, at: number): number {
  const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5)
}

/** WCAG contrast ratio between two `#rrggbb` colours, 1..21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The palette with a site's accent colour; the button text follows the accent. */
export function withAccent(base: Palette, accent: string | undefined): Palette {
  if (!accent) return base
  const onAccent =
    contrast(accent, '#ffffff') >= contrast(accent, '#000000') ? '#ffffff' : '#000000'
  return { ...base, accent, onAccent }
}

function vars(p: Palette): string {
  return (
    `--sb-bg:${p.background};--sb-text:${p.text};--sb-muted:${p.muted};` +
    `--sb-track:${p.track};--sb-accent:${p.accent};--sb-on-accent:${p.onAccent}`
  )
}

/**
 * CSS custom properties for a theme on `selector`; `auto` follows prefers-color-scheme.
 * Only validated values (hex colours) reach this text.
 */
export function themeCss(
  selector: string,
  theme: 'light' | 'dark' | 'auto',
  accent?: string,
): string {
  const light = withAccent(LIGHT, accent)
  const dark = withAccent(DARK, accent)
  if (theme === 'light') return `${selector}{${vars(light)}}`
  if (theme === 'dark') return `${selector}{${vars(dark)}}`
  return `${selector}{${vars(light)}}@media (prefers-color-scheme:dark){${selector}{${vars(dark)}}}`
}
