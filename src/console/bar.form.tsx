import { amountText } from '../domain/amount-input.js'
import { SHOW_ITEMS } from '../domain/bar-settings.js'
import { format } from '../domain/messages/index.js'
import { BarSettingsPatch } from '../routes/admin/bar-settings.schema.js'
import type { CampaignView as Campaign } from '../routes/admin/campaigns.routes.js'
import { PROBLEM, BAR as W } from './catalog.js'
import {
  type Draft,
  type Field,
  invalid,
  issueProblems,
  money,
  Problem,
  type Problems,
  readAmount,
  readAmountLines,
} from './form-kit.js'
import type { SettingsForm } from './settings.pages.js'

const MILESTONES = 5

const draftOf = (camp: Campaign): Draft => {
  const b = camp.bar
  const d: Draft = {
    buttonLabel: b.buttonLabel ?? '',
    tagline: b.tagline ?? '',
    stretchGoals: (b.stretchGoals ?? [])
      .map((g) => amountText(g, camp.currency, camp.locale))
      .join('\n'),
    donorGoal: b.donorGoal === undefined ? '' : String(b.donorGoal),
  }
  for (const item of b.show ?? []) d[`show-${item}`] = 'on'
  for (const [i, m] of (b.milestones ?? []).entries()) {
    d[`m${i}Amount`] = amountText(m.amount, camp.currency, camp.locale)
    d[`m${i}Label`] = m.label
  }
  return d
}

function read(f: Draft, camp: Campaign, problems: Problems) {
  const show = SHOW_ITEMS.filter((i) => f[`show-${i}`] === 'on')
  // Milestone rows left empty are skipped; `rows` maps each milestone back to its row.
  const milestones: { amount: number; label: string }[] = []
  const rows: number[] = []
  for (let i = 0; i < MILESTONES; i++) {
    const amount = readAmount(f, `m${i}Amount`, camp, problems)
    const label = (f[`m${i}Label`] ?? '').trim()
    if (amount === null && !label) continue
    if (amount === null) problems[`m${i}Amount`] = PROBLEM.required
    else if (!label) problems[`m${i}Label`] = PROBLEM.required
    else if (amount !== undefined) {
      milestones.push({ amount, label })
      rows.push(i)
    }
  }
  const stretchGoals = readAmountLines(f, 'stretchGoals', camp, problems)
  const donorText = (f.donorGoal ?? '').trim()
  const donorGoal = donorText === '' ? null : /^\d+$/.test(donorText) ? Number(donorText) : NaN
  if (Number.isNaN(donorGoal)) problems.donorGoal = PROBLEM.wholeNumber
  if (Object.keys(problems).length) return undefined
  const patch = {
    buttonLabel: f.buttonLabel?.trim() || null,
    tagline: f.tagline?.trim() || null,
    show: show.length ? show : null,
    milestones: milestones.length ? milestones : null,
    stretchGoals: stretchGoals?.length ? stretchGoals : null,
    donorGoal,
  }
  const parsed = BarSettingsPatch.safeParse(patch)
  if (!parsed.success) {
    const fieldOf = (path: readonly PropertyKey[]): Field | undefined => {
      const [top, index, sub] = path
      const show = (n: number) => money(camp, n)
      if (top === 'milestones' && typeof index === 'number') {
        const row = rows[index] ?? 0
        return sub === 'label' ? { name: `m${row}Label` } : { name: `m${row}Amount`, show }
      }
      if (top === 'stretchGoals') return { name: 'stretchGoals', show }
      return typeof top === 'string' ? { name: top } : undefined
    }
    issueProblems(parsed.error.issues, fieldOf, problems)
    return undefined
  }
  return { bar: parsed.data }
}

function Fields({ d, problems }: { camp: Campaign; d: Draft; problems: Problems }) {
  const p = (name: string) => <Problem name={name} problems={problems} />
  const input = (name: string, label: string, hint?: string, mode?: 'decimal' | 'numeric') => (
    <label>
      {label} {hint && <small>{hint}</small>}
      <input name={name} value={d[name]} inputmode={mode} {...invalid(name, problems)} />
      {p(name)}
    </label>
  )
  return (
    <>
      {input('buttonLabel', W.buttonLabel, W.buttonLabelHint)}
      {input('tagline', W.tagline, W.taglineHint)}
      <fieldset>
        <legend>{W.show}</legend>
        {SHOW_ITEMS.map((item) => (
          <label class="check">
            <input
              type="checkbox"
              name={`show-${item}`}
              value="on"
              checked={d[`show-${item}`] === 'on'}
            />
            {W[item]}
          </label>
        ))}
        {p('show')}
      </fieldset>
      <fieldset>
        <legend>{W.milestones}</legend>
        <p class="hint">{W.milestonesHint}</p>
        {Array.from({ length: MILESTONES }, (_, i) => (
          <div class="row">
            {input(`m${i}Amount`, format(W.milestoneAmount, { n: i + 1 }), undefined, 'decimal')}
            {input(`m${i}Label`, format(W.milestoneLabel, { n: i + 1 }))}
          </div>
        ))}
        {p('milestones')}
      </fieldset>
      <label>
        {W.stretchGoals} <small>{W.stretchGoalsHint}</small>
        <textarea name="stretchGoals" rows={4} {...invalid('stretchGoals', problems)}>
          {d.stretchGoals}
        </textarea>
        {p('stretchGoals')}
      </label>
      {input('donorGoal', W.donorGoal, W.donorGoalHint, 'numeric')}
    </>
  )
}

export const barForm: SettingsForm = { path: 'bar', words: W, done: 'bar', draftOf, Fields, read }
