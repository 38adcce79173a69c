import { appendEntryQueries, newEntryId } from '../../src/store/ledger.js'
import type { Store } from '../../src/store/store.js'
import type { EntryKind } from '../../src/store/tables.js'

/** One Stripe entry of campaign `news` in USD, appended (and folded into its month) atomically. */
export async function appendStripeEntry(
  store: Store,
  e: {
    key: string
    month: string
    kind: EntryKind
    amount: number
    donation: -1 | 0 | 1
    donor: string
    /** Stripe's fee on it, when known. */
    fee?: number
  },
): Promise<void> {
  await store.atomic(
    appendEntryQueries(
      store,
      {
        entryKey: e.key,
        campaign: 'news',
        month: e.month,
        kind: e.kind,
        amount: e.amount,
        currency: 'USD',
        counted: true,
        donation: e.donation,
        donor: e.donor,
        source: 'stripe',
        sourceId: `ch_${e.key}`,
        paymentRef: `pi_${e.donor}`,
        note: null,
        actor: null,
        eventId: null,
        data: null,
        occurredAt: `${e.month}-10T12:00:00.000Z`,
        ...(e.fee === undefined
          ? {}
          : {
              settled: {
                balanceTransaction: `txn_${e.key}`,
                fee: e.fee,
                settlementCurrency: null,
                exchangeRate: null,
              },
            }),
      },
      newEntryId(),
      `${e.month}-10T12:00:01.000Z`,
    ),
  )
}
