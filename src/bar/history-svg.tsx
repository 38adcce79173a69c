import type { History } from '../domain/history.js'
import { boundedMemo } from '../domain/memo.js'
import { messagesFor } from '../domain/messages/index.js'
import { DEFAULT_SVG_WIDTH } from './options.js'
import { SvgPaint, SvgRoot } from './svg-root.js'
import { fitText } from './text-width.js'

const PAD = 12
const CHART_H = 96

const shortFormats = boundedMemo<Intl.DateTimeFormat>()

/** Short month names under the columns: `Jun`, `Juni`, `6月`. */
function shortMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const f = shortFormats(
    locale,
    () => new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC', calendar: 'gregory' }),
  )
  return f.format(new Date(Date.UTC(y, m - 1, 15)))
}

/**
 * A small chart of raised against goal per month, as an SVG image: for each month a column
 * of the goal (track colour) with the amount raised over it (accent colour), the month's
 * short name under it. Concrete colours like the bar, so every renderer draws it; the whole
 * history is in `<desc>` for assistive tech. Pure.
 */
export function renderHistorySvg(
  h: History,
  o: { width?: number; theme: 'light' | 'dark' | 'auto'; accent?: string },
): string {
  const width = o.width ?? DEFAULT_SVG_WIDTH
  const paint = new SvgPaint(o.theme, o.accent)
  const msg = messagesFor(h.locale)
  const rtl = msg.dir === 'rtl'
  const inner = width - 2 * PAD
  const n = Math.max(1, h.months.length)
  const slot = inner / n
  const colW = Math.max(2, Math.min(36, slot * 0.7))
  const top = PAD + 24
  const max = Math.max(1, ...h.months.map((m) => Math.max(m.goal, m.pledged)))
  const height = top + CHART_H + 22 + PAD
  // Month names only where they fit: every k-th one.
  const labelEvery = Math.max(1, Math.ceil(28 / slot))
  const desc = h.months
    .map((m) =>
      m.goal > 0
        ? `${m.formatted.month}: ${msg.text('raisedOf', { raised: m.formatted.pledged, goal: m.formatted.goal })}`
        : `${m.formatted.month}: ${msg.text('raised', { raised: m.formatted.pledged })}`,
    )
    .join('; ')
  const svg = (
    <SvgRoot
      width={width}
      height={height}
      title={h.name}
      labelledBy="sb-title sb-desc"
      paint={paint}
      lang={h.locale}
    >
      <desc id="sb-desc">{desc}</desc>
      <rect {...paint.fill('b')} width={width} height={height} rx="8" />
      <text
        {...paint.fill('t')}
        x={rtl ? width - PAD : PAD}
        y={PAD + 14}
        font-size="14"
        font-weight="600"
        direction={rtl ? 'rtl' : undefined}
      >
        {fitText(h.name, 14, inner, true)}
      </text>
      {h.months.map((m, i) => {
        const slotIndex = rtl ? n - 1 - i : i
        const cx = PAD + slot * slotIndex + slot / 2
        const goalH = (CHART_H * m.goal) / max
        const raisedH = (CHART_H * m.pledged) / max
        return (
          <>
            {m.goal > 0 && (
              <rect
                {...paint.fill('k')}
                x={cx - colW / 2}
                y={top + CHART_H - goalH}
                width={colW}
                height={goalH}
                rx="2"
              />
            )}
            {m.pledged > 0 && (
              <rect
                {...paint.fill('a')}
                x={cx - colW / 2 + colW * 0.2}
                y={top + CHART_H - raisedH}
                width={colW * 0.6}
                height={raisedH}
                rx="2"
              />
            )}
            {(n - 1 - i) % labelEvery === 0 && (
              <text
                {...paint.fill('m')}
                x={cx}
                y={top + CHART_H + 16}
                font-size="11"
                text-anchor="middle"
              >
                {shortMonth(m.month, h.locale)}
              </text>
            )}
          </>
        )
      })}
    </SvgRoot>
  )
  return svg.toString()
}
