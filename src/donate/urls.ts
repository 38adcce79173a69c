import type { AppContext } from '../context.js'

/** Why checkout is off for the whole service, or null when it can run. */
export function checkoutOff(ctx: AppContext): string | null {
  if (!ctx.stripe) return 'Checkout is off: the service has no STRIPE_SECRET_KEY'
  if (!ctx.config.publicUrl) {
    return 'Checkout is off: PUBLIC_URL is not set, so Stripe could not send readers back'
  }
  return null
}

/** The donate page's address: absolute under PUBLIC_URL, else a path on this service. */
export function donatePageUrl(ctx: AppContext, slug: string): string {
  return `${ctx.config.publicUrl?.replace(/\/+$/, '') ?? ''}/donate/${encodeURIComponent(slug)}`
}
