import { Bar } from '../bar/html.js'
import type { Interval } from '../domain/checkout.js'
import { type AfterGiftKey, afterGiftText } from '../domain/messages/after-gift.js'
import { type DonateKey, donateText } from '../domain/messages/donate.js'
import { formatMoney } from '../domain/money.js'
import type { SessionGift } from '../stripe/checkout-read.js'
import { Document, type DonateView } from './page.js'

/** What the thank-you page shows: the gift read from its Checkout Session, or why not. */
export type ThanksOutcome =
  | {
      kind: 'gift'
      gift: SessionGift
      manageUrl: string | null
      /** Who confirms the payment, as the page names it (default Stripe). */
      via?: 'Stripe' | 'PayPal'
    }
  | { kind: 'error'; key: Extract<AfterGiftKey, 'notFound' | 'unpaid' | 'lookupFailed'> }

export type ThanksView = Pick<
  DonateView,
  'slug' | 'name' | 'locale' | 'bar' | 'options' | 'query' | 'image' | 'logo'
> & {
  outcome: ThanksOutcome
}

const GAVE: Record<Interval, AfterGiftKey> = {
  once: 'gaveOnce',
  month: 'gaveMonth',
  year: 'gaveYear',
}

/**
 * The thank-you page: what was given, how often and to whom (all from the Checkout Session,
 * read on the server), the live bar without a Support button (the web component over the
 * static bar), and for a monthly or yearly gift the link to manage it. A session that says no
 * gift of this campaign gets the same page with the reason instead, and no bar of its own.
 */
export function renderThanksPage(v: ThanksView, dir: 'ltr' | 'rtl'): string {
  const t = (key: DonateKey, vars?: Record<string, string>) => donateText(v.locale, key, vars)
  const a = (key: AfterGiftKey, vars?: Record<string, string>) => afterGiftText(v.locale, key, vars)
  const money = (minor: number, currency: string) =>
    formatMoney(minor, currency, { locale: v.locale, display: v.options.currencyDisplay })
  const back = `/donate/${encodeURIComponent(v.slug)}${v.query}`
  const o = v.outcome
  if (o.kind === 'error') {
    const page = (
      <Document
        lang={v.locale}
        dir={dir}
        title={v.name}
        theme={v.options.theme}
        accent={v.options.accent}
        image={v.image}
        logo={v.logo}
      >
        {v.bar && <Bar m={{ ...v.bar, donateUrl: null }} />}
        <h1 dir="auto">{v.name}</h1>
        <p class="db-error" role="alert">
          {a(o.key)}
        </p>
        <p>
          <a href={back}>{t('back')}</a>
        </p>
      </Document>
    )
    return `<!doctype html>${page.toString()}`
  }
  const g = o.gift
  const page = (
    <Document
      lang={v.locale}
      dir={dir}
      title={t('thanks')}
      theme={v.options.theme}
      accent={v.options.accent}
      image={v.image}
      logo={v.logo}
      // The widget and its API from this page's own origin (script-src 'self'): whatever name
      // the reader reached the service by, no other origin is involved.
      head={<script src="/widget.js" defer />}
    >
      <h1>{t('thanks')}</h1>
      <p class="db-gift">
        {a(GAVE[g.interval], { amount: money(g.amount, g.currency), name: v.name })}
        {g.cover > 0 && ` ${a('feeCovered', { cover: money(g.cover, g.currency) })}`}
      </p>
      <p>
        {g.pending ? a('pending') : t('thanksText', { name: v.name, provider: o.via ?? 'Stripe' })}
      </p>
      <support-bar
        campaign={v.slug}
        locale={v.locale}
        theme={v.options.theme}
        accent={v.options.accent?.slice(1)}
        button="none"
      >
        {v.bar && <Bar m={{ ...v.bar, donateUrl: null }} />}
      </support-bar>
      {o.manageUrl && (
        <p>
          <a href={o.manageUrl}>{a('manageLink')}</a>
        </p>
      )}
      <p>
        <a href={back}>{t('back')}</a>
      </p>
    </Document>
  )
  return `<!doctype html>${page.toString()}`
}
