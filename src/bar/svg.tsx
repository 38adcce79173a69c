import { type BarModel, langIf } from './model.js'
import { DEFAULT_SVG_WIDTH } from './options.js'
import { axis, SIZE, TRACK_H } from './svg-layout.js'
import { SvgPaint, SvgRoot } from './svg-root.js'
import { type SvgTrack, trackAmount, trackRects, trackTicks } from './svg-track.js'
import { fitText, textWidth } from './text-width.js'

export { renderSvgNotFound, SVG_FONT, SvgPaint } from './svg-root.js'

const PAD = 12
const BUTTON_H = 30
const BUTTON_PAD = 14

/**
 * The bar as an SVG image for `<img>`, emails and README files: the same model as the HTML,
 * laid out at a fixed width (240..1200 px), with `<title>` and `<desc>` for assistive tech.
 * Every text is measured (see metrics.ts) and cut with a visible ellipsis where it would not
 * fit, so nothing runs out of the image or under the button. Right-to-left languages are
 * drawn mirrored, with `direction="rtl"` so that `text-anchor` keeps its logical meaning.
 */
export function BarSvg({ m, width = DEFAULT_SVG_WIDTH }: { m: BarModel; width?: number }) {
  const paint = new SvgPaint(m.theme, m.accent)
  const lang = (l: string) => langIf(l, m.lang.page)
  const ax = axis(width, m.dir === 'rtl')
  const inner = width - 2 * PAD
  const buttonW = m.donateUrl
    ? Math.min(
        Math.max(84, Math.ceil(textWidth(m.button, SIZE.button, true)) + 2 * BUTTON_PAD),
        Math.floor(inner / 2),
      )
    : 0
  const buttonText = fitText(m.button, SIZE.button, buttonW - 2 * 8, true)
  const compact = m.compact
  let y = PAD
  const rows: unknown[] = []
  const trackFrom = PAD
  let trackW = inner
  // Read when drawn: the compact layout narrows the track before drawing it.
  const track = (): SvgTrack => ({ m, paint, ax, from: trackFrom, width: trackW })
  let buttonY: number
  if (compact) {
    // One line, as the HTML draws it: track, amount, button (or the sentence, without a goal).
    const gap = 10
    const room = inner - (buttonW ? buttonW + gap : 0)
    const amountW = m.hasGoal ? Math.min(textWidth(m.pledged, SIZE.amount, true), room / 3) : room
    trackW = m.hasGoal ? room - amountW - gap : 0
    buttonY = y
    const mid = y + BUTTON_H / 2
    if (m.hasGoal) rows.push(trackRects(track(), mid - TRACK_H / 2))
    rows.push(
      <text
        {...paint.fill('t')}
        x={ax.x(PAD + (m.hasGoal ? trackW + gap : 0))}
        y={mid + SIZE.amount * 0.35}
        font-size={SIZE.amount}
        font-weight="700"
        lang={m.hasGoal ? undefined : lang(m.lang.ui)}
      >
        {fitText(m.hasGoal ? m.pledged : m.sentence, SIZE.amount, amountW, true)}
      </text>,
    )
    y += BUTTON_H
  } else {
    /** A line of text across the bar, cut to its width with an ellipsis. */
    const line = (
      text: string,
      o: { size: number; role: 't' | 'm'; bold?: '600' | '700'; lang?: string },
    ) => (
      <text
        {...paint.fill(o.role)}
        x={ax.x(PAD)}
        y={y}
        font-size={o.size}
        font-weight={o.bold}
        lang={o.lang && lang(o.lang)}
      >
        {fitText(text, o.size, inner, o.bold !== undefined)}
      </text>
    )
    y += SIZE.name
    rows.push(line(m.name, { size: SIZE.name, role: 't', bold: '600', lang: m.lang.name }))
    if (m.tagline) {
      y += SIZE.tagline + 6
      rows.push(line(m.tagline, { size: SIZE.tagline, role: 'm', lang: m.lang.name }))
    }
    if (m.hasGoal) {
      y += SIZE.tick + 10
      rows.push(trackTicks(track(), y))
      y += 8
      rows.push(trackRects(track(), y))
      y += TRACK_H + SIZE.amount + 6
      rows.push(trackAmount(track(), y))
      if (m.markers.length > 0) {
        y += SIZE.tagline + 6
        const legend = m.markers.map((mk) => mk.text).join(' · ')
        // Whole, each label carries its own lang; cut short, it is one line of mixed words.
        rows.push(
          textWidth(legend, SIZE.tagline) <= inner ? (
            <text {...paint.fill('m')} x={ax.x(PAD)} y={y} font-size={SIZE.tagline}>
              {m.markers.map((mk, i) => (
                <>
                  {`${i > 0 ? ' · ' : ''}${mk.amount} `}
                  <tspan lang={lang(mk.wordsLang)}>{mk.words}</tspan>
                </>
              ))}
            </text>
          ) : (
            line(legend, { size: SIZE.tagline, role: 'm' })
          ),
        )
      }
    } else {
      // No goal, no "how far": the amount raised in words instead of an empty track.
      y += SIZE.amount + 12
      rows.push(line(m.sentence, { size: SIZE.amount, role: 't', bold: '700', lang: m.lang.ui }))
    }
    if (m.donors) {
      y += SIZE.tagline + 10
      rows.push(line(m.donors.text, { size: SIZE.tagline, role: 'm', lang: m.lang.ui }))
      y += 5
      const w = Math.max(6, Math.round((inner * m.donors.fill) / 100))
      rows.push(
        <>
          <rect {...paint.fill('k')} x={PAD} y={y} width={inner} height="6" rx="3" />
          {m.donors.fill > 0 && (
            <rect {...paint.fill('a')} x={ax.box(PAD, w)} y={y} width={w} height="6" rx="3" />
          )}
        </>,
      )
      y += 6
    }
    if (m.facts.length > 0) {
      y += SIZE.tagline + 8
      rows.push(line(m.facts.join(' · '), { size: SIZE.tagline, role: 'm', lang: m.lang.ui }))
    }
    y += 10
    buttonY = y
    rows.push(
      <text
        {...paint.fill('m')}
        x={ax.x(PAD)}
        y={y + 20}
        font-size={SIZE.label}
        font-weight="600"
        letter-spacing="0.06em"
        lang={lang(m.lang.label)}
      >
        {fitText(m.label, SIZE.label * 1.06, inner - buttonW - 12, true)}
      </text>,
    )
    y += BUTTON_H
  }
  const height = y + PAD

  const link = m.donateUrl && (
    <a
      href={m.donateUrl}
      target="_blank"
      rel="noopener"
      aria-label={`${m.button}: ${m.name}`}
      lang={lang(m.lang.button)}
    >
      <rect
        {...paint.fill('a')}
        x={ax.box(width - PAD - buttonW, buttonW)}
        y={buttonY}
        width={buttonW}
        height={BUTTON_H}
        rx="8"
      />
      <text
        {...paint.fill('o')}
        x={ax.x(width - PAD - buttonW / 2)}
        y={buttonY + 20}
        font-size={SIZE.button}
        font-weight="600"
        text-anchor="middle"
      >
        {buttonText}
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
      dir={m.dir}
      link={link}
    >
      <desc id="sb-desc" lang={lang(m.lang.ui)}>
        {m.summary}
      </desc>
      <rect {...paint.fill('b')} width={width} height={height} rx="8" />
      {rows}
    </SvgRoot>
  )
}

/**
 * The bar as an SVG string: pure, so the route, the render cache and the PNG rasteriser all
 * draw the same bytes from the same model.
 */
export function renderSvg(m: BarModel, width?: number): string {
  return (<BarSvg m={m} width={width} />).toString()
}
