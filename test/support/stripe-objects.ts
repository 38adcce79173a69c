/**
 * The Stripe object builders are the demo's (src/demo/stripe-objects.ts): one set, shared by the
 * demo's stand-in Checkout, the fake Stripe server and the tests.
 */
export * from '../../src/demo/stripe-objects.js'
