import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectTotalsMatchLedger } from './support/harness.js'
import { DONOR, type ManageRig, startManageRig } from './support/manage-rig.js'

// The whole way of a change a donor makes to a monthly gift: the e-mailed link (a real SMTP
// server), the customer portal of the fake Stripe, its buttons, and the events Stripe sends for
// them (customer.subscription.updated, the next renewal, customer.subscription.deleted) reaching
// the bar through the webhook endpoint. The link's own rules: manage.test.ts.

interface Progress {
  pledged: number
  donations: number
  recurring: { supporters: number; monthly: number }
}

let r: ManageRig
beforeEach(async () => {
  r = await startManageRig()
})
afterEach(() => r.close())

async function progress(month: string): Promise<Progress> {
  const res = await r.t.app.request(`/api/campaigns/news/progress?month=${month}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Progress
}

/** Sets the service's clock and the portal's to `iso`. */
function at(iso: string) {
  r.clock.set(iso)
  r.fake.billing.portal.now = () => Math.floor(Date.parse(iso) / 1000)
}

/** Presses a button of the fake portal's page, as the donor's browser posts it. */
async function press(portalUrl: string, action: 'amount' | 'cancel', form: Record<string, string>) {
  const res = await fetch(`${portalUrl}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  })
  expect(res.status).toBe(200)
  return res.text()
}

describe('a change made in the customer portal reaches the bar', () => {
  it('a new amount counts from the next renewal on, a cancellation drops the supporter', async () => {
    at('2026-06-10T12:00:00.000Z')
    const customer = await r.monthlyGift(DONOR)
    const session = [...r.fake.checkout.sessions.values()].find(
      (s) => s.subscription?.customer === customer,
    )
    expect(await progress('2026-06')).toMatchObject({
      pledged: 1500,
      donations: 1,
      recurring: { supporters: 1, monthly: 1500 },
    })

    // The donor asks for the link, receives it, opens it: the portal of their customer.
    at('2026-06-20T09:00:00.000Z')
    await r.ask(DONOR, await r.openForm())
    expect(await r.sender().runOnce()).toMatchObject({ failed: 0 })
    const mail = r.smtp.received.find((m) => m.mail.subject?.startsWith('Your link to manage'))
    const [link] = r.linksIn(mail?.mail.text ?? '')
    const { portal: portalLink } = await r.openLink(link as string)
    const open = await r.t.app.request(portalLink as string)
    expect(open.status).toBe(303)
    const portal = r.fake.billing.portal.sessions.at(-1)
    expect(portal?.customer).toBe(customer)
    expect(open.headers.get('location')).toBe(portal?.url)
    const page = await (await fetch(portal?.url ?? '')).text()
    expect(page).toContain('Update amount')

    // A new amount: customer.subscription.updated with the new price. The month's money stays
    // what was paid; the monthly figure is the new amount at once.
    const sentBefore = r.fake.webhooks.sent.length
    expect(await press(portal?.url ?? '', 'amount', { amount: '2500' })).toContain('Amount updated')
    const updates = r.fake.webhooks.sent.slice(sentBefore)
    expect(updates.flatMap((b) => b.statuses).every((s) => s === 200)).toBe(true)
    expect(new Set(updates.flatMap((b) => b.events.map((e) => e.type)))).toEqual(
      new Set(['customer.subscription.updated']),
    )
    expect(await progress('2026-06')).toMatchObject({
      pledged: 1500,
      donations: 1,
      recurring: { supporters: 1, monthly: 2500 },
    })

    // The next renewal is invoiced and paid at the new amount, counted in its month, thanked.
    at('2026-07-10T14:00:00.000Z')
    const renewal = await r.fake.renew(session?.id ?? '')
    expect(new Set(renewal.statuses)).toEqual(new Set([200]))
    const paid = renewal.events.find((e) => e.type === 'invoice.paid')?.data.object as {
      amount_paid: number
    }
    expect(paid.amount_paid).toBe(2500)
    expect(await progress('2026-07')).toMatchObject({
      pledged: 2500,
      donations: 1,
      recurring: { supporters: 1, monthly: 2500 },
    })
    at('2026-07-10T16:00:00.000Z')
    await r.sender().runOnce()
    const thanks = r.smtp.received.filter((m) => m.mail.subject?.startsWith('Thank you'))
    expect(thanks.map((m) => /^Amount: (.+)$/m.exec(m.mail.text ?? '')?.[1])).toEqual([
      '$15',
      '$25',
    ])

    // Cancelling there: customer.subscription.deleted; what was given stays counted.
    at('2026-07-20T09:00:00.000Z')
    expect(await press(portal?.url ?? '', 'cancel', {})).toContain('Gift cancelled')
    expect(await progress('2026-07')).toMatchObject({
      pledged: 2500,
      recurring: { supporters: 0, monthly: 0 },
    })
    expect(await progress('2026-06')).toMatchObject({ pledged: 1500, donations: 1 })
    await expectTotalsMatchLedger(r.t.store)
  })
})
