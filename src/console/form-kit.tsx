import type { z } from '@hono/zod-openapi'
import type { Child } from 'hono/jsx'
import { amountProblem, parseAmount } from '../domain/amount-input.js'
import { format } from '../domain/messages/index.js'
import { formatMoney } from '../domain/money.js'
import { PROBLEM } from './catalog.js'

/** What was typed in a form, to show it again beside its problems. */
export type Draft = Record<string, string>

/** The problems of a form, by the name of the field each is about, in words. */
export type Problems = Record<string, string>

export interface Money {
  currency: string
  locale: string
}

/** An amount as a person reads it in the campaign's currency and locale. */
export const money = (c: Money, minor: number) =>
  formatMoney(minor, c.currency, { locale: c.locale })

/** An amount field read by the one amount rule; a problem is added under the field's name. */
export function readAmount(
  f: Draft,
  name: string,
  c: Money,
  problems: Problems,
): number | null | undefined {
  const text = (f[name] ?? '').trim()
  if (!text) return null
  const r = parseAmount(text, c.currency, c.locale)
  if (r.ok) return r.minor
  problems[name] = amountProblem(r, c.currency)
  return undefined
}

/** A list of amounts, one a line; each line read by the one amount rule. */
export function readAmountLines(
  f: Draft,
  name: string,
  c: Money,
  problems: Problems,
): number[] | undefined {
  const out: number[] = []
  const lines = (f[name] ?? '').split(/\r?\n/).map((l) => l.trim())
  for (const [i, line] of lines.entries()) {
    if (!line) continue
    const r = parseAmount(line, c.currency, c.locale)
    if (!r.ok) {
      problems[name] = format(PROBLEM.line, { n: i + 1, problem: amountProblem(r, c.currency) })
      return undefined
    }
    out.push(r.minor)
  }
  return out
}

/**
 * A schema's issues in the words of the form: each issue goes to the field `fieldOf` names for
 * its path, and says what is wrong without schema paths, numbers written as the field reads.
 */
export function issueProblems(
  issues: readonly z.core.$ZodIssue[],
  fieldOf: (path: readonly PropertyKey[]) => Field | undefined,
  problems: Problems,
): void {
  for (const issue of issues) {
    const field = fieldOf(issue.path) ?? { name: '_form' }
    if (problems[field.name]) continue
    problems[field.name] = issueWords(issue, field.show ?? ((n) => n.toLocaleString('en')))
  }
}

/** A form field an issue is about, and how its numbers read (an amount, a percentage). */
export interface Field {
  name: string
  show?: (n: number) => string
}

function issueWords(issue: z.core.$ZodIssue, show: (n: number) => string): string {
  const n = (v: number | bigint) => show(Number(v))
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return PROBLEM.required
      if (issue.origin === 'array') return format(PROBLEM.fewItems, { n: Number(issue.minimum) })
      return format(issue.inclusive ? PROBLEM.atLeast : PROBLEM.above, { v: n(issue.minimum) })
    case 'too_big':
      if (issue.origin === 'string') return format(PROBLEM.longText, { n: Number(issue.maximum) })
      if (issue.origin === 'array') return format(PROBLEM.manyItems, { n: Number(issue.maximum) })
      return format(PROBLEM.atMost, { v: n(issue.maximum) })
    case 'invalid_type':
      return issue.expected === 'number' || issue.expected === 'int'
        ? PROBLEM.wholeNumber
        : PROBLEM.required
    case 'invalid_value':
      return PROBLEM.choose
    default:
      // The schemas' own messages ("must be increasing", "must be an http(s) URL") are words.
      return issue.message
  }
}

/** The attributes that tie a field to its problem for assistive technology. */
export function invalid(name: string, problems: Problems) {
  return problems[name]
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': `problem-${name}` }
    : {}
}

/** The problem of one field, shown right under it. */
export function Problem({ name, problems }: { name: string; problems: Problems }): Child {
  const p = problems[name]
  return p ? (
    <strong class="problem" id={`problem-${name}`}>
      {p}
    </strong>
  ) : null
}

/** The words at the top of a form that did not save. */
export function problemSummary(problems: Problems): string | undefined {
  const n = Object.keys(problems).length
  if (n === 0) return undefined
  const general = problems._form ? ` ${problems._form}` : ''
  return `${format(n === 1 ? PROBLEM.summaryOne : PROBLEM.summaryOther, { n })}${general}`
}
