/**
 * The console's fixed words for its settings pages, form problems and audit trail, kept in one
 * catalog like the bar's (src/domain/messages) so pages hold no loose strings. The console is in
 * English; `{name}` marks a value filled in by `format`.
 */
export const PROBLEM = {
  required: 'is required.',
  atLeast: 'must be at least {v}.',
  above: 'must be more than {v}.',
  atMost: 'must be at most {v}.',
  longText: 'must be at most {n} characters.',
  fewItems: 'needs at least {n}.',
  manyItems: 'takes at most {n}.',
  wholeNumber: 'must be a whole number.',
  choose: 'choose one of the options.',
  line: 'line {n}: {problem}',
  minimumCharge: "must be at least {v}, Stripe's minimum charge in this currency.",
  overMaximum: 'must be at most {v}.',
  maxUnderMin: 'must not be below the smallest gift.',
  outside: 'must lie between the smallest and the largest gift ({values}).',
  intervalNotAllowed: 'is an interval this campaign does not offer.',
  rate: 'is not a percentage: write it like 2.9 (at most 20).',
  summaryOne: 'Nothing was saved: one field needs a change (see below).',
  summaryOther: 'Nothing was saved: {n} fields need a change (see below).',
} as const

export const CHECKOUT = {
  title: 'Checkout · {name}',
  intro:
    'How readers give on the built-in donate page through Stripe Checkout. Amounts in {currency}, written as in {locale}, e.g. {example}.',
  enabled: 'Readers can give on the donate page (needs STRIPE_SECRET_KEY)',
  presets: 'Amounts offered',
  presetsHint: 'one amount a line, smallest first; at most 6',
  min: 'Smallest gift',
  minHint: "at least Stripe's minimum charge ({v})",
  max: 'Largest gift',
  allowMonthly: 'Readers can give monthly',
  allowYearly: 'Readers can give yearly',
  defaultInterval: 'The donate page starts on',
  once: 'once',
  month: 'monthly',
  year: 'yearly',
  feeCover: 'Offer to cover the fee',
  feeRate: "Processor's rate in percent",
  feeRateHint: "e.g. 2.9 for Stripe's 2.9 %",
  feeFixed: "Processor's fixed part per payment",
  feeHint: 'a reader who ticks it pays (amount + fixed) / (1 − rate), rounded up',
  save: 'Save checkout',
} as const

export const BAR = {
  title: 'Bar · {name}',
  intro: 'What the bar shows by default; an embed can still choose its own with its options.',
  buttonLabel: 'Button text',
  buttonLabelHint: "empty for the default wording in the campaign's language",
  tagline: 'Tagline',
  taglineHint: 'one line under the name; empty for none',
  show: 'Facts shown under the amount',
  sentence: 'a sentence ("1,360 $ of 5,000 $")',
  donors: 'the number of donors',
  days: 'the days left this month',
  monthly: 'monthly supporters',
  milestones: 'Milestones',
  milestonesHint: 'markers on the track: an amount and a short label; at most 5',
  milestoneAmount: 'Milestone {n}: amount',
  milestoneLabel: 'Milestone {n}: label',
  stretchGoals: 'Stretch goals',
  stretchGoalsHint: "one amount a line, increasing; they take over once the month's goal is passed",
  donorGoal: 'Donor goal',
  donorGoalHint: 'a number of donors, drawn as a second bar; empty for none',
  save: 'Save the bar',
} as const

export const PAGE = {
  title: 'Donate page · {name}',
  intro: 'The words and links of the built-in donate page.',
  appeal: 'Appeal',
  appealHint:
    'shown under the title: paragraphs, *emphasis*, **strong**, lists and http(s) links; empty for none',
  impact: 'Impact lines',
  impactHint: 'one line under a preset amount: what the gift pays for; at most 12',
  impactAmount: 'Line {n}: amount',
  impactText: 'Line {n}: what it pays for',
  privacyUrl: 'Privacy notice URL',
  contactUrl: 'Contact page URL',
  urlHint: 'an http(s) address; empty for none',
  save: 'Save the page',
} as const
