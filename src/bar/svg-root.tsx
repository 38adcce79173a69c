import { raw } from 'hono/html'
import { DEFAULT_SVG_WIDTH } from './options.js'
import { fitText } from './text-width.js'
import { DARK, LIGHT, type Palette, withAccent } from './theme.js'

const PAD = 12
type Theme = 'light' | 'dark' | 'auto'

/**
 * DejaVu Sans first: the face the PNG route draws with (its files ship in the npm package, on
 * Node and Workers alike), so the PNG shows the typeface the SVG names first, and a browser
 * that has it (most Linux desktops) draws the same. Elsewhere browsers go on to the system
 * face; resvg, librsvg and image proxies skip the names they lack and land on a common sans or
 * the generic family. The layout fits either (text-width.ts measures both metrics).
 */
export const SVG_FONT =
  "'DejaVu Sans',system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Liberation Sans',sans-serif"

/** The palette's roles, each drawn with a class so that a browser-only rule can recolour it. */
const ROLES = {
  t: 'text',
  m: 'muted',
  k: 'track',
  a: 'accent',
  o: 'onAccent',
  b: 'background',
} as const satisfies Record<string, keyof Palette>
type Role = keyof typeof ROLES

/**
 * Colours as concrete fill attributes, so that every renderer (resvg, librsvg, e-mail image
 * proxies) draws them: CSS variables come out black there. `auto` draws the light palette and
 * adds a `prefers-color-scheme: dark` rule that only browsers apply (a rule beats a
 * presentation attribute; renderers without media queries skip it).
 */
export class SvgPaint {
  readonly palette: Palette
  readonly style: string
  constructor(theme: Theme, accent: string | undefined) {
    this.palette = withAccent(theme === 'dark' ? DARK : LIGHT, accent)
    if (theme !== 'auto') {
      this.style = ''
      return
    }
    const dark = withAccent(DARK, accent)
    const rules = Object.entries(ROLES)
      .map(([cls, role]) => `.${cls}{fill:${dark[role]}}`)
      .join('')
    this.style = `@media (prefers-color-scheme:dark){${rules}}`
  }
  /** `class` and `fill` attributes of one role. */
  fill(role: Role): { class: Role; fill: string } {
    return { class: role, fill: this.palette[ROLES[role]] }
  }
}

/**
 * The root of every image (bar, history, error), sized in px. The drawing is one `role="img"` group named by
 * `<title>`/`<desc>`; a link (the Support button) goes beside it, never inside, because an
 * interactive element inside an image is hidden from assistive tech (axe: nested-interactive).
 */
export function SvgRoot(props: {
  width: number
  height: number
  title: string
  labelledBy: string
  paint: SvgPaint
  lang: string
  dir?: 'ltr' | 'rtl'
  children: unknown
  link?: unknown
}) {
  const { width, height, paint } = props
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      font-family={SVG_FONT}
      lang={props.lang}
      direction={props.dir === 'rtl' ? 'rtl' : undefined}
    >
      <title id="sb-title">{props.title}</title>
      {paint.style && <style>{raw(paint.style)}</style>}
      {/* biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an SVG <g> is not interactive; role=img makes the drawing one named image */}
      <g role="img" aria-labelledby={props.labelledBy}>
        {props.children}
      </g>
      {props.link}
    </svg>
  )
}

/** A small image that says what is wrong, in the asked theme, so a broken embed explains itself. */
export function renderSvgNotFound(
  message: string,
  width = DEFAULT_SVG_WIDTH,
  theme: Theme = 'auto',
  accent?: string,
  lang = 'en',
): string {
  const height = 40
  const paint = new SvgPaint(theme, accent)
  const svg = (
    <SvgRoot
      width={width}
      height={height}
      title={message}
      labelledBy="sb-title"
      paint={paint}
      lang={lang}
    >
      <rect {...paint.fill('b')} width={width} height={height} rx="8" />
      <text {...paint.fill('m')} x={PAD} y="25" font-size="13">
        {fitText(message, 13, width - 2 * PAD)}
      </text>
    </SvgRoot>
  )
  return svg.toString()
}
