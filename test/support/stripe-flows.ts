/**
 * The event sequences Stripe sends per Checkout mode (which, and where they come from, is
 * written in src/demo/stripe-flows.ts), shared with the demo's stand-in Checkout; plus a seeded
 * shuffle for delivering them in any order with duplicates.
 */
export * from '../../src/demo/stripe-flows.js'

/** A seeded shuffle with some events delivered twice (Stripe may send any of them again). */
export function shuffled<T>(list: readonly T[], seed: number, dups = 3): T[] {
  let x = seed * 2654435761 + 1
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  for (let k = 0; k < dups; k++)
    out.splice(Math.floor(rand() * out.length), 0, out[Math.floor(rand() * out.length)] as T)
  return out
}
