import { boundedMemo } from '../memo.js'
import { CATALOGS, type Catalog, type Language, type Plural } from './catalogs.js'

export { CATALOGS, type Catalog, type Language } from './catalogs.js'

/** Languages written right to left: the bar is laid out mirrored for them. */
export const RTL: ReadonlySet<string> = new Set([
  'ar',
  'he',
  'fa',
  'ur',
  'ps',
  'yi',
  'dv',
  'sd',
  'ug',
  'ckb',
])

type TextKey = { [K in keyof Catalog]: Catalog[K] extends string ? K : never }[keyof Catalog]
type PluralKey = { [K in keyof Catalog]: Catalog[K] extends string ? never : K }[keyof Catalog]
type Vars = Record<string, string | number>

/** The fixed words of the bar in one locale. */
export interface Messages {
  /** The catalog's language (`en` when the locale's language has none). */
  lang: Language
  /** Text direction of the locale (not of the catalog): `rtl` mirrors the layout. */
  dir: 'ltr' | 'rtl'
  text(key: TextKey, vars?: Vars): string
  /** The plural form for `n` (by `Intl.PluralRules` of the locale); `{n}` is `n` formatted. */
  plural(key: PluralKey, n: number, vars?: Vars): string
  /** A count in the locale's digits and grouping. */
  count(n: number): string
}

/** The primary language subtag of a BCP 47 tag, lower case. */
export function languageOf(locale: string): string {
  // Stryker disable next-line StringLiteral: unreachable, split always gives a first part
  return (locale.split('-')[0] ?? '').toLowerCase()
}

/** The catalog language for a locale: its own when we have one, else English. */
export function catalogLanguage(locale: string): Language {
  const l = languageOf(locale)
  return l in CATALOGS ? (l as Language) : 'en'
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanish. */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in vars ? String(vars[k]) : all))
}

const pluralRules = boundedMemo<Intl.PluralRules>()
const counts = boundedMemo<Intl.NumberFormat>()

function build(locale: string): Messages {
  const lang = catalogLanguage(locale)
  const catalog: Catalog = CATALOGS[lang]
  // Plural categories and digits follow the catalog's language when it is not the locale's.
  const rulesLocale = lang === languageOf(locale) ? locale : lang
  const rules = pluralRules(rulesLocale, () => new Intl.PluralRules(rulesLocale))
  const numbers = counts(rulesLocale, () => new Intl.NumberFormat(rulesLocale))
  return {
    lang,
    dir: RTL.has(languageOf(locale)) ? 'rtl' : 'ltr',
    text: (key, vars) => format(catalog[key], vars),
    plural: (key, n, vars) => {
      const forms: Plural = catalog[key]
      const form = forms[rules.select(n)] ?? forms.other
      return format(form, { n: numbers.format(n), ...vars })
    },
    count: (n) => numbers.format(n),
  }
}

const memo = boundedMemo<Messages>()

/** The bar's fixed words for a display locale (`de-AT` → German; `ko` → English). */
export function messagesFor(locale: string): Messages {
  return memo(locale, () => build(locale))
}
