/**
 * A Stripe Connect account id as Stripe writes it (`acct_` and letters and digits): the one rule
 * for a campaign's `stripeAccount` (admin API, CLI, console) and an event's `account`.
 */
export const STRIPE_ACCOUNT_PATTERN = /^acct_\w{1,250}$/

/** What a person is told when an account id is not one. */
export const STRIPE_ACCOUNT_RULE =
  'must be a Stripe connected account id such as acct_1A2b3C4d5E6f7G8h (Dashboard > Connect > Accounts)'

export const isStripeAccount = (v: unknown): v is string =>
  typeof v === 'string' && STRIPE_ACCOUNT_PATTERN.test(v)
