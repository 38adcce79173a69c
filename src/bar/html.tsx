import { raw } from 'hono/html'
import { BAR_CSS, PAGE_CSS } from './css.js'
import { type BarModel, langIf } from './model.js'
import { themeCss } from './theme.js'

/** The bar itself: the markup that the iframe page serves and the web component mirrors. */
export function Bar({ m }: { m: BarModel }) {
  const lang = (l: string) => langIf(l, m.lang.page)
  return (
    <div
      class={m.compact ? 'sb sb-compact' : 'sb'}
      lang={m.lang.page}
      data-state={m.over ? 'over' : m.hasGoal ? 'goal' : 'no-goal'}
    >
      <p class="sb-name" title={m.name} lang={lang(m.lang.name)}>
        {m.name}
      </p>
      <div class="sb-bar">
        <div class="sb-ticks" aria-hidden="true">
          {m.ticks.map((t) => (
            <span class="sb-tick" style={`--at:${t.position}%`}>
              {t.text}
            </span>
          ))}
        </div>
        <div
          class="sb-track"
          role="progressbar"
          lang={lang(m.lang.ui)}
          aria-label={`${m.name}, ${m.label}`}
          aria-valuemin={m.aria.min}
          aria-valuemax={m.aria.max}
          aria-valuenow={m.aria.now}
          aria-valuetext={m.aria.text}
        >
          <div class="sb-fill" style={`--at:${m.fill}%`} />
          {m.hasGoal ? <span class="sb-mark" /> : null}
        </div>
      </div>
      <div class="sb-amount" aria-hidden="true">
        <span style={`--at:${m.fill}%`}>
          {m.pledged}
          {m.percent !== null && <span class="sb-pct">{m.percent}</span>}
        </span>
      </div>
      <div class="sb-foot">
        <span class="sb-label" lang={lang(m.lang.label)}>
          {m.label}
        </span>
        {m.donateUrl && (
          <a
            class="sb-button"
            href={m.donateUrl}
            target="_blank"
            rel="noopener noreferrer"
            lang={lang(m.lang.ui)}
          >
            {m.button}
          </a>
        )}
      </div>
    </div>
  )
}

function Page({
  title,
  lang,
  theme,
  accent,
  children,
}: {
  title: string
  lang: string
  theme: BarModel['theme']
  accent: string | undefined
  children: unknown
}) {
  // Only validated hex colours and our own constants reach the stylesheet.
  const css = themeCss(':root', theme, accent) + PAGE_CSS + BAR_CSS
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        {theme === 'auto' && <meta name="color-scheme" content="light dark" />}
        <title>{title}</title>
        <style>{raw(css)}</style>
      </head>
      <body>{children}</body>
    </html>
  )
}

/** The iframe page: the bar, no JavaScript. */
export function renderEmbedPage(m: BarModel, lang: string): string {
  const page = (
    <Page title={`${m.name} – ${m.label}`} lang={lang} theme={m.theme} accent={m.accent}>
      <Bar m={m} />
    </Page>
  )
  return `<!doctype html>${page.toString()}`
}

/** The 404 view of an embed: a readable sentence in the frame instead of a broken bar. */
export function renderEmbedNotFound(message: string, theme: BarModel['theme']): string {
  const page = (
    <Page title="Campaign not found" lang="en" theme={theme} accent={undefined}>
      <div class="sb" role="status">
        <p class="sb-note">{message}</p>
      </div>
    </Page>
  )
  return `<!doctype html>${page.toString()}`
}
