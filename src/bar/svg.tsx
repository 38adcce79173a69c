import { raw } from 'hono/html'
import type { BarModel } from './model.js'
import { DEFAULT_SVG_WIDTH } from './options.js'
import { themeCss } from './theme.js'

const PAD = 12
const FONT = 'system-ui,-apple-system,Segoe UI,Roboto,Helvetica Neue,Arial,sans-serif'
const BUTTON_W = 84
const BUTTON_H = 26

/** Rough text width for layout (SVG has no flow): a generous average glyph width. */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.6
}

/** Where a label pinned to `x` fits inside [PAD, width - PAD], exactly at the edges. */
function pin(x: number, w: number, width: number): { x: number; anchor: 'start' | 'end' } {
  if (x <= width / 2) return { x: Math.max(PAD, x - w / 2), anchor: 'start' }
  return { x: Math.min(width - PAD, x + w / 2), anchor: 'end' }
}

/** The root element of every image: sized in px, one `img` for assistive tech. */
function SvgRoot(props: {
  width: number
  height: number
  title: string
  labelledBy: string
  children: unknown
}) {
  const { width, height } = props
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={props.labelledBy}
      font-family={FONT}
    >
      <title id="sb-title">{props.title}</title>
      {props.children}
    </svg>
  )
}

const STYLE =
  '.t{fill:var(--sb-text)}.m{fill:var(--sb-muted)}.k{fill:var(--sb-track)}.a{fill:var(--sb-accent)}' +
  '.o{fill:var(--sb-on-accent)}.b{fill:var(--sb-bg)}'

/**
 * The bar as an SVG image for `<img>`, emails and README files: the same model as the HTML,
 * laid out at a fixed width (240..1200 px), with `<title>` and `<desc>` for assistive tech.
 */
export function BarSvg({ m, width = DEFAULT_SVG_WIDTH }: { m: BarModel; width?: number }) {
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
  const css = themeCss('svg', m.theme, m.accent) + STYLE
  return (
    <SvgRoot
      width={width}
      height={height}
      title={`${m.name} – ${m.label}`}
      labelledBy="sb-title sb-desc"
    >
      <desc id="sb-desc">{m.summary}</desc>
      <style>{raw(css)}</style>
      <rect class="b" width={width} height={height} rx="8" />
      {!compact && (
        <text class="t" x={PAD} y={nameY} font-size="14" font-weight="600">
          {truncate(m.name, Math.floor(trackW / (14 * 0.6)))}
        </text>
      )}
      {!compact &&
        m.ticks.map((t) => (
          <text
            class="m"
            x={PAD + (trackW * t.position) / 100}
            y={ticksY}
            font-size="12"
            text-anchor={t.position === 0 ? 'start' : t.position === 100 ? 'end' : 'middle'}
          >
            {t.text}
          </text>
        ))}
      <rect class="k" x={PAD} y={trackY} width={trackW} height="12" rx="6" />
      {fillW > 0 && <rect class="a" x={PAD} y={trackY} width={fillW} height="12" rx="6" />}
      {m.hasGoal && (
        <rect class="b" x={PAD + trackW / 2 - 1} y={trackY} width="2" height="12" opacity="0.6" />
      )}
      {!compact && (
        <text
          class="t"
          x={amount.x}
          y={amountY}
          font-size="14"
          font-weight="700"
          text-anchor={amount.anchor}
        >
          {m.pledged}
          {m.percent !== null && (
            <tspan class="m" font-weight="400" dx="5">
              {m.percent}
            </tspan>
          )}
        </text>
      )}
      <text
        class={compact ? 't' : 'm'}
        x={PAD}
        y={footY + 17}
        font-size="12"
        font-weight="600"
        letter-spacing="0.06em"
      >
        {truncate(footText, Math.floor((trackW - BUTTON_W - 8) / (12 * 0.65)))}
      </text>
      {m.donateUrl && (
        <a href={m.donateUrl} target="_blank" rel="noopener">
          <rect
            class="a"
            x={width - PAD - BUTTON_W}
            y={footY}
            width={BUTTON_W}
            height={BUTTON_H}
            rx="6"
          />
          <text
            class="o"
            x={width - PAD - BUTTON_W / 2}
            y={footY + 17}
            font-size="13"
            font-weight="600"
            text-anchor="middle"
          >
            {m.button}
          </text>
        </a>
      )}
    </SvgRoot>
  )
}

function truncate(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`
}

export function renderSvg(m: BarModel, width?: number): string {
  return (<BarSvg m={m} width={width} />).toString()
}

/** A small image that says what is wrong, so a broken embed explains itself. */
export function renderSvgNotFound(message: string, width = DEFAULT_SVG_WIDTH): string {
  const height = 40
  const svg = (
    <SvgRoot width={width} height={height} title={message} labelledBy="sb-title">
      <rect width={width} height={height} rx="8" fill="#ffffff" stroke="#d0d7de" />
      <text x={PAD} y="25" font-size="13" fill="#57606a">
        {message}
      </text>
    </SvgRoot>
  )
  return svg.toString()
}
