import { formatMoney } from '../domain/money.js'

export interface MonthPoint {
  month: string
  goal: number
  pledged: number
}

/**
 * Month history as an inline SVG bar chart: raised (filled) against the goal (outlined), oldest
 * on the left. Server-drawn, so it needs no script; the table below it carries the same figures
 * for screen readers.
 */
export function HistoryChart(props: { months: MonthPoint[]; currency: string; locale: string }) {
  const months = [...props.months].reverse().slice(-12)
  const W = 640
  const H = 220
  const top = 16
  const bottom = 36
  const left = 8
  const max = Math.max(1, ...months.map((m) => Math.max(m.goal, m.pledged)))
  const slot = (W - left * 2) / Math.max(1, months.length)
  const bar = Math.min(40, slot * 0.6)
  const y = (v: number) => top + (H - top - bottom) * (1 - Math.max(0, v) / max)
  const fmt = (v: number) => formatMoney(v, props.currency, { locale: props.locale })
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`Raised against goal for the last ${months.length} months`}
    >
      <line x1={left} x2={W - left} y1={H - bottom} y2={H - bottom} stroke="#9aa4ae" />
      {months.map((m, i) => {
        const x = left + i * slot + (slot - bar) / 2
        return (
          <g>
            <title>{`${m.month}: ${fmt(m.pledged)} of ${fmt(m.goal)}`}</title>
            {m.goal > 0 && (
              <rect
                x={x}
                y={y(m.goal)}
                width={bar}
                height={H - bottom - y(m.goal)}
                fill="none"
                stroke="#5b6570"
                stroke-dasharray="4 3"
              />
            )}
            <rect
              x={x + bar * 0.15}
              y={y(m.pledged)}
              width={bar * 0.7}
              height={H - bottom - y(m.pledged)}
              fill={m.goal > 0 && m.pledged >= m.goal ? '#188038' : '#0b57d0'}
            />
            <text x={x + bar / 2} y={H - bottom + 16} font-size="11" text-anchor="middle">
              {m.month.slice(2)}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
