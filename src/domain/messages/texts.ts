import { boundedMemo } from '../memo.js'
import { monthName } from '../months.js'
import { type Language, messagesFor } from './index.js'

/** The bar's words for one month, in the display locale: every renderer shows these. */
export interface ProgressTexts {
  /** The catalog's language and the locale's writing direction. */
  lang: Language
  dir: 'ltr' | 'rtl'
  /** The button: the campaign's own label (in `buttonLang`) or the catalog's "Support". */
  button: string
  buttonLang: string
  /** "1,360 $ raised of 5,000 $" (or "1,360 $ raised" without a goal). */
  sentence: string
  /** The amounts and month in words, for aria-valuetext and the image's description. */
  valuetext: string
  /** "9 donors". */
  donors: string
  /** "12 days left", "last day"; null outside the current month. */
  daysLeft: string | null
  /** "this campaign has ended". */
  ended: string
  /** "reached", said of a passed goal or milestone. */
  reached: string
  /** "42 of 100 supporters" for a donor-count goal; null without one. */
  supporters: string | null
  /** "12 monthly supporters"; null where no recurring figures exist. */
  monthly: string | null
  /** "Thanks to Ada, Bo and Cy": the latest names donors agreed to show; null for none. */
  wall: string | null
}

/** What the texts are made of: formatted amounts, counts and the campaign's own words. */
export interface TextInput {
  locale: string
  month: string
  pledged: string
  /** The formatted goal, or null without one. */
  goal: string | null
  donors: number
  daysLeft: number | null
  buttonLabel: string | null
  campaignLocale: string
  donorGoal: number | null
  monthlySupporters: number | null
  /** The latest display names donors agreed to show, newest first (already cleaned). */
  supporters?: readonly string[] | undefined
}

const lists = boundedMemo<Intl.ListFormat>()

/** Names as one list in the locale's words ("Ada, Bo and Cy": Intl's default, long conjunction). */
function listOf(names: readonly string[], locale: string): string {
  return lists(locale, () => new Intl.ListFormat(locale)).format(names)
}

/** The bar's words from the catalogs, with plurals by `Intl.PluralRules`. Pure. */
export function progressTexts(i: TextInput): ProgressTexts {
  const msg = messagesFor(i.locale)
  const month = monthName(i.month, i.locale)
  const raised = i.pledged
  return {
    lang: msg.lang,
    dir: msg.dir,
    button: i.buttonLabel ?? msg.text('support'),
    buttonLang: i.buttonLabel ? i.campaignLocale : msg.lang,
    sentence:
      i.goal === null
        ? msg.text('raised', { raised })
        : msg.text('raisedOf', { raised, goal: i.goal }),
    valuetext:
      i.goal === null
        ? msg.text('valuetextNoGoal', { raised, month })
        : msg.text('valuetext', { raised, goal: i.goal, month }),
    donors: msg.plural('donors', i.donors),
    daysLeft:
      i.daysLeft === null
        ? null
        : i.daysLeft === 1
          ? msg.text('lastDay')
          : msg.plural('daysLeft', i.daysLeft),
    ended: msg.text('ended'),
    reached: msg.text('reached'),
    monthly: i.monthlySupporters === null ? null : msg.plural('monthly', i.monthlySupporters),
    wall: i.supporters?.length
      ? msg.text('thanksTo', { names: listOf(i.supporters, i.locale) })
      : null,
    supporters:
      i.donorGoal === null
        ? null
        : // The noun agrees with the goal ("42 of 100 supporters"): the plural is chosen by it.
          msg.plural('supportersOf', i.donorGoal, {
            n: msg.count(i.donors),
            goal: msg.count(i.donorGoal),
          }),
  }
}
