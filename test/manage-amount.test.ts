import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { expectTotalsMatchLedger } from './support/harness.js'
import { htmlProblems } from './support/html-check.js'
import { DONOR, type ManageRig, startManageRig } from './support/manage-rig.js'

// A new amount for a monthly gift on our own page: from the e-mailed link (a real SMTP
// server) to the page of the donor's gifts, its form, the fake Stripe's
// POST /v1/subscriptions/:id (test/support/fake-stripe-subscription-update.ts) and the events
// it sends, to the renewal at the new amount counted in its month. Every refusal is a page and
// changes nothing at Stripe.

interface Progress {
  pledged: number
  donations: number
  recurring: { supporters: number; monthly: number }
}

let r: ManageRig
beforeEach(async () => {
  r = await startManageRig()
  // Bounds and monthly presets of the campaign's checkout settings.
  const set = await r.t.call('PATCH', '/api/admin/campaigns/news', {
    checkout: {
      enabled: true,
      allowMonthly: true,
      min: 500,
      max: 100000,
      presetsByInterval: { month: [1000, 1500, 3000] },
    },
  })
  expect(set.status).toBe(200)
})
afterEach(() => r.close())

async function progress(month: string): Promise<Progress> {
  const res = await r.t.app.request(`/api/campaigns/news/progress?month=${month}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Progress
}

function at(iso: string) {
  r.clock.set(iso)
  r.fake.billing.portal.now = () => Math.floor(Date.parse(iso) / 1000)
}

/** The donor's link, as the e-mail brings it. */
async function emailedLink(): Promise<string> {
  await r.ask(DONOR, await r.openForm())
  expect(await r.sender().runOnce()).toMatchObject({ failed: 0 })
  const mail = r.smtp.received.find((m) => m.mail.subject?.startsWith('Your link to manage'))
  const [link] = r.linksIn(mail?.mail.text ?? '')
  expect(link).toBeDefined()
  return link as string
}

describe('changing the amount of a monthly gift on the gifts page', () => {
  it('refuses what it must with a page, then a new amount counts from the next renewal', async () => {
    at('2026-06-10T12:00:00.000Z')
    const customer = await r.monthlyGift(DONOR)
    await r.monthlyGift('someone.else@example.org')
    const subOf = (c: string) =>
      [...r.fake.billing.subscriptions.values()].find((s) => s.customer === c)
    const mine = subOf(customer)
    const theirs = [...r.fake.billing.subscriptions.values()].find((s) => s.customer !== customer)
    expect(mine && theirs).toBeTruthy()
    const item = mine?.items.data[0]
    const product = item?.price.product

    at('2026-06-20T09:00:00.000Z')
    const link = await emailedLink()
    const page = await r.openLink(link)
    expect(page.res.status).toBe(200)
    expect(page.gifts).toEqual([mine?.id])
    expect(page.html).toContain('You give $15 a month to The Daily News.')
    // The monthly presets, the current amount chosen; the portal for the card or stopping.
    expect(page.html).toMatch(/value="1500" checked/)
    expect(page.html).toContain('<bdi>$30</bdi>')
    expect(page.portal).toMatch(/^\/manage\/news\/portal\?token=cus_/)
    expect(await htmlProblems(page.html, 'gifts')).toEqual([])

    const sub = mine?.id as string
    const refusals: [string, Response, number, string][] = [
      [
        'ambiguous',
        await r.changeAmount(link, sub, { amount: 'other', custom: '12,50' }),
        400,
        'Write the amount like 12.50 / 1,250.',
      ],
      [
        'under min',
        await r.changeAmount(link, sub, { amount: 'other', custom: '4.99' }),
        400,
        'Choose an amount between $5 and $1,000.',
      ],
      [
        'over max',
        await r.changeAmount(link, sub, { amount: '100001' }),
        400,
        'Choose an amount between $5 and $1,000.',
      ],
      [
        "another customer's gift",
        await r.changeAmount(link, theirs?.id as string, { amount: '2500' }),
        403,
        'This gift cannot be changed with this link, so nothing was done.',
      ],
      [
        'a made-up gift',
        await r.changeAmount(link, 'sub_madeup', { amount: '2500' }),
        403,
        'This gift cannot be changed with this link, so nothing was done.',
      ],
      [
        'another site',
        await r.changeAmount(link, sub, { amount: '2500' }, { origin: 'https://evil.example' }),
        403,
        'came from another site',
      ],
      [
        'a forged token',
        await r.changeAmount(link, sub, { amount: '2500' }, { token: `${customer}.9999999999.x` }),
        400,
        'This link is not valid.',
      ],
    ]
    for (const [name, res, status, text] of refusals) {
      expect(res.status, name).toBe(status)
      expect(res.headers.get('content-type'), name).toBe('text/html; charset=UTF-8')
      const html = await res.text()
      expect(html, name).toContain(text)
    }
    // The ambiguous amount stays in its field, for the donor to correct.
    const again = await r.changeAmount(link, sub, { amount: 'other', custom: '12,50' })
    expect(await again.text()).toMatch(/value="12,50"/)
    expect(r.fake.billing.updates.calls).toEqual([])

    // A new amount typed the campaign's way: Stripe is asked to change the item's price.
    const sentBefore = r.fake.webhooks.sent.length
    const ok = await r.changeAmount(link, sub, { amount: 'other', custom: '25' })
    expect(ok.status).toBe(200)
    const done = await ok.text()
    expect(done).toContain('Done: from the next payment on, you give $25 a month.')
    expect(done).toContain('You give $25 a month to The Daily News.')
    const [call] = r.fake.billing.updates.calls
    expect(call?.id).toBe(sub)
    expect(call?.params).toEqual({
      'items[0][id]': item?.id,
      'items[0][price_data][currency]': 'usd',
      'items[0][price_data][product]': product,
      'items[0][price_data][unit_amount]': '2500',
      'items[0][price_data][recurring][interval]': 'month',
      proration_behavior: 'none',
    })
    expect(call?.idempotencyKey).toMatch(/^manage-amount-/)
    const updates = r.fake.webhooks.sent.slice(sentBefore)
    expect(updates.flatMap((b) => b.statuses).every((s) => s === 200)).toBe(true)
    expect(new Set(updates.flatMap((b) => b.events.map((e) => e.type)))).toEqual(
      new Set(['customer.subscription.updated']),
    )
    // June's money stays what was paid; the monthly figure is the new amount at once.
    expect(await progress('2026-06')).toMatchObject({
      pledged: 3000,
      donations: 2,
      recurring: { supporters: 2, monthly: 4000 },
    })
    expect((await r.openLink(link)).html).toContain('You give $25 a month to The Daily News.')

    // The next renewal is paid at the new amount and counted in July.
    at('2026-07-10T14:00:00.000Z')
    const session = [...r.fake.checkout.sessions.values()].find(
      (s) => s.subscription?.customer === customer,
    )
    const renewal = await r.fake.renew(session?.id ?? '')
    expect(new Set(renewal.statuses)).toEqual(new Set([200]))
    const paid = renewal.events.find((e) => e.type === 'invoice.paid')?.data.object as {
      amount_paid: number
    }
    expect(paid.amount_paid).toBe(2500)
    expect(await progress('2026-07')).toMatchObject({ pledged: 2500, donations: 1 })
    await expectTotalsMatchLedger(r.t.store)
  })

  it('refuses a change with an expired link, with a page and the form to ask again', async () => {
    at('2026-06-10T12:00:00.000Z')
    const customer = await r.monthlyGift(DONOR)
    const link = await emailedLink()
    const sub = [...r.fake.billing.subscriptions.values()].find((s) => s.customer === customer)
    at('2026-06-10T13:00:30.000Z')
    const late = await r.changeAmount(link, sub?.id as string, { amount: '3000' })
    expect(late.status).toBe(400)
    const html = await late.text()
    expect(html).toContain('This link has expired')
    expect(html).toContain('<form method="post" action="/manage/news"')
    expect((await r.openLink(link)).res.status).toBe(400)
    expect(r.fake.billing.updates.calls).toEqual([])
  })

  it('speaks the page’s language and direction, and reads amounts its way', async () => {
    at('2026-06-10T12:00:00.000Z')
    const customer = await r.monthlyGift(DONOR)
    const link = await emailedLink()
    const sub = [...r.fake.billing.subscriptions.values()].find((s) => s.customer === customer)
    const ar = await r.openLink(`${link}&locale=ar`)
    expect(ar.res.status).toBe(200)
    expect(ar.html).toContain('dir="rtl"')
    expect(ar.html).toContain('غيّر المبلغ')
    expect(ar.portal).toContain('&locale=ar')
    expect(await htmlProblems(ar.html, 'gifts ar')).toEqual([])
    // In German `20,50` is twenty and a half: the page's locale reads the typed amount.
    const de = await r.changeAmount(`${link}&locale=de`, sub?.id as string, {
      amount: 'other',
      custom: '20,50',
    })
    expect(de.status).toBe(200)
    expect(await de.text()).toContain('Erledigt')
    expect(r.fake.billing.updates.calls.at(-1)?.params['items[0][price_data][unit_amount]']).toBe(
      '2050',
    )
  })
})
