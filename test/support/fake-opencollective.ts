import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Delivery } from './source-events.js'

/**
 * A fake of Open Collective's GraphQL API v2 on 127.0.0.1: answers `transaction(transaction:
 * {legacyId})` with the transactions it holds (fields as schemaV2.graphql `Transaction`), null
 * for any other, 500 while `fail` is set; it checks the Personal-Token header. Webhook activities
 * as Open Collective posts them (opencollective-api server/lib/webhooks.ts: the activity's
 * id, type, createdAt, CollectiveId and data.transaction) are built by `ocActivity`.
 */
export class FakeOpenCollective {
  static readonly TOKEN = 'oc-personal-token-1'
  readonly transactions = new Map<number, Record<string, unknown>>()
  lookups = 0
  fail = false
  url = ''
  #server: Server | undefined

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        this.lookups++
        if (this.fail || req.headers['personal-token'] !== FakeOpenCollective.TOKEN) {
          res.writeHead(this.fail ? 500 : 401, { 'Content-Type': 'application/json' })
          res.end(JSON.stringify({ errors: [{ message: 'no' }] }))
          return
        }
        const q = JSON.parse(body) as {
          query?: string
          variables?: { transaction?: { legacyId?: number } } & Record<string, unknown>
        }
        if (q.query?.includes('transactions(')) {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(
            JSON.stringify({ data: { transactions: this.#list(q.query, q.variables ?? {}) } }),
          )
          return
        }
        const id = q.variables?.transaction?.legacyId
        const t = id === undefined ? undefined : this.transactions.get(id)
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ data: { transaction: t ?? null } }))
      })
    })
    const server = this.#server
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql/v2`
    return this
  }

  /**
   * `transactions(account: {slug}, dateFrom, dateTo, limit, offset)`: the account's own rows
   * (a CREDIT to it, a DEBIT from it), oldest first, as a TransactionCollection.
   */
  #list(query: string, v: Record<string, unknown>) {
    const slug = /account: \{slug: "([^"]+)"\}/.exec(query)?.[1]
    const from = Date.parse(String(v.dateFrom ?? '1970-01-01T00:00:00Z'))
    const to = Date.parse(String(v.dateTo ?? '9999-01-01T00:00:00Z'))
    const own = [...this.transactions.values()]
      .filter((t) => {
        const side = (t.type === 'CREDIT' ? t.toAccount : t.fromAccount) as { slug?: string }
        const at = Date.parse(String(t.createdAt))
        return side?.slug === slug && at >= from && at <= to
      })
      .sort((a, b) => Date.parse(String(a.createdAt)) - Date.parse(String(b.createdAt)))
    const offset = Number(v.offset ?? 0)
    const limit = Number(v.limit ?? 100)
    return { totalCount: own.length, offset, limit, nodes: own.slice(offset, offset + limit) }
  }

  stop(): Promise<void> {
    return new Promise((ok) => (this.#server ? this.#server.close(() => ok()) : ok()))
  }

  env(): Record<string, string> {
    return { OPENCOLLECTIVE_API_URL: this.url, OPENCOLLECTIVE_TOKEN: FakeOpenCollective.TOKEN }
  }

  /** Holds a contribution (the collective's CREDIT) and returns its legacy id. */
  contribution(legacyId: number, cents: number, o: { slug?: string; createdAt?: string } = {}) {
    this.transactions.set(legacyId, {
      legacyId,
      type: 'CREDIT',
      kind: 'CONTRIBUTION',
      isRefund: false,
      createdAt: o.createdAt ?? '2026-11-18T09:00:00.000Z',
      amount: { valueInCents: cents, currency: 'USD' },
      toAccount: { slug: o.slug ?? 'webpack' },
      fromAccount: { slug: 'a-backer' },
      refundTransaction: null,
    })
    return legacyId
  }

  /** Holds the collective's DEBIT refunding `of`. */
  refund(legacyId: number, of: number, cents: number, o: { createdAt?: string } = {}) {
    this.transactions.set(legacyId, {
      legacyId,
      type: 'DEBIT',
      kind: 'CONTRIBUTION',
      isRefund: true,
      createdAt: o.createdAt ?? '2026-11-19T09:00:00.000Z',
      amount: { valueInCents: -cents, currency: 'USD' },
      toAccount: { slug: 'a-backer' },
      fromAccount: { slug: 'webpack' },
      refundTransaction: { legacyId: of },
    })
    return legacyId
  }
}

/** The activity Open Collective posts for a transaction (its webhook carries no signature). */
export function ocActivity(
  transactionId: number,
  type = 'collective.transaction.created',
): Delivery {
  const body = JSON.stringify({
    id: 900000 + transactionId,
    type,
    createdAt: '2026-11-18T09:00:01.000Z',
    CollectiveId: 8888,
    collective: { id: 8888, slug: 'webpack', name: 'webpack', type: 'COLLECTIVE' },
    data: {
      transaction: {
        id: transactionId,
        type: 'CREDIT',
        kind: 'CONTRIBUTION',
        // What the body says is never believed: only the API's copy counts.
        amount: 999999,
        currency: 'USD',
      },
    },
  })
  return {
    path: '/webhooks/opencollective',
    body,
    headers: { 'Content-Type': 'application/json' },
  }
}
