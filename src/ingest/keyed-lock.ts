/**
 * Runs work for the same keys (a payment's `pi_…`, an event id) one after another in this
 * process, so two events about one payment never both decide from the state before either
 * committed (Checkout and PaymentIntent events are sent nearly together). Registration is
 * synchronous, so waiters form a queue per key and cannot deadlock.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>()

  /** Keys with work running or waiting: none once all is done, so memory does not grow by key. */
  get held(): number {
    return this.#tails.size
  }

  async run<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    // Keys no one holds give undefined, which Promise.all takes as done.
    const before = keys.map((k) => this.#tails.get(k))
    let release = () => {}
    const mine = new Promise<void>((r) => {
      release = r
    })
    for (const k of keys) this.#tails.set(k, mine)
    await Promise.all(before)
    try {
      return await fn()
    } finally {
      release()
      for (const k of keys) if (this.#tails.get(k) === mine) this.#tails.delete(k)
    }
  }
}
