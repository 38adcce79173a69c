import type { BarModel } from './model.js'
import { type Axis, SIZE, TRACK_H } from './svg-layout.js'
import type { SvgPaint } from './svg-root.js'
import { fitText, textWidth } from './text-width.js'

/** Where the progress track sits and what it shows: the start edge offset and width in px. */
export interface SvgTrack {
  m: BarModel
  paint: SvgPaint
  ax: Axis
  from: number
  width: number
}

/** The track with its fill, the goal's halfway tick and the milestone markers, at `top`. */
export function trackRects(t: SvgTrack, top: number) {
  const fillW = Math.round((t.width * t.m.fill) / 100)
  return (
    <>
      <rect
        {...t.paint.fill('k')}
        x={t.ax.box(t.from, t.width)}
        y={top}
        width={t.width}
        height={TRACK_H}
        rx={TRACK_H / 2}
      />
      {fillW > 0 && (
        <rect
          {...t.paint.fill('a')}
          x={t.ax.box(t.from, Math.max(fillW, TRACK_H))}
          y={top}
          width={Math.max(fillW, TRACK_H)}
          height={TRACK_H}
          rx={TRACK_H / 2}
        />
      )}
      {t.m.hasGoal && (
        <rect
          {...t.paint.fill('b')}
          x={t.ax.box(t.from + t.width / 2 - 1, 2)}
          y={top}
          width="2"
          height={TRACK_H}
          opacity="0.6"
        />
      )}
      {t.m.markers.map((mk) => (
        <rect
          {...t.paint.fill('t')}
          x={t.ax.box(t.from + (t.width * mk.position) / 100 - 1, 2)}
          y={top}
          width="2"
          height={TRACK_H}
          opacity="0.55"
        />
      ))}
    </>
  )
}

/** The start, middle and goal amounts above the track, on baseline `base`. */
export function trackTicks(t: SvgTrack, base: number) {
  // The middle tick gives way when it would touch the outer ones (narrow bars, long amounts).
  const w = t.m.ticks.map((tick) => textWidth(tick.text, SIZE.tick))
  const [first = 0, middle = 0, last = 0] = w
  const roomy = t.width / 2 - middle / 2 - Math.max(first, last) >= 8
  return t.m.ticks.map((tick, i) =>
    i === 1 && !roomy ? null : (
      <text
        {...t.paint.fill('m')}
        x={t.ax.x(t.from + (t.width * tick.position) / 100)}
        y={base}
        font-size={SIZE.tick}
        text-anchor={tick.position === 0 ? 'start' : tick.position === 100 ? 'end' : 'middle'}
      >
        {fitText(tick.text, SIZE.tick, t.width / 3)}
      </text>
    ),
  )
}

/** The amount raised (and percent, where it fits) under the track, pinned to the fill's end. */
export function trackAmount(t: SvgTrack, base: number) {
  const pct = t.m.percent !== null ? t.m.percent : ''
  const w = textWidth(t.m.pledged, SIZE.amount, true) + (pct ? 6 + textWidth(pct, SIZE.pct) : 0)
  const fillEnd = t.from + (t.width * t.m.fill) / 100
  // Pinned to the end of the fill, kept inside the track.
  const from = Math.min(Math.max(t.from, fillEnd - w / 2), t.from + t.width - w)
  const showPct = pct && w <= t.width
  return (
    <text
      {...t.paint.fill('t')}
      x={t.ax.x(Math.max(t.from, from))}
      y={base}
      font-size={SIZE.amount}
      font-weight="700"
    >
      {fitText(t.m.pledged, SIZE.amount, t.width, true)}
      {showPct && (
        // dx is in user space, not along the text: right-to-left, the gap is to the left.
        <tspan
          {...t.paint.fill('m')}
          font-size={SIZE.pct}
          font-weight="400"
          dx={t.m.dir === 'rtl' ? '-6' : '6'}
        >
          {/* RLM: after a Latin currency code the percent would join its left-to-right run */}
          {t.m.dir === 'rtl' ? `\u200f${pct}` : pct}
        </tspan>
      )}
    </text>
  )
}
