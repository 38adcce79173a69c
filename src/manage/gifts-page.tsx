import { amountText } from '../domain/amount-input.js'
import { type CheckoutSettings, presetsFor } from '../domain/checkout.js'
import { afterGiftText } from '../domain/messages/after-gift.js'
import { donateText } from '../domain/messages/donate.js'
import { type GiftsKey, giftsText } from '../domain/messages/manage.js'
import { formatMoney } from '../domain/money.js'
import { Document } from '../donate/page.js'
import type { ManagedGift } from '../stripe/gifts.js'
import type { ManageView } from './page.js'

/** The page a manage link opens: the donor's gifts, each with a form for a new amount. */
export interface GiftsView extends ManageView {
  /** The link's token: every form and the portal link carry it. */
  token: string
  gifts: ManagedGift[]
  settings: Pick<CheckoutSettings, 'presets' | 'presetsByInterval' | 'min'>
  /** What the donor typed, kept in the field of the gift it was for after a refusal. */
  typed?: { id: string; choice: string; custom: string }
}

/** A page's display query added to a URL that has a query of its own. */
const withQuery = (url: string, query: string) => (query ? `${url}&${query.slice(1)}` : url)

/**
 * The donor's active monthly and yearly gifts to the campaign: each with its amount, a form to
 * change it (the interval's presets or another amount), and the way to Stripe's page for the
 * card or stopping a gift. No JavaScript; the page's language and direction.
 */
export function renderGiftsPage(v: GiftsView, dir: 'ltr' | 'rtl'): string {
  const g = (key: GiftsKey, vars?: Record<string, string>) => giftsText(v.locale, key, vars)
  const money = (minor: number, currency: string) =>
    formatMoney(minor, currency.toUpperCase(), { locale: v.locale })
  const title = afterGiftText(v.locale, 'manageTitle', { name: v.name })
  const slug = encodeURIComponent(v.slug)
  const action = `/manage/${slug}/gifts${v.query}`
  const portal = withQuery(`/manage/${slug}/portal?token=${encodeURIComponent(v.token)}`, v.query)
  const page = (
    <Document
      lang={v.locale}
      dir={dir}
      title={title}
      theme={v.options.theme}
      accent={v.options.accent}
      image={null}
    >
      <h1 dir="auto">{title}</h1>
      {v.message?.kind === 'error' && (
        <p class="db-error" role="alert">
          {v.message.text}
        </p>
      )}
      {v.message?.kind === 'done' && (
        <p class="db-done" role="status">
          {v.message.text}
        </p>
      )}
      <p>
        {v.gifts.length > 0 ? g('giftsIntro', { name: v.name }) : g('noGifts', { name: v.name })}
      </p>
      {v.gifts.map((gift) => {
        const presets = presetsFor(v.settings, gift.interval)
        const typed = v.typed?.id === gift.id ? v.typed : undefined
        const chosen = typed?.choice ?? (presets.includes(gift.amount) ? String(gift.amount) : '')
        const now = afterGiftText(v.locale, gift.interval === 'month' ? 'gaveMonth' : 'gaveYear', {
          amount: money(gift.amount, gift.currency),
          name: v.name,
        })
        return (
          <form method="post" action={action} aria-label={now}>
            <p>
              <strong>{now}</strong>
            </p>
            <input type="hidden" name="token" value={v.token} />
            <input type="hidden" name="subscription" value={gift.id} />
            <fieldset>
              <legend>{g('newAmount')}</legend>
              {presets.map((p) => (
                <label class="db-choice">
                  <input
                    type="radio"
                    name="amount"
                    value={String(p)}
                    checked={chosen === String(p)}
                  />
                  <bdi>{money(p, gift.currency)}</bdi>
                </label>
              ))}
              <span class="db-choice db-other">
                <label>
                  <input type="radio" name="amount" value="other" checked={chosen === 'other'} />{' '}
                  {donateText(v.locale, 'other')}
                </label>
                <input
                  type="text"
                  name="custom"
                  inputmode="decimal"
                  autocomplete="off"
                  size={8}
                  value={typed?.custom ?? ''}
                  placeholder={amountText(v.settings.min, gift.currency.toUpperCase(), v.locale)}
                  aria-label={`${donateText(v.locale, 'other')} (${gift.currency.toUpperCase()})`}
                />
              </span>
            </fieldset>
            <button class="db-give" type="submit">
              {g('change')}
            </button>
            <p class="db-note">{g('changeNote')}</p>
          </form>
        )
      })}
      <p>
        <a href={portal}>{g('cardOrStop')}</a> <span class="db-note">{g('cardOrStopNote')}</span>
      </p>
      <p>
        <a href={`/donate/${slug}${v.query}`}>{donateText(v.locale, 'back')}</a>
      </p>
    </Document>
  )
  return `<!doctype html>${page.toString()}`
}
