import { amountText } from '../domain/amount-input.js'
import { format } from '../domain/messages/index.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { PageContentPatch } from '../routes/admin/page-content.schema.js'
import { PROBLEM, PAGE as W } from './catalog.js'
import {
  type Draft,
  type Field,
  invalid,
  issueProblems,
  Problem,
  type Problems,
  readAmount,
} from './form-kit.js'
import type { SettingsForm } from './settings.pages.js'

/** Rows of impact lines: the API takes at most 12. */
const IMPACT_ROWS = 12

/** The impact lines as rows: the ones set, then each preset amount still without a line. */
const draftOf = (camp: Campaign): Draft => {
  const d: Draft = {
    appeal: camp.page.appeal ?? '',
    privacyUrl: camp.page.privacyUrl ?? '',
    contactUrl: camp.page.contactUrl ?? '',
  }
  const impact = camp.page.impact ?? {}
  const amounts = [
    ...Object.keys(impact).map(Number),
    ...camp.checkout.presets.filter((p) => !Object.hasOwn(impact, String(p))),
  ]
  for (const [i, minor] of amounts.slice(0, IMPACT_ROWS).entries()) {
    d[`i${i}Amount`] = amountText(minor, camp.currency, camp.locale)
    d[`i${i}Text`] = impact[String(minor)] ?? ''
  }
  return d
}

function read(f: Draft, camp: Campaign, problems: Problems) {
  const impact: Record<string, string> = {}
  const rowOf = new Map<string, number>()
  for (let i = 0; i < IMPACT_ROWS; i++) {
    const amount = readAmount(f, `i${i}Amount`, camp, problems)
    const text = (f[`i${i}Text`] ?? '').trim()
    // A row with an amount but no words is a preset without a line: nothing to keep.
    if (!text) continue
    if (amount === null) problems[`i${i}Amount`] = PROBLEM.required
    else if (amount !== undefined) {
      impact[String(amount)] = text
      rowOf.set(String(amount), i)
    }
  }
  if (Object.keys(problems).length) return undefined
  const patch = {
    appeal: f.appeal?.trim() || null,
    impact: Object.keys(impact).length ? impact : null,
    privacyUrl: f.privacyUrl?.trim() || null,
    contactUrl: f.contactUrl?.trim() || null,
  }
  const parsed = PageContentPatch.safeParse(patch)
  if (!parsed.success) {
    const fieldOf = (path: readonly PropertyKey[]): Field | undefined => {
      const [top, key] = path
      if (top === 'impact' && typeof key === 'string') {
        return { name: `i${rowOf.get(key) ?? 0}Text` }
      }
      return typeof top === 'string' ? { name: top } : undefined
    }
    issueProblems(parsed.error.issues, fieldOf, problems)
    return undefined
  }
  return { page: parsed.data }
}

function Fields({ d, problems }: { camp: Campaign; d: Draft; problems: Problems }) {
  // The rows in use and two empty ones (at least three), up to the API's twelve.
  let used = 0
  for (let i = 0; i < IMPACT_ROWS; i++) if (d[`i${i}Amount`] || d[`i${i}Text`]) used = i + 1
  const rows = Math.min(IMPACT_ROWS, Math.max(3, used + 2))
  const p = (name: string) => <Problem name={name} problems={problems} />
  const input = (name: string, label: string, hint?: string, type?: 'url') => (
    <label>
      {label} {hint && <small>{hint}</small>}
      <input
        name={name}
        value={d[name]}
        type={type}
        inputmode={name.endsWith('Amount') ? 'decimal' : undefined}
        {...invalid(name, problems)}
      />
      {p(name)}
    </label>
  )
  return (
    <>
      <label>
        {W.appeal} <small>{W.appealHint}</small>
        <textarea name="appeal" rows={6} maxlength={2000} {...invalid('appeal', problems)}>
          {d.appeal}
        </textarea>
        {p('appeal')}
      </label>
      <fieldset>
        <legend>{W.impact}</legend>
        <p class="hint">{W.impactHint}</p>
        {Array.from({ length: rows }, (_, i) => (
          <div class="row">
            {input(`i${i}Amount`, format(W.impactAmount, { n: i + 1 }))}
            {input(`i${i}Text`, format(W.impactText, { n: i + 1 }))}
          </div>
        ))}
        {p('impact')}
      </fieldset>
      {input('privacyUrl', W.privacyUrl, W.urlHint, 'url')}
      {input('contactUrl', W.contactUrl, W.urlHint, 'url')}
    </>
  )
}

export const contentForm: SettingsForm = {
  path: 'page',
  words: W,
  done: 'page',
  draftOf,
  Fields,
  read,
}
