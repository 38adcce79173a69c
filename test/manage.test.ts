import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { outboxCounts } from '../src/store/outbox.js'
import { makeTestApp, newsCampaign } from './support/harness.js'
import { DONOR, type ManageRig, PUBLIC, startManageRig } from './support/manage-rig.js'

// Managing a monthly gift: the link received by a real SMTP server (smtp-server), and the
// customer portal of the fake Stripe (test/support/fake-stripe-billing.ts). The form's own
// refusals and pages: manage-form.test.ts.

let r: ManageRig
beforeEach(async () => {
  r = await startManageRig()
})
afterEach(() => r.close())

describe('managing a monthly gift', () => {
  it('e-mails a signed link that opens the gifts page, whose link opens the customer portal', async () => {
    const customer = await r.monthlyGift(DONOR)
    const form = await r.openForm()
    expect(form.res.status).toBe(200)
    expect(form.res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(form.res.headers.get('set-cookie')).toMatch(/HttpOnly; Secure; SameSite=Strict/)
    expect(form.html).toContain('Manage your gift to The Daily News')
    expect(form.html).not.toContain('<script')

    // The answer asks Stripe nothing: the lookup happens when the outbox sends.
    const asked = r.fake.requests.length
    const res = await r.ask(DONOR, form)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(
      'If this address gives monthly or yearly to The Daily News, a link to manage the gift is on its way.',
    )
    expect(r.fake.requests.length).toBe(asked)
    expect(await outboxCounts(r.t.store)).toMatchObject({ pending: 2 })

    expect(await r.sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    expect(r.smtp.received).toHaveLength(1)
    const [got] = r.smtp.received
    expect(got?.to).toEqual([DONOR])
    expect(got?.mail.subject).toBe('Your link to manage your gift to The Daily News')
    expect(got?.mail.text).toContain('The link works for one hour.')
    const [link] = r.linksIn(got?.mail.text ?? '')
    expect(link).toMatch(/^\/manage\/news\/gifts\?token=cus_/)
    expect(got?.mail.html).toContain(`href="${PUBLIC}${link}"`)

    // The link opens our page of the donor's gifts; its portal link opens Stripe's portal.
    const gifts = await r.openLink(link as string)
    expect(gifts.res.status).toBe(200)
    expect(gifts.res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(gifts.html).toContain('You give $15 a month to The Daily News.')
    expect(gifts.html).not.toContain('<script')
    expect(r.fake.billing.portal.sessions).toEqual([])
    const open = await r.t.app.request(gifts.portal as string)
    expect(open.status).toBe(303)
    expect(open.headers.get('referrer-policy')).toBe('no-referrer')
    const [portal] = r.fake.billing.portal.sessions
    expect(portal?.customer).toBe(customer)
    expect(portal?.return_url).toBe(`${PUBLIC}/donate/news`)
    expect(open.headers.get('location')).toBe(portal?.url)
    const page = await (await fetch(portal?.url ?? '')).text()
    expect(page).toContain(customer)
    // The link opens the portal again within its hour (each time a new portal session).
    expect((await r.t.app.request(gifts.portal as string)).status).toBe(303)
  })

  it("finds a connected account's donor on that account and opens the portal there (Stripe Connect)", async () => {
    const account = 'acct_1ManageRadio'
    const set = await r.t.call('PATCH', '/api/admin/campaigns/radio', { stripeAccount: account })
    expect(set.status).toBe(200)
    // The same address gives to the platform's campaign too: only radio's customer is found.
    await r.monthlyGift(DONOR)
    const customer = await r.monthlyGift(DONOR, 'radio')
    expect(r.fake.billing.owner.get(customer)).toBe(account)
    const form = await r.openForm('/manage/radio')
    expect((await r.ask(DONOR, form, { path: '/manage/radio' })).status).toBe(200)
    const asked = r.fake.requests.length
    expect(await r.sender().runOnce()).toMatchObject({ sent: 1, failed: 0 })
    const lookups = r.fake.requests
      .map((q, i) => ({ q, account: r.fake.accounts[i] }))
      .slice(asked)
      .filter((x) => /^GET \/v1\/(customers|subscriptions)\b/.test(x.q))
    expect(lookups.length).toBeGreaterThan(0)
    expect(lookups.filter((x) => x.account !== account)).toEqual([])
    const mail = r.smtp.received.find((m) => m.mail.text?.includes('/manage/radio/gifts'))
    const [link] = r.linksIn(mail?.mail.text ?? '')
    expect(link?.startsWith(`/manage/radio/gifts?token=${customer}.`)).toBe(true)
    // The page lists the gifts on that account only.
    const listed = r.fake.requests.length
    const gifts = await r.openLink(link as string)
    expect(gifts.res.status).toBe(200)
    expect(gifts.gifts).toHaveLength(1)
    const lists = r.fake.requests
      .map((q, i) => ({ q, account: r.fake.accounts[i] }))
      .slice(listed)
      .filter((x) => x.q.startsWith('GET /v1/subscriptions'))
    expect(lists.map((x) => x.account)).toEqual([account])
    expect(lists[0]?.q).toContain(`customer=${customer}`)
    expect(lists[0]?.q).toContain('status=active')
    const open = await r.t.app.request(gifts.portal as string)
    expect(open.status).toBe(303)
    const portal = r.fake.billing.portal.sessions.at(-1)
    expect(portal?.customer).toBe(customer)
    expect(r.fake.billing.owner.get(portal?.id ?? '')).toBe(account)
  })

  it('gives an unknown address the same answer, and sends it nothing', async () => {
    await r.monthlyGift(DONOR)
    const one = await r.openForm()
    const donor = await (await r.ask(DONOR, one)).text()
    const other = await (await r.ask('nobody@example.org', one)).text()
    // A donor of another campaign: their subscription names news, not radio.
    const radioDonor = await (
      await r.ask(DONOR, await r.openForm('/manage/radio'), { path: '/manage/radio' })
    ).text()
    expect(other).toBe(donor)
    expect(radioDonor).toBe(
      donor.replaceAll('The Daily News', 'Radio Free').replaceAll('/news', '/radio'),
    )
    expect(await r.sender().runOnce()).toEqual({ sent: 1, failed: 2 })
    expect(r.smtp.received.map((m) => m.to)).toEqual([[DONOR]])
    // The dropped rows kept no address.
    const rows = await r.t.store.db
      .selectFrom('mail_outbox')
      .select(['status', 'address'])
      .where('kind', '=', 'manage')
      .execute()
    expect(rows.filter((row) => row.status === 'dropped')).toEqual([
      { status: 'dropped', address: null },
      { status: 'dropped', address: null },
    ])
  })

  it('finds the donor whatever the case typed, in the language the page was asked in', async () => {
    await r.monthlyGift(DONOR)
    const form = await r.openForm('/manage/news?locale=de-DE')
    expect(form.html).toContain('<html lang="de-DE" dir="ltr">')
    const res = await r.ask(DONOR.toUpperCase(), form, { path: '/manage/news?locale=de-DE' })
    expect(await res.text()).toContain('ist ein Link zur Verwaltung unterwegs')
    expect(await r.sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    // Sent to the address as typed (the SMTP server writes the domain in lower case).
    expect(r.smtp.received[0]?.to.map((a) => a.toLowerCase())).toEqual([DONOR])
    expect(r.smtp.received[0]?.mail.subject).toBe(
      'Ihr Link zur Verwaltung Ihrer Spende an The Daily News',
    )
  })

  it('refuses an expired link and a forged one with a page and a form to ask again', async () => {
    const customer = await r.monthlyGift(DONOR)
    await r.ask(DONOR, await r.openForm())
    await r.sender().runOnce()
    const [link] = r.linksIn(r.smtp.received[0]?.mail.text ?? '')
    const token = new URL(link as string, PUBLIC).searchParams.get('token') ?? ''
    const [, exp, mac] = token.split('.')
    const forged = [
      `cus_someoneelse.${exp}.${mac}`,
      `${customer}.${Number(exp) + 3600}.${mac}`,
      `${customer}.${exp}.${mac?.slice(0, -2)}AA`,
      `${customer}.${exp}`,
      'nonsense',
    ]
    for (const f of forged) {
      for (const page of ['gifts', 'portal']) {
        const res = await r.t.app.request(`/manage/news/${page}?token=${encodeURIComponent(f)}`)
        expect(res.status, f).toBe(400)
        const html = await res.text()
        expect(html).toContain('This link is not valid. Ask for a new one here.')
        expect(html).toContain('name="_csrf"')
      }
    }
    // A link for one campaign opens nothing at another's address.
    expect((await r.t.app.request(`/manage/radio/portal?token=${token}`)).status).toBe(400)
    expect((await r.t.app.request(`/manage/radio/gifts?token=${token}`)).status).toBe(400)
    // An hour later the genuine link has expired.
    r.clock.set(new Date(r.clock().getTime() + 3600_000).toISOString())
    const late = await r.t.app.request(link as string)
    expect(late.status).toBe(400)
    const html = await late.text()
    expect(html).toContain('This link has expired')
    expect(html).toContain('<form method="post" action="/manage/news"')
    expect(r.fake.billing.portal.sessions).toEqual([])
  })

  it('says so with a page when the portal cannot open, or managing is off', async () => {
    await r.monthlyGift(DONOR)
    await r.ask(DONOR, await r.openForm())
    await r.sender().runOnce()
    const [link] = r.linksIn(r.smtp.received[0]?.mail.text ?? '')
    r.fake.billing.portal.mode = 'error'
    const { portal } = await r.openLink(link as string)
    const failed = await r.t.app.request(portal as string)
    expect(failed.status).toBe(502)
    expect(await failed.text()).toContain('could not be opened just now')

    const off = await makeTestApp({ env: { PUBLIC_URL: PUBLIC } })
    try {
      await off.call('POST', '/api/admin/campaigns', {
        ...newsCampaign,
        page: { contactUrl: 'https://news.example/contact' },
      })
      const res = await off.app.request('/manage/news')
      expect(res.status).toBe(503)
      const html = await res.text()
      expect(html).toContain('Managing a gift online is not set up on this site.')
      expect(html).toContain('STRIPE_SECRET_KEY')
      expect(html).toContain('href="https://news.example/contact"')
      expect(html).not.toContain('<form')
    } finally {
      await off.close()
    }
  })

  it("makes the thank-you e-mail's manage link lead to this page", async () => {
    await r.monthlyGift(DONOR)
    r.clock.set(new Date(r.clock().getTime() + 120_000).toISOString())
    expect(await r.sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    const text = r.smtp.received[0]?.mail.text ?? ''
    expect(text).toContain(`${PUBLIC}/manage/news`)
    const res = await r.t.app.request('/manage/news')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('name="email"')
  })
})
