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
      dir={m.dir}
      data-state={m.over ? 'over' : m.hasGoal ? 'goal' : 'no-goal'}
    >
      <p class="sb-name" title={m.name} lang={lang(m.lang.name)} dir="auto">
        {m.name}
      </p>
      {m.tagline && (
        <p class="sb-tagline" lang={lang(m.lang.name)} dir="auto">
          {m.tagline}
        </p>
      )}
      {m.hasGoal ? (
        <>
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
              <span class="sb-mark" />
              {m.markers.map((mk) => (
                <span class="sb-marker" style={`--at:${mk.position}%`} />
              ))}
            </div>
          </div>
          <div class="sb-amount" aria-hidden="true">
            <span style={`--at:${m.fill}%`}>
              <bdi>{m.pledged}</bdi>
              {m.percent !== null && <span class="sb-pct">{m.percent}</span>}
            </span>
          </div>
        </>
      ) : (
        // No goal, no "how far": the amount raised in words instead of an empty track.
        <p class="sb-raised" lang={lang(m.lang.ui)}>
          {m.sentence}
        </p>
      )}
      {m.markers.length > 0 && (
        <p class="sb-marks">
          {m.markers.map((mk) => (
            <span>
              <bdi>{mk.amount}</bdi> <bdi lang={lang(mk.wordsLang)}>{mk.words}</bdi>
            </span>
          ))}
        </p>
      )}
      {m.donors && (
        <div class="sb-donors" lang={lang(m.lang.ui)}>
          <span class="sb-donors-text" aria-hidden="true">
            {m.donors.text}
          </span>
          <div
            class="sb-track sb-thin"
            role="progressbar"
            aria-label={m.donors.text}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={m.donors.fill}
            aria-valuetext={m.donors.text}
          >
            <div class="sb-fill" style={`--at:${m.donors.fill}%`} />
          </div>
        </div>
      )}
      {m.facts.length > 0 && (
        <p class="sb-facts" lang={lang(m.lang.ui)}>
          {m.facts.map((f) => (
            <span>{f}</span>
          ))}
        </p>
      )}
      <div class="sb-foot">
        <span class="sb-label" lang={lang(m.lang.label)} dir="auto">
          {m.label}
        </span>
        {m.donateUrl && (
          <a
            class="sb-button"
            href={m.donateUrl}
            target="_blank"
            rel="noopener noreferrer"
            lang={lang(m.lang.button)}
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
  preview,
  children,
}: {
  title: string
  lang: string
  theme: BarModel['theme']
  accent: string | undefined
  /** The bar as a PNG (absolute URL) and its text, for link previews (Open Graph, Twitter). */
  preview?: { image: string; alt: string } | undefined
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
        {preview && <PreviewMeta title={title} {...preview} />}
        <style>{raw(css)}</style>
      </head>
      <body>{children}</body>
    </html>
  )
}

/** Open Graph and Twitter card tags: a shared link shows the bar as an image. */
function PreviewMeta(p: { title: string; image: string; alt: string }) {
  return (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:title" content={p.title} />
      <meta property="og:image" content={p.image} />
      <meta property="og:image:type" content="image/png" />
      <meta property="og:image:alt" content={p.alt} />
      <meta name="twitter:card" content="summary_large_image" />
      <meta name="twitter:image" content={p.image} />
      <meta name="twitter:image:alt" content={p.alt} />
    </>
  )
}

/** The iframe page: the bar, no JavaScript; `image` is the bar's PNG URL for link previews. */
export function renderEmbedPage(m: BarModel, lang: string, image?: string): string {
  const preview = image ? { image, alt: m.summary } : undefined
  const page = (
    <Page
      title={`${m.name} – ${m.label}`}
      lang={lang}
      theme={m.theme}
      accent={m.accent}
      preview={preview}
    >
      <Bar m={m} />
    </Page>
  )
  return `<!doctype html>${page.toString()}`
}

/**
 * The error view of an embed (unknown or ended campaign, bad option): a readable sentence in
 * the frame, in the reader's language where we have one, instead of a broken bar.
 */
export function renderEmbedNotFound(
  message: string,
  theme: BarModel['theme'],
  lang = 'en',
  accent?: string,
): string {
  const page = (
    <Page title={message} lang={lang} theme={theme} accent={accent}>
      <div class="sb" role="status">
        <p class="sb-note">{message}</p>
      </div>
    </Page>
  )
  return `<!doctype html>${page.toString()}`
}
