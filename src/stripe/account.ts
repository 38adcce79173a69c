import type Stripe from 'stripe'

/**
 * The request options of every call made for one campaign after the gift (the thank-you page's
 * session read, the manage link's customer lookup, the customer portal): the one place where a
 * campaign's connected account (`stripeAccount`, Stripe Connect) becomes `{ stripeAccount }`,
 * so the call reaches that account's sessions and customers. None for the platform's own.
 */
export function campaignStripeOptions(campaign: {
  stripeAccount: string | null
}): Stripe.RequestOptions {
  return campaign.stripeAccount ? { stripeAccount: campaign.stripeAccount } : {}
}
