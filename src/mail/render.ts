import { html } from 'hono/html'
import { catalogLanguage, format, RTL } from '../domain/messages/index.js'
import { formatMoney } from '../domain/money.js'
import { MAIL_WORDS } from './words.js'

/** An e-mail ready for a transport: the same words as text and as HTML. */
export interface Message {
  subject: string
  text: string
  html: string
}

/** What a thank-you says: all of it from the ledger and the campaign, nothing from the donor. */
export interface ThanksFacts {
  campaignName: string
  locale: string
  timezone: string
  amount: number
  currency: string
  /** ISO time of the payment. */
  occurredAt: string
  receipt: string
  /** The page where a recurring gift is managed; null for a one-off gift. */
  manageUrl: string | null
}

const page = (locale: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="${locale}" dir="${RTL.has(catalogLanguage(locale)) ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em">${body}</body>
</html>`

/** A receipt number for a payment: its month and part of its ledger entry's id (stable). */
export function receiptNumber(entryId: string, occurredAt: string): string {
  return `SB-${occurredAt.slice(0, 7).replace('-', '')}-${entryId.replace(/-/g, '').slice(-8).toUpperCase()}`
}

/** The thank-you for one payment, in the campaign's language (pure). */
export function thanksMessage(f: ThanksFacts): Message {
  const w = MAIL_WORDS[catalogLanguage(f.locale)]
  const vars = { campaign: f.campaignName }
  const amount = formatMoney(f.amount, f.currency, { locale: f.locale })
  const date = new Intl.DateTimeFormat(f.locale, {
    dateStyle: 'long',
    timeZone: f.timezone,
  }).format(new Date(f.occurredAt))
  const rows: [string, string][] = [
    [w.amount, amount],
    [w.date, date],
    [w.campaign, f.campaignName],
    [w.receipt, f.receipt],
  ]
  const text = [
    w.heading,
    '',
    format(w.intro, vars),
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    ...(f.manageUrl ? ['', w.recurring, f.manageUrl] : []),
    '',
    format(w.closing, vars),
    '',
  ].join('\n')
  const body = html`<h1 style="font-size:1.4em">${w.heading}</h1>
<p>${format(w.intro, vars)}</p>
<table role="presentation" style="border-collapse:collapse">${rows.map(
    ([k, v]) =>
      html`<tr><th scope="row" style="text-align:start;padding:.2em 1em .2em 0">${k}</th><td>${v}</td></tr>`,
  )}</table>
${f.manageUrl ? html`<p>${w.recurring} <a href="${f.manageUrl}">${w.manageLink}</a></p>` : ''}
<p>${format(w.closing, vars)}</p>`
  return {
    subject: format(w.subject, vars),
    text,
    html: page(f.locale, body).toString(),
  }
}

/** The e-mail carrying signed links to the customer portal, one per customer found (pure). */
export function manageMessage(f: {
  campaignName: string
  locale: string
  /** `detail` says which gifts a link manages, when there are several links. */
  links: { url: string; detail?: string | undefined }[]
}): Message {
  const w = MAIL_WORDS[catalogLanguage(f.locale)]
  const vars = { campaign: f.campaignName }
  const label = (l: { detail?: string | undefined }) =>
    l.detail ? `${w.manageButton} (${l.detail})` : w.manageButton
  const text = [
    format(w.manageIntro, vars),
    '',
    ...f.links.map((l) => `${label(l)}: ${l.url}`),
    '',
    w.manageExpiry,
    w.manageIgnore,
    '',
  ].join('\n')
  const body = html`<p>${format(w.manageIntro, vars)}</p>
${f.links.map((l) => html`<p><a href="${l.url}">${label(l)}</a></p>`)}
<p>${w.manageExpiry} ${w.manageIgnore}</p>`
  return {
    subject: format(w.manageSubject, vars),
    text,
    html: page(f.locale, body).toString(),
  }
}
