import Stripe from 'stripe'
import type { Config } from '../config.js'

/**
 * The Stripe API client for backfill and currency conversion, or undefined without
 * STRIPE_SECRET_KEY. `fetch` picks the fetch-based HTTP client (Workers have no node:http);
 * STRIPE_API_URL points it at stripe-mock or a local fake instead of api.stripe.com.
 */
export function stripeClient(config: Config, opts: { fetch?: boolean } = {}): Stripe | undefined {
  if (!config.stripeSecretKey) return undefined
  const options: Stripe.StripeConfig = opts.fetch
    ? { httpClient: Stripe.createFetchHttpClient() }
    : {}
  if (config.stripeApiUrl) {
    const url = new URL(config.stripeApiUrl)
    const protocol = url.protocol === 'http:' ? 'http' : 'https'
    options.host = url.hostname
    options.port = Number(url.port || (protocol === 'http' ? 80 : 443))
    options.protocol = protocol
  }
  return new Stripe(config.stripeSecretKey, options)
}
