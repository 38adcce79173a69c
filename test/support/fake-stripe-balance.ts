/**
 * The books side of the fake Stripe: `GET /v1/balance_transactions` as Stripe's spec describes
 * it (`payout=`, `created[gte]`/`created[lt]`, `limit`, `starting_after`, `expand[]=data.source`,
 * a list with `has_more`), newest first, per account (Stripe-Account header), and a 429
 * (`rate_limit_error`) now and then. Payouts and sources are served by id from the fake's objects.
 */
export interface BookedRow {
  /** A balance transaction object (fixtures3.json's `balance_transaction` shape). */
  txn: { id: string; created: number; source: string | null } & Record<string, unknown>
  /** The payout that paid it out, if any. */
  payout?: string
  /** The connected account it belongs to; absent: the platform's own. */
  account?: string
}

export function fakeBalance(objects: Map<string, unknown>) {
  const books = {
    rows: [] as BookedRow[],
    /** With `every` ≥ 2, list requests 1, 1 + every, 1 + 2·every… are answered 429 (0: never). */
    rateLimitEvery: 0,
    listed: 0,
    limited: 0,
  }
  function handle(
    method: string | undefined,
    url: URL,
    send: (status: number, body: unknown) => void,
    account: string | null,
  ): boolean {
    if (method !== 'GET' || url.pathname !== '/v1/balance_transactions') return false
    books.listed++
    if (books.rateLimitEvery > 1 && books.listed % books.rateLimitEvery === 1) {
      books.limited++
      send(429, {
        error: {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly.',
        },
      })
      return true
    }
    const q = url.searchParams
    const payout = q.get('payout')
    const gte = q.has('created[gte]') ? Number(q.get('created[gte]')) : -Infinity
    const lt = q.has('created[lt]') ? Number(q.get('created[lt]')) : Infinity
    const limit = Math.min(100, Number(q.get('limit') ?? 10))
    const after = q.get('starting_after')
    // Stripe's clients send arrays indexed (`expand[0]=data.source`); `expand[]=` is read too.
    const expand = [...q].some(([k, v]) => /^expand\[\d*\]$/.test(k) && v === 'data.source')
    const all = books.rows
      .filter((r) => (r.account ?? null) === account)
      .filter((r) => (payout ? r.payout === payout : true))
      .filter((r) => r.txn.created >= gte && r.txn.created < lt)
      .sort((a, b) => b.txn.created - a.txn.created || b.txn.id.localeCompare(a.txn.id))
    const start = after ? all.findIndex((r) => r.txn.id === after) + 1 : 0
    const page = all.slice(start, start + limit).map((r) => {
      const src = r.txn.source
      const scoped = src ? objects.get(account ? `${account}:${src}` : src) : undefined
      return expand && scoped ? { ...r.txn, source: scoped } : r.txn
    })
    send(200, {
      object: 'list',
      data: page,
      has_more: start + limit < all.length,
      url: '/v1/balance_transactions',
    })
    return true
  }
  return { books, handle }
}
