/** Why checkout is off for the whole service, or null when it can run. */
export function checkoutOff(hasStripe: boolean, publicUrl: string | undefined): string | null {
  if (!hasStripe) return 'Checkout is off: the service has no STRIPE_SECRET_KEY'
  if (!publicUrl) {
    return 'Checkout is off: PUBLIC_URL is not set, so Stripe could not send readers back'
  }
  return null
}

/** Why giving through PayPal is off for the whole service, or null when it can run. */
export function paypalOff(hasPaypal: boolean, publicUrl: string | undefined): string | null {
  if (!hasPaypal) return 'PayPal is off: the service has no PAYPAL_CLIENT_ID and secret'
  if (!publicUrl) {
    return 'PayPal is off: PUBLIC_URL is not set, so PayPal could not send readers back'
  }
  return null
}

/** The donate page's address: absolute under PUBLIC_URL, else a path on this service. */
export function donatePageUrl(publicUrl: string | undefined, slug: string): string {
  return `${publicUrl?.replace(/\/+$/, '') ?? ''}/donate/${encodeURIComponent(slug)}`
}
