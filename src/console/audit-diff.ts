import { format } from '../domain/messages/index.js'
import { formatMoney } from '../domain/money.js'
import { AUDIT } from './catalog.js'

/** One field of an audit record: its name in words, and its value before and after. */
export interface FieldChange {
  field: string
  before: string
  after: string
}

/** Keys whose numbers are amounts in minor units (a list of them, too). */
const AMOUNT_KEYS = new Set([
  'defaultGoal',
  'goal',
  'amount',
  'pledged',
  'min',
  'max',
  'fixed',
  'presets',
  'stretchGoals',
])
/** Bookkeeping that changes with every record and says nothing to a reader. */
const SKIP = new Set(['createdAt', 'updatedAt', 'slug', 'currency'])

type Flat = Map<string, unknown>

/** Nested objects to dot paths; arrays stay whole values (a list is read as one field). */
function flatten(v: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v as object)
    // An object without keys (a cleared setting) is still a value of its own.
    if (keys.length === 0 && prefix) out.set(prefix, undefined)
    for (const k of keys) {
      if (SKIP.has(k) && !prefix) continue
      flatten((v as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k, out)
    }
  } else if (prefix) {
    out.set(prefix, v)
  }
  return out
}

/** An amount by its last key; each interval's list under `presetsByInterval` is one too. */
const isAmountPath = (path: string) =>
  AMOUNT_KEYS.has(path.split('.').at(-1) ?? '') || path.startsWith('checkout.presetsByInterval.')

/** `page.impact.2500`: the impact line under a preset of 2500 minor units. */
const IMPACT_LINE = /^page\.impact\.(\d+)$/

/** A value as a person reads it: amounts in major units of the campaign's currency. */
function show(path: string, v: unknown, money: Money | undefined): string {
  if (v === undefined || v === null || v === '') return AUDIT.none
  if (typeof v === 'boolean') return v ? AUDIT.yes : AUDIT.no
  const amount = (n: number) =>
    money ? formatMoney(n, money.currency, { locale: money.locale }) : String(n)
  if (isAmountPath(path) && typeof v === 'number') return amount(v)
  if (isAmountPath(path) && Array.isArray(v) && v.every((x) => typeof x === 'number')) {
    return v.map(amount).join(', ')
  }
  if (path.endsWith('milestones') && Array.isArray(v)) {
    return v
      .map((m: { amount?: unknown; label?: unknown }) =>
        typeof m.amount === 'number' ? `${amount(m.amount)} ${String(m.label ?? '')}` : '',
      )
      .join(', ')
  }
  if (path === 'page.impact' && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, line]) => `${amount(Number(k))}: ${String(line)}`)
      .join('; ')
  }
  if (Array.isArray(v))
    return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

export interface Money {
  currency: string
  locale: string
}

/** The field's name in the catalog's words, or its path when the catalog has none. */
function fieldName(path: string, money: Money | undefined): string {
  const impact = IMPACT_LINE.exec(path)?.[1]
  if (impact !== undefined) {
    const amount = money
      ? formatMoney(Number(impact), money.currency, { locale: money.locale })
      : impact
    return format(AUDIT.impactLine, { amount })
  }
  return AUDIT.fields[path] ?? path.split('.').join(' › ')
}

/**
 * What an audit record changed, field by field: for a change, only the fields whose value
 * differs; for a record with only one side, every field of it. Lists of records (a recompute's
 * differences) are shown whole.
 */
export function fieldChanges(before: unknown, after: unknown, money?: Money): FieldChange[] {
  if (Array.isArray(before) || Array.isArray(after)) {
    return [{ field: AUDIT.what, before: show('', before, money), after: show('', after, money) }]
  }
  const b = flatten(before)
  const a = flatten(after)
  // A whole object that was cleared (page.impact gone) reads as one field, not its children.
  const paths = new Set([...b.keys(), ...a.keys()])
  const out: FieldChange[] = []
  for (const path of paths) {
    const x = b.get(path)
    const y = a.get(path)
    if (before !== null && before !== undefined && JSON.stringify(x) === JSON.stringify(y)) continue
    out.push({
      field: fieldName(path, money),
      before: show(path, x, money),
      after: show(path, y, money),
    })
  }
  return out
}
