import { raw } from 'hono/html'
import { BAR_CSS } from '../bar/css.js'
import { Bar } from '../bar/html.js'
import type { BarModel } from '../bar/model.js'
import type { EmbedOptions } from '../bar/options.js'
import { themeCss } from '../bar/theme.js'
import {
  allowedIntervals,
  type CheckoutSettings,
  type Interval,
  presetsDiffer,
  presetsFor,
} from '../domain/checkout.js'
import type { PageContent } from '../domain/donate-page.js'
import { type DonateKey, donateText } from '../domain/messages/donate.js'
import { formatMoney } from '../domain/money.js'
import { AMOUNTS_CSS, Amounts, INTERVAL_WORDS } from './amounts.js'
import { appealHtml } from './appeal.js'

const DONATE_CSS = [
  'html,body{margin:0;background:var(--sb-bg);color:var(--sb-text)}',
  'body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}',
  'main{max-width:560px;margin:0 auto;padding:16px}',
  'h1{font-size:22px;margin:16px 0 8px}',
  '.db-logo{display:block;max-height:64px;max-width:240px;width:auto;height:auto;margin:8px 0}',
  'form{display:grid;gap:14px;margin-top:12px}',
  'fieldset{border:1px solid var(--sb-track);border-radius:10px;padding:10px 12px;margin:0;display:flex;flex-wrap:wrap;gap:8px}',
  'legend{padding:0 4px;font-weight:600}',
  '.db-choice{display:inline-flex;align-items:center;gap:6px;padding:8px 12px;border:1px solid var(--sb-track);border-radius:8px;cursor:pointer}',
  '.db-choice:has(input:checked){border-color:var(--sb-accent);box-shadow:0 0 0 1px var(--sb-accent)}',
  '.db-other input[type=text]{width:8em;font:inherit;padding:4px 6px;border:1px solid var(--sb-track);border-radius:6px;background:var(--sb-bg);color:var(--sb-text)}',
  '.db-give{justify-self:start;font:inherit;font-weight:600;padding:10px 28px;border:0;border-radius:8px;background:var(--sb-accent);color:var(--sb-on-accent);cursor:pointer}',
  '.db-buttons{display:flex;flex-wrap:wrap;gap:10px}',
  '.db-paypal{background:#ffc439;color:#111}',
  '.db-give:focus-visible,.db-choice:focus-within{outline:2px solid var(--sb-text);outline-offset:2px}',
  '.db-error{margin:12px 0 0;padding:10px 12px;border-radius:8px;border:1px solid #cf222e;color:var(--sb-text)}',
  '.db-note{color:var(--sb-muted);font-size:14px;margin:0}',
  '.db-fee{display:block;color:var(--sb-muted);font-size:13px}',
  '.db-cover{display:flex;gap:8px;align-items:flex-start}',
  '.db-appeal p,.db-appeal ul,.db-appeal ol{margin:0 0 10px}',
  '.db-appeal a,.db-links a{color:inherit}',
  '.db-field{display:grid;gap:6px;justify-items:start}',
  '.db-field input{font:inherit;padding:8px 10px;border:1px solid var(--sb-track);border-radius:6px;background:var(--sb-bg);color:var(--sb-text);width:100%;max-width:24em;box-sizing:border-box}',
  '.db-done{margin:12px 0 0;padding:10px 12px;border-radius:8px;border:1px solid var(--sb-accent)}',
  '.db-links{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:14px;margin:16px 0 0;padding:0;list-style:none}',
  AMOUNTS_CSS,
].join('')

/** What the donate page shows: the campaign, its settings, the reader's last choice, an error. */
export interface DonateView {
  slug: string
  name: string
  currency: string
  /** The display locale of the page (option or campaign's). */
  locale: string
  settings: CheckoutSettings
  /** The campaign's appeal, impact lines and links (none for an unknown campaign). */
  page?: PageContent
  /** The bar on top; null when the campaign cannot be read (unknown slug). */
  bar: BarModel | null
  options: Pick<EmbedOptions, 'theme' | 'accent' | 'currencyDisplay'>
  /** Query string of the display options, kept on the form's action. */
  query: string
  /** og:image, absolute (only with PUBLIC_URL). */
  image: string | null
  /** The campaign's logo (its versioned path), shown at the top; none when null or absent. */
  logo?: string | null
  chosen?: { amount?: string; custom?: string; interval?: Interval; cover?: boolean }
  /** An error for the reader, by code, or a sentence already in words. */
  error?: { key: DonateKey; vars?: Record<string, string> } | { text: string }
  /** Giving is not possible here at all: the form is not drawn. */
  closed?: boolean
  /** A sentence for the site's operator (which setting is missing), in English. */
  note?: string
  /** PayPal takes gifts beside the card (a second button: the same form, posted to PayPal). */
  paypal?: boolean
  /** The card (Stripe Checkout) takes gifts; false when only PayPal does. Default true. */
  card?: boolean
}

/** The pages' HTML document: theme, the page's own CSS and the bar's. */
export function Document(props: {
  lang: string
  dir: 'ltr' | 'rtl'
  title: string
  theme: EmbedOptions['theme']
  accent: string | undefined
  image: string | null
  logo?: string | null | undefined
  head?: unknown
  children: unknown
}) {
  // Only validated hex colours and our own constants reach the stylesheet.
  const css = themeCss(':root', props.theme, props.accent) + DONATE_CSS + BAR_CSS
  return (
    <html lang={props.lang} dir={props.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        {props.theme === 'auto' && <meta name="color-scheme" content="light dark" />}
        <title>{props.title}</title>
        <meta property="og:title" content={props.title} />
        {props.image && <meta property="og:image" content={props.image} />}
        <style>{raw(css)}</style>
        {props.head}
      </head>
      <body>
        <main>
          {props.logo && (
            // Decorative: the campaign's name is the heading right under it.
            <img class="db-logo" src={props.logo} alt="" decoding="async" />
          )}
          {props.children}
        </main>
      </body>
    </html>
  )
}

/** Major-unit text of a preset, formatted for the reader. */
const money = (v: DonateView, minor: number) =>
  formatMoney(minor, v.currency, { locale: v.locale, display: v.options.currencyDisplay })

/** The donate page: the bar, preset amounts, another amount, once or monthly. No JavaScript. */
export function renderDonatePage(v: DonateView, dir: 'ltr' | 'rtl'): string {
  const t = (key: DonateKey, vars?: Record<string, string>) => donateText(v.locale, key, vars)
  const s = v.settings
  const intervals = allowedIntervals(s)
  const interval = v.chosen?.interval ?? s.defaultInterval
  // Amounts of their own for some interval: one group of amounts per interval, the chosen
  // interval's shown (CSS :has, no script; without :has every group shows, each labelled).
  const grouped = presetsDiffer(s) && intervals.length > 1
  const chosenAmount = v.chosen?.amount
  const fc = s.feeCover
  const words = INTERVAL_WORDS
  const rate = new Intl.NumberFormat(v.locale, { style: 'percent', maximumFractionDigits: 2 })
  const errorText =
    v.error &&
    ('text' in v.error
      ? v.error.text
      : t(v.error.key, { min: money(v, s.min), max: money(v, s.max), ...v.error.vars }))
  const title = t('title', { name: v.name })
  const page = (
    <Document
      lang={v.locale}
      dir={dir}
      title={title}
      theme={v.options.theme}
      accent={v.options.accent}
      image={v.image}
      logo={v.logo}
    >
      {v.bar && <Bar m={{ ...v.bar, donateUrl: null }} />}
      <h1 dir="auto">{title}</h1>
      {v.page?.appeal && (
        <div class="db-appeal" dir="auto">
          {raw(appealHtml(v.page.appeal))}
        </div>
      )}
      {errorText && (
        <p class="db-error" role="alert">
          {errorText}
        </p>
      )}
      {v.note && (
        <p class="db-note" lang="en">
          {v.note}
        </p>
      )}
      {!v.closed && (
        <form method="post" action={`/donate/${encodeURIComponent(v.slug)}${v.query}`}>
          {!grouped && (
            <Amounts v={v} presets={s.presets} chosen={chosenAmount} custom={v.chosen?.custom} />
          )}
          {intervals.length > 1 && (
            <fieldset>
              <legend class="db-note">{intervals.map((i) => t(words[i])).join(' / ')}</legend>
              {intervals.map((i) => (
                <label class="db-choice">
                  <input
                    type="radio"
                    name="interval"
                    value={i}
                    id={grouped ? `db-i-${i}` : undefined}
                    checked={interval === i}
                  />
                  {t(words[i])}
                </label>
              ))}
            </fieldset>
          )}
          {grouped &&
            intervals.map((i) => (
              <Amounts
                v={v}
                presets={presetsFor(s, i)}
                interval={i}
                chosen={i === interval ? chosenAmount : undefined}
                custom={i === interval ? v.chosen?.custom : undefined}
              />
            ))}
          {fc.enabled && (
            <label class="db-cover">
              <input type="checkbox" name="cover" value="1" checked={v.chosen?.cover === true} />
              <span>
                {t('coverFee', {
                  rate: rate.format(fc.rateBps / 10_000),
                  fixed: money(v, fc.fixed),
                })}
              </span>
            </label>
          )}
          <div class="db-buttons">
            {v.card !== false && (
              <button class="db-give" type="submit">
                {t('give')}
              </button>
            )}
            {v.paypal && (
              // The same form to PayPal: `formaction`, no script. The brand's name needs no words.
              <button
                class="db-give db-paypal"
                type="submit"
                formaction={`/donate/${encodeURIComponent(v.slug)}/paypal${v.query}`}
              >
                PayPal
              </button>
            )}
          </div>
          {v.card !== false && <p class="db-note">{t('secure')}</p>}
        </form>
      )}
      {(v.page?.privacyUrl || v.page?.contactUrl) && (
        <ul class="db-links">
          {v.page.privacyUrl && (
            <li>
              <a href={v.page.privacyUrl}>{t('privacy')}</a>
            </li>
          )}
          {v.page.contactUrl && (
            <li>
              <a href={v.page.contactUrl}>{t('contact')}</a>
            </li>
          )}
        </ul>
      )}
    </Document>
  )
  return `<!doctype html>${page.toString()}`
}
