/**
 * Stripe objects as webhooks carry them on the API version the stripe package pins
 * (2026-10-28.endive, a basil-line version): each starts from Stripe's own fixture for the
 * resource (stripe-fixtures.ts, generated from fixtures3.json) and overrides what a gift sets.
 * Every builder returns the package's type, so the compiler checks each field. The builders live in
 * src/demo/ (the demo's stand-in Checkout sends what they build); this one list of them is the
 * tests'.
 */
export * from '../../src/demo/stripe-billing.js'
export * from '../../src/demo/stripe-gift.js'
export * from '../../src/demo/stripe-payments.js'
