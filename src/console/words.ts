import { format } from '../domain/messages/index.js'

/**
 * The console's counted words, plural by `Intl.PluralRules` like the bar's catalogs
 * (src/domain/messages), so no page says "1 donors". The console is in English.
 */
const PLURALS = {
  donations: { one: '{n} donation', other: '{n} donations' },
  donors: { one: '{n} donor', other: '{n} donors' },
} as const

const rules = new Intl.PluralRules('en')

/** `count('donors', 1)` -> "1 donor". */
export function count(key: keyof typeof PLURALS, n: number): string {
  const forms: Record<string, string> = PLURALS[key]
  const form = forms[rules.select(n)] ?? PLURALS[key].other
  return format(form, { n: n.toLocaleString('en') })
}
