import { amountText, parseAmount } from '../domain/amount-input.js'
import { type CheckoutIssue, checkoutIssues, INTERVALS, minimumCharge } from '../domain/checkout.js'
import { format } from '../domain/messages/index.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { CheckoutSettingsPatch, mergedCheckout } from '../routes/admin/checkout-settings.schema.js'
import { PROBLEM, CHECKOUT as W } from './catalog.js'
import {
  type Draft,
  type Field,
  invalid,
  issueProblems,
  type Money,
  money,
  Problem,
  type Problems,
  readAmount,
  readAmountLines,
} from './form-kit.js'
import type { SettingsForm } from './settings.pages.js'

const text = (minor: number, c: Money) => amountText(minor, c.currency, c.locale)
/** A rate in basis points as a percentage written in the campaign's locale (290 -> 2.9). */
const percent = (bps: number, c: Money) =>
  new Intl.NumberFormat(c.locale, { maximumFractionDigits: 2 }).format(bps / 100)

const draftOf = (camp: Campaign): Draft => {
  const s = camp.checkout
  return {
    enabled: s.enabled ? 'on' : '',
    presets: s.presets.map((p) => text(p, camp)).join('\n'),
    presetsMonth: (s.presetsByInterval.month ?? []).map((p) => text(p, camp)).join('\n'),
    presetsYear: (s.presetsByInterval.year ?? []).map((p) => text(p, camp)).join('\n'),
    min: text(s.min, camp),
    max: text(s.max, camp),
    allowMonthly: s.allowMonthly ? 'on' : '',
    allowYearly: s.allowYearly ? 'on' : '',
    defaultInterval: s.defaultInterval,
    feeCover: s.feeCover.enabled ? 'on' : '',
    feeRate: percent(s.feeCover.rateBps, camp),
    feeFixed: text(s.feeCover.fixed, camp),
  }
}

/** The form fields a schema path is about. */
function fieldOf(camp: Campaign) {
  const amount = (name: string): Field => ({ name, show: (n) => money(camp, n) })
  return (path: readonly PropertyKey[]): Field | undefined => {
    const [top, sub] = path
    if (top === 'presets' || top === 'min' || top === 'max') return amount(top)
    if (top === 'presetsByInterval' && (sub === 'month' || sub === 'year')) {
      return amount(sub === 'month' ? 'presetsMonth' : 'presetsYear')
    }
    if (top === 'feeCover' && sub === 'rateBps') {
      return { name: 'feeRate', show: (n) => `${percent(n, camp)} %` }
    }
    if (top === 'feeCover' && sub === 'fixed') return amount('feeFixed')
    return typeof top === 'string' ? { name: top } : undefined
  }
}

/** The words of a cross-field problem (a preset outside the bounds, a minimum under Stripe's). */
function issueWords(i: CheckoutIssue, camp: Campaign): string {
  switch (i.code) {
    case 'under_minimum_charge':
      return format(PROBLEM.minimumCharge, { v: money(camp, i.limit) })
    case 'over_maximum':
      return format(PROBLEM.overMaximum, { v: money(camp, i.limit) })
    case 'under_min':
      return PROBLEM.maxUnderMin
    case 'outside_bounds':
      return format(PROBLEM.outside, { values: i.values.map((v) => money(camp, v)).join(', ') })
    case 'not_allowed':
      return PROBLEM.intervalNotAllowed
  }
}

function read(f: Draft, camp: Campaign, problems: Problems) {
  const presets = readAmountLines(f, 'presets', camp, problems)
  // An empty list: the interval offers the amounts above (null in the API).
  const own = (name: string) => {
    const v = readAmountLines(f, name, camp, problems)
    return v?.length ? v : null
  }
  const presetsByInterval = { month: own('presetsMonth'), year: own('presetsYear') }
  const min = readAmount(f, 'min', camp, problems)
  const max = readAmount(f, 'max', camp, problems)
  const fixed = readAmount(f, 'feeFixed', camp, problems)
  if (min === null) problems.min = PROBLEM.required
  if (max === null) problems.max = PROBLEM.required
  const rate = parseAmount((f.feeRate ?? '').trim() || '0', 'USD', camp.locale)
  if (!rate.ok) problems.feeRate = PROBLEM.rate
  if (Object.keys(problems).length) return undefined
  const patch = {
    enabled: f.enabled === 'on',
    presets,
    presetsByInterval,
    min,
    max,
    allowMonthly: f.allowMonthly === 'on',
    allowYearly: f.allowYearly === 'on',
    defaultInterval: f.defaultInterval,
    feeCover: {
      enabled: f.feeCover === 'on',
      rateBps: rate.ok ? rate.minor : 0,
      fixed: fixed ?? 0,
    },
  }
  const parsed = CheckoutSettingsPatch.safeParse(patch)
  if (!parsed.success) {
    issueProblems(parsed.error.issues, fieldOf(camp), problems)
    return undefined
  }
  const next = mergedCheckout(camp.currency, camp.checkout, parsed.data)
  for (const issue of checkoutIssues(next, camp.currency)) {
    const name =
      issue.field !== 'presetsByInterval'
        ? issue.field
        : issue.interval === 'year'
          ? 'presetsYear'
          : 'presetsMonth'
    problems[name] ??= issueWords(issue, camp)
  }
  return Object.keys(problems).length ? undefined : { checkout: parsed.data }
}

function Fields({ camp, d, problems }: { camp: Campaign; d: Draft; problems: Problems }) {
  const p = (name: string) => <Problem name={name} problems={problems} />
  const check = (name: string, label: string) => (
    <label class="check">
      <input type="checkbox" name={name} value="on" checked={d[name] === 'on'} />
      {label}
    </label>
  )
  const amount = (name: 'min' | 'max' | 'feeFixed', label: string, hint?: string) => (
    <label>
      {label} {hint && <small>{hint}</small>}
      <input name={name} value={d[name]} inputmode="decimal" {...invalid(name, problems)} />
      {p(name)}
    </label>
  )
  const lines = (name: 'presetsMonth' | 'presetsYear', label: string) => (
    <label>
      {label} <small>{W.presetsIntervalHint}</small>
      <textarea name={name} rows={4} {...invalid(name, problems)}>
        {d[name]}
      </textarea>
      {p(name)}
    </label>
  )
  return (
    <>
      {check('enabled', W.enabled)}
      <label>
        {W.presets} <small>{W.presetsHint}</small>
        <textarea name="presets" rows={6} {...invalid('presets', problems)}>
          {d.presets}
        </textarea>
        {p('presets')}
      </label>
      {lines('presetsMonth', W.presetsMonth)}
      {lines('presetsYear', W.presetsYear)}
      {amount('min', W.min, format(W.minHint, { v: money(camp, minimumCharge(camp.currency)) }))}
      {amount('max', W.max)}
      {check('allowMonthly', W.allowMonthly)}
      {check('allowYearly', W.allowYearly)}
      <label>
        {W.defaultInterval}
        <select name="defaultInterval" {...invalid('defaultInterval', problems)}>
          {INTERVALS.map((i) => (
            <option value={i} selected={d.defaultInterval === i}>
              {W[i]}
            </option>
          ))}
        </select>
        {p('defaultInterval')}
      </label>
      <fieldset>
        <legend>{W.feeCover}</legend>
        <p class="hint">{W.feeHint}</p>
        {check('feeCover', W.feeCover)}
        <label>
          {W.feeRate} <small>{W.feeRateHint}</small>
          <input
            name="feeRate"
            value={d.feeRate}
            inputmode="decimal"
            {...invalid('feeRate', problems)}
          />
          {p('feeRate')}
        </label>
        {amount('feeFixed', W.feeFixed)}
      </fieldset>
    </>
  )
}

export const checkoutForm: SettingsForm = {
  path: 'checkout',
  words: W,
  done: 'checkout',
  draftOf,
  Fields,
  read,
}
