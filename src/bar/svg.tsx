import { raw } from 'hono/html'
import { type BarModel, langIf } from './model.js'
import { DEFAULT_SVG_WIDTH } from './options.js'
import { DARK, LIGHT, type Palette, withAccent } from './theme.js'

const PAD = 12
/**
 * Browsers pick the system face; resvg, librsvg and image proxies skip the names they lack
 * and land on a common sans (Liberation Sans, DejaVu Sans) or the generic family.
 */
export const SVG_FONT =
  "system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Liberation Sans','DejaVu Sans',sans-serif"
const BUTTON_W = 84
const BUTTON_H = 26

type Theme = BarModel['theme']
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

/** Rough text width for layout (SVG has no flow): a generous average glyph width. */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.6
}

/** Where a label pinned to `x` fits inside [PAD, width - PAD], exactly at the edges. */
function pin(x: number, w: number, width: number): { x: number; anchor: 'start' | 'end' } {
  if (x <= width / 2) return { x: Math.max(PAD, x - w / 2), anchor: 'start' }
  return { x: Math.min(width - PAD, x + w / 2), anchor: 'end' }
}

/**
 * The root of every image, sized in px. The drawing is one `role="img"` group named by
 * `<title>`/`<desc>`; a link (the Support button) goes beside it, never inside, because an
 * interactive element inside an image is hidden from assistive tech (axe: nested-interactive).
 */
function SvgRoot(props: {
  width: number
  height: number
  title: string
  labelledBy: string
  paint: SvgPaint
  lang: string
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

/**
 * The bar as an SVG image for `<img>`, emails and README files: the same model as the HTML,
 * laid out at a fixed width (240..1200 px), with `<title>` and `<desc>` for assistive tech.
 */
export function BarSvg({ m, width = DEFAULT_SVG_WIDTH }: { m: BarModel; width?: number }) {
  const paint = new SvgPaint(m.theme, m.accent)
  const lang = (l: string) => langIf(l, m.lang.page)
  const trackW = width - 2 * PAD
  const fillW = Math.round((trackW * m.fill) / 100)
  const compact = m.compact
  const nameY = 20
  const ticksY = compact ? 0 : 42
  const trackY = compact ? PAD : 50
  const amountY = compact ? 0 : 80
  const footY = compact ? 34 : 94
  const height = footY + BUTTON_H + PAD
  const amountText = m.percent !== null ? `${m.pledged}  ${m.percent}` : m.pledged
  const amount = pin(PAD + fillW, textWidth(amountText, 14), width)
  const footText = compact
    ? `${m.pledged}${m.hasGoal ? ` / ${m.ticks.at(-1)?.text ?? ''}` : ''} · ${m.label}`
    : m.label
  const link = m.donateUrl && (
    <a
      href={m.donateUrl}
      target="_blank"
      rel="noopener"
      aria-label={`${m.button}: ${m.name}`}
      lang={lang(m.lang.ui)}
    >
      <rect
        {...paint.fill('a')}
        x={width - PAD - BUTTON_W}
        y={footY}
        width={BUTTON_W}
        height={BUTTON_H}
        rx="6"
      />
      <text
        {...paint.fill('o')}
        x={width - PAD - BUTTON_W / 2}
        y={footY + 17}
        font-size="13"
        font-weight="600"
        text-anchor="middle"
      >
        {m.button}
      </text>
    </a>
  )
  return (
    <SvgRoot
      width={width}
      height={height}
      title={`${m.name} – ${m.label}`}
      labelledBy="sb-title sb-desc"
      paint={paint}
      lang={m.lang.page}
      link={link}
    >
      <desc id="sb-desc" lang={lang(m.lang.ui)}>
        {m.summary}
      </desc>
      <rect {...paint.fill('b')} width={width} height={height} rx="8" />
      {!compact && (
        <text
          {...paint.fill('t')}
          x={PAD}
          y={nameY}
          font-size="14"
          font-weight="600"
          lang={lang(m.lang.name)}
        >
          {truncate(m.name, Math.floor(trackW / (14 * 0.6)))}
        </text>
      )}
      {!compact &&
        m.ticks.map((t) => (
          <text
            {...paint.fill('m')}
            x={PAD + (trackW * t.position) / 100}
            y={ticksY}
            font-size="12"
            text-anchor={t.position === 0 ? 'start' : t.position === 100 ? 'end' : 'middle'}
          >
            {t.text}
          </text>
        ))}
      <rect {...paint.fill('k')} x={PAD} y={trackY} width={trackW} height="12" rx="6" />
      {fillW > 0 && (
        <rect {...paint.fill('a')} x={PAD} y={trackY} width={fillW} height="12" rx="6" />
      )}
      {m.hasGoal && (
        <rect
          {...paint.fill('b')}
          x={PAD + trackW / 2 - 1}
          y={trackY}
          width="2"
          height="12"
          opacity="0.6"
        />
      )}
      {!compact && (
        <text
          {...paint.fill('t')}
          x={amount.x}
          y={amountY}
          font-size="14"
          font-weight="700"
          text-anchor={amount.anchor}
        >
          {m.pledged}
          {m.percent !== null && (
            <tspan {...paint.fill('m')} font-weight="400" dx="5">
              {m.percent}
            </tspan>
          )}
        </text>
      )}
      <text
        {...paint.fill(compact ? 't' : 'm')}
        x={PAD}
        y={footY + 17}
        font-size="12"
        font-weight="600"
        letter-spacing="0.06em"
        lang={compact ? undefined : lang(m.lang.label)}
      >
        {truncate(footText, Math.floor((trackW - BUTTON_W - 8) / (12 * 0.65)))}
      </text>
    </SvgRoot>
  )
}

function truncate(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`
}

/**
 * The bar as an SVG string: pure, so the route, the render cache and the PNG rasteriser all
 * draw the same bytes from the same model.
 */
export function renderSvg(m: BarModel, width?: number): string {
  return (<BarSvg m={m} width={width} />).toString()
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
        {truncate(message, Math.floor((width - 2 * PAD) / (13 * 0.6)))}
      </text>
    </SvgRoot>
  )
  return svg.toString()
}
