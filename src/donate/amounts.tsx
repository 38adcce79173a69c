import { amountText } from '../domain/amount-input.js'
import { type Interval, withFeeCovered } from '../domain/checkout.js'
import { type DonateKey, donateText } from '../domain/messages/donate.js'
import { currencyExponent, formatMoney } from '../domain/money.js'
import type { DonateView } from './page.js'

/** The word of each interval on the page. */
export const INTERVAL_WORDS: Record<Interval, DonateKey> = {
  once: 'once',
  month: 'monthly',
  year: 'yearly',
}

/**
 * Shows only the chosen interval's amounts, without script: the interval radios carry ids
 * (`db-i-<interval>`), and a browser without `:has()` shows every group, each with its legend.
 */
export const AMOUNTS_CSS = (['once', 'month', 'year'] as const)
  .map((i) => `form:has(#db-i-${i}:checked) .db-for:not(.db-for-${i}){display:none}`)
  .join('')

/** Form field names of an amount group: per interval when the page has one group each. */
export const amountField = (interval?: Interval) => (interval ? `amount.${interval}` : 'amount')
export const customField = (interval?: Interval) => (interval ? `custom.${interval}` : 'custom')

/**
 * One group of amounts: the presets (with their impact line and fee-covered total) and another
 * amount. With `interval`, the group is that interval's (its own field names and legend).
 */
export function Amounts(props: {
  v: DonateView
  presets: readonly number[]
  interval?: Interval
  /** The amount radio to check (a preset's minor units or 'other'); the second preset if none. */
  chosen: string | undefined
  custom: string | undefined
}) {
  const { v, presets, interval } = props
  const t = (key: DonateKey, vars?: Record<string, string>) => donateText(v.locale, key, vars)
  const money = (minor: number) =>
    formatMoney(minor, v.currency, { locale: v.locale, display: v.options.currencyDisplay })
  const fc = v.settings.feeCover
  const chosen = props.chosen ?? String(presets[Math.min(1, presets.length - 1)])
  const step = (1 / 10 ** currencyExponent(v.currency)).toString()
  const legend = interval ? `${t('amount')} (${t(INTERVAL_WORDS[interval])})` : t('amount')
  return (
    <fieldset class={interval ? `db-for db-for-${interval}` : undefined}>
      <legend>{legend}</legend>
      {presets.map((p) => (
        <label class="db-choice">
          <input
            type="radio"
            name={amountField(interval)}
            value={String(p)}
            checked={chosen === String(p)}
          />
          <span>
            <bdi>{money(p)}</bdi>
            {v.page?.impact?.[String(p)] && (
              <small class="db-fee" dir="auto">
                {v.page.impact[String(p)]}
              </small>
            )}
            {fc.enabled && (
              <small class="db-fee">{t('withFee', { total: money(withFeeCovered(p, fc)) })}</small>
            )}
          </span>
        </label>
      ))}
      {/* One control a label: the radio's label, and the text field named by aria-label. */}
      <span class="db-choice db-other">
        <label>
          <input
            type="radio"
            name={amountField(interval)}
            value="other"
            checked={chosen === 'other'}
          />{' '}
          {t('other')}
        </label>
        <input
          type="text"
          name={customField(interval)}
          inputmode="decimal"
          autocomplete="off"
          size={8}
          value={props.custom ?? ''}
          placeholder={amountText(v.settings.min, v.currency, v.locale)}
          aria-label={`${t('other')} (${v.currency}, ${step})`}
        />
      </span>
    </fieldset>
  )
}
