import type Stripe from 'stripe'

/**
 * The request options of every call made for one campaign after the gift (the thank-you page's
 * session read, the manage link's customer lookup, the customer portal): the one place where a
 * campaign's connected account (`campaigns.stripe_account`, Stripe Connect) becomes
 * `{ stripeAccount }`. The campaign record does not carry that column yet, so every call goes to
 * the platform's own account for now; when it does, return `{ stripeAccount }` here.
 */
export function campaignStripeOptions(_campaign: { slug: string }): Stripe.RequestOptions {
  return {}
}
