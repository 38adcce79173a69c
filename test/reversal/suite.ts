import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { createApp } from '../../src/app.js'
import type { Store } from '../../src/store/store.js'
import { compareTotals } from '../../src/store/totals.js'
import { adminJson, newsCampaign } from '../support/harness.js'

export interface ReversalRig {
  app: ReturnType<typeof createApp>
  store: Store
  close(): Promise<void>
}

/**
 * Reversing a ledger entry through the admin API on one store: a counter-entry in the entry's
 * month, exactly once, audited; totals follow; a reversal or a reversed entry is refused.
 */
export function reversalSuite(name: string, start: () => Promise<ReversalRig>) {
  describe(`reversing a ledger entry (${name})`, () => {
    let rig: ReversalRig
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await rig.app.request(path, {
        method,
        headers: adminJson,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: res.status, json: (await res.json()) as Record<string, unknown> }
    }
    const month = async (m: string) => {
      const r = await call('GET', '/api/admin/campaigns/news/months')
      return (
        r.json.months as { month: string; pledged: number; donations: number; donors: number }[]
      ).find((x) => x.month === m)
    }
    const reverse = (id: string, reason = 'Entered twice') =>
      call('POST', `/api/admin/campaigns/news/ledger/${id}/reverse`, { reason })

    beforeAll(async () => {
      rig = await start()
      expect((await call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    })
    afterAll(async () => {
      await rig.close()
    })

    it('appends the opposite entry in the same month with the reason; totals and donors follow', async () => {
      const gift = { month: '2021-05', amount: 2500, reason: 'cheque', donor: 'reader-7' }
      const added = await call('POST', '/api/admin/campaigns/news/adjustments', gift)
      expect(added.status).toBe(201)
      expect(await month('2021-05')).toMatchObject({ pledged: 2500, donations: 1, donors: 1 })
      const id = added.json.id as string
      const r = await reverse(id)
      expect(r.status).toBe(201)
      expect(r.json).toMatchObject({
        key: `reverse:${added.json.key as string}`,
        kind: 'reversal',
        month: '2021-05',
        amount: -2500,
        donation: -1,
        donor: 'reader-7',
        note: 'Entered twice',
        actor: 'admin',
        sourceId: id,
        paymentRef: null,
        data: { reverses: { id, key: added.json.key, kind: 'adjustment' } },
      })
      expect(await month('2021-05')).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
      expect(await compareTotals(rig.store)).toEqual([])
      const audit = await call('GET', '/api/admin/audit?action=ledger.reverse')
      expect(audit.json.records).toEqual([
        expect.objectContaining({
          campaign: 'news',
          target: added.json.key,
          before: { entryId: id, month: '2021-05', amount: 2500 },
          after: { entryId: r.json.id, month: '2021-05', amount: -2500, reason: 'Entered twice' },
        }),
      ])

      // A second click, or a replay of the request, changes nothing and says why.
      const again = await reverse(id, 'again')
      expect(again.status).toBe(409)
      expect(again.json).toEqual({
        error: {
          code: 'conflict',
          message: `This entry is already reversed (entry ${r.json.id as string})`,
        },
      })
      // The counter-entry itself cannot be reversed.
      const undo = await reverse(r.json.id as string)
      expect(undo.status).toBe(409)
      expect(undo.json).toMatchObject({ error: { code: 'conflict' } })
      const ledger = await call('GET', '/api/admin/campaigns/news/ledger?month=2021-05')
      expect(ledger.json.entries).toHaveLength(2)
      expect(
        (await call('GET', '/api/admin/audit?action=ledger.reverse')).json.records,
      ).toHaveLength(1)
      expect(await month('2021-05')).toMatchObject({ pledged: 0, donations: 0, donors: 0 })
    })

    it('reverses each entry once when two requests race', async () => {
      const added = await call('POST', '/api/admin/campaigns/news/adjustments', {
        month: '2021-04',
        amount: -700,
        reason: 'fee',
      })
      const both = await Promise.all([
        reverse(added.json.id as string),
        reverse(added.json.id as string),
      ])
      expect(both.map((r) => r.status).sort()).toEqual([201, 409])
      expect(await month('2021-04')).toMatchObject({ pledged: 0 })
      expect(await compareTotals(rig.store)).toEqual([])
    })

    it('answers an unknown entry, an entry of another campaign and an empty reason in the error shape', async () => {
      expect((await reverse('no-such-entry')).status).toBe(404)
      await call('POST', '/api/admin/campaigns', { ...newsCampaign, slug: 'radio', name: 'Radio' })
      const other = await call('POST', '/api/admin/campaigns/radio/adjustments', {
        month: '2021-04',
        amount: 100,
        reason: 'x',
      })
      const cross = await reverse(other.json.id as string)
      expect(cross.status).toBe(404)
      expect(cross.json).toMatchObject({ error: { code: 'not_found' } })
      const blank = await reverse(other.json.id as string, '  ')
      expect(blank.status).toBe(422)
      expect(blank.json).toMatchObject({ error: { code: 'invalid_body' } })
    })
  })
}
