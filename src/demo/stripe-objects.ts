/**
 * Stripe objects as webhooks carry them on the API version the stripe package pins
 * (2026-10-28.endive, a basil-line version): each starts from Stripe's own fixture for the
 * resource (stripe-fixtures.ts, generated from fixtures3.json) and overrides what a gift sets.
 * Every builder returns the package's type, so the compiler checks each field. Shared by the
 * demo's stand-in Checkout and the tests' fake Stripe (test/support/fake-stripe.ts).
 */
export * from './stripe-billing.js'
export * from './stripe-gift.js'
export * from './stripe-payments.js'
