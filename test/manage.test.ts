import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { servicesOf } from '../src/app.js'
import { mailSender } from '../src/mail/sender.js'
import { manageComposer } from '../src/manage/compose.js'
import { smtpTransport } from '../src/node/smtp.js'
import { outboxCounts } from '../src/store/outbox.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { htmlProblems } from './support/html-check.js'
import { type RealSmtp, startSmtp } from './support/smtp.js'
import { WHSEC, webhookEnv } from './support/stripe-events.js'

// Managing a monthly gift: the e-mail form, the link received by a real SMTP server
// (smtp-server), and the customer portal of the fake Stripe (test/support/fake-stripe-billing.ts).

const MAIL_KEY = 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE='
const FROM = 'The Daily News <thanks@news.example>'
const PUBLIC = 'https://give.example'
const DONOR = 'monthly.reader@example.org'

type Fake = Awaited<ReturnType<typeof startFakeStripe>>

let smtp: RealSmtp
let fake: Fake
let t: TestApp
let clock: ReturnType<typeof fixedClock>

/** The app's services, its outbox sent through SMTP with the manage composer (as on Node). */
function sender() {
  const { store, stripe } = servicesOf(t.app)
  if (!stripe) throw new Error('no Stripe client')
  return mailSender({
    store,
    transport: smtpTransport(smtp.url),
    mail: { from: FROM, key: MAIL_KEY },
    clock,
    publicUrl: PUBLIC,
    compose: manageComposer({ store, stripe, publicUrl: PUBLIC, mailKey: MAIL_KEY, clock }),
  })
}

async function app(env: Record<string, string> = {}) {
  return makeTestApp({
    env: {
      ...webhookEnv,
      STRIPE_SECRET_KEY: 'sk_test_manage',
      STRIPE_API_URL: fake.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
      MAIL_KEY,
      PUBLIC_URL: PUBLIC,
      CLIENT_IP_HEADER: 'X-Forwarded-For',
      MANAGE_RATE_LIMIT: '4',
      ...env,
    },
    deps: { clock, stripe: fake.stripe },
  })
}

/** A monthly gift by `email`, paid at the fake Stripe, its events delivered to the app. */
async function monthlyGift(email: string, slug = 'news'): Promise<string> {
  const res = await t.app.request(`/api/campaigns/${slug}/checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.40' },
    body: JSON.stringify({ amount: 1500, interval: 'month' }),
  })
  expect(res.status).toBe(200)
  const { id } = (await res.json()) as { id: string }
  const paid = await fake.pay(id, { email, at: Math.floor(clock().getTime() / 1000) - 60 })
  expect(new Set(paid.statuses)).toEqual(new Set([200]))
  const customer = fake.checkout.sessions.get(id)?.subscription?.customer
  if (!customer) throw new Error('no customer')
  return customer
}

/** The form as a browser gets it: its cookie and hidden token. */
async function openForm(path = '/manage/news') {
  const res = await t.app.request(path)
  const html = await res.text()
  const cookie = /sb_manage=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
  return { res, html, cookie, csrf }
}

/** Posts the form as a browser of this origin does. */
function ask(
  email: string,
  f: { cookie: string; csrf: string },
  o: { origin?: string; ip?: string; path?: string } = {},
) {
  return t.app.request(o.path ?? '/manage/news', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: o.origin ?? PUBLIC,
      Cookie: `sb_manage=${f.cookie}`,
      'X-Forwarded-For': o.ip ?? '198.51.100.7',
    },
    body: new URLSearchParams({ _csrf: f.csrf, email }).toString(),
  })
}

/** The portal links of a received message. */
const linksIn = (text: string) =>
  [...text.matchAll(/https:\/\/give\.example(\/manage\/[^\s]+portal\?token=[^\s]+)/g)].map(
    (m) => m[1] as string,
  )

beforeEach(async () => {
  smtp = await startSmtp()
  fake = await startFakeStripe()
  clock = fixedClock(new Date().toISOString())
  t = await app()
  fake.webhooks.to((path, init) => t.app.request(path, init), WHSEC)
  const checkout = { enabled: true, allowMonthly: true }
  await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, checkout })
  await t.call('POST', '/api/admin/campaigns', {
    ...newsCampaign,
    slug: 'radio',
    name: 'Radio Free',
    checkout,
  })
})

afterEach(async () => {
  await t.close()
  await fake.close()
  await smtp.close()
})

describe('managing a monthly gift', () => {
  it('e-mails a signed link that opens the customer portal for the right customer', async () => {
    const customer = await monthlyGift(DONOR)
    const form = await openForm()
    expect(form.res.status).toBe(200)
    expect(form.res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(form.res.headers.get('set-cookie')).toMatch(/HttpOnly; Secure; SameSite=Strict/)
    expect(form.html).toContain('Manage your gift to The Daily News')
    expect(form.html).not.toContain('<script')

    // The answer asks Stripe nothing: the lookup happens when the outbox sends.
    const asked = fake.requests.length
    const res = await ask(DONOR, form)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(
      'If this address gives monthly or yearly to The Daily News, a link to manage the gift is on its way.',
    )
    expect(fake.requests.length).toBe(asked)
    expect(await outboxCounts(t.store)).toMatchObject({ pending: 2 })

    expect(await sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    expect(smtp.received).toHaveLength(1)
    const [got] = smtp.received
    expect(got?.to).toEqual([DONOR])
    expect(got?.mail.subject).toBe('Your link to manage your gift to The Daily News')
    expect(got?.mail.text).toContain('The link works for one hour.')
    const [link] = linksIn(got?.mail.text ?? '')
    expect(link).toMatch(/^\/manage\/news\/portal\?token=cus_/)
    expect(got?.mail.html).toContain(`href="${PUBLIC}${link}"`)

    const open = await t.app.request(link as string)
    expect(open.status).toBe(303)
    expect(open.headers.get('referrer-policy')).toBe('no-referrer')
    const [portal] = fake.billing.portal.sessions
    expect(portal?.customer).toBe(customer)
    expect(portal?.return_url).toBe(`${PUBLIC}/donate/news`)
    expect(open.headers.get('location')).toBe(portal?.url)
    const page = await (await fetch(portal?.url ?? '')).text()
    expect(page).toContain(customer)
    // The link opens the portal again within its hour (each time a new portal session).
    expect((await t.app.request(link as string)).status).toBe(303)
  })

  it('gives an unknown address the same answer, and sends it nothing', async () => {
    await monthlyGift(DONOR)
    const one = await openForm()
    const donor = await (await ask(DONOR, one)).text()
    const other = await (await ask('nobody@example.org', one)).text()
    // A donor of another campaign: their subscription names news, not radio.
    const radioDonor = await (
      await ask(DONOR, await openForm('/manage/radio'), { path: '/manage/radio' })
    ).text()
    expect(other).toBe(donor)
    expect(radioDonor).toBe(
      donor.replaceAll('The Daily News', 'Radio Free').replaceAll('/news', '/radio'),
    )
    expect(await sender().runOnce()).toEqual({ sent: 1, failed: 2 })
    expect(smtp.received.map((m) => m.to)).toEqual([[DONOR]])
    // The dropped rows kept no address.
    const rows = await t.store.db
      .selectFrom('mail_outbox')
      .select(['status', 'address'])
      .where('kind', '=', 'manage')
      .execute()
    expect(rows.filter((r) => r.status === 'dropped')).toEqual([
      { status: 'dropped', address: null },
      { status: 'dropped', address: null },
    ])
  })

  it('finds the donor whatever the case typed, in the language the page was asked in', async () => {
    await monthlyGift(DONOR)
    const form = await openForm('/manage/news?locale=de-DE')
    expect(form.html).toContain('<html lang="de-DE" dir="ltr">')
    const res = await ask(DONOR.toUpperCase(), form, { path: '/manage/news?locale=de-DE' })
    expect(await res.text()).toContain('ist ein Link zur Verwaltung unterwegs')
    expect(await sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    // Sent to the address as typed (the SMTP server writes the domain in lower case).
    expect(smtp.received[0]?.to.map((a) => a.toLowerCase())).toEqual([DONOR])
    expect(smtp.received[0]?.mail.subject).toBe(
      'Ihr Link zur Verwaltung Ihrer Spende an The Daily News',
    )
  })

  it('refuses an expired link and a forged one with a page and a form to ask again', async () => {
    const customer = await monthlyGift(DONOR)
    await ask(DONOR, await openForm())
    await sender().runOnce()
    const [link] = linksIn(smtp.received[0]?.mail.text ?? '')
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
      const res = await t.app.request(`/manage/news/portal?token=${encodeURIComponent(f)}`)
      expect(res.status, f).toBe(400)
      const html = await res.text()
      expect(html).toContain('This link is not valid. Ask for a new one here.')
      expect(html).toContain('name="_csrf"')
    }
    // A link for one campaign opens nothing at another's address.
    expect((await t.app.request(`/manage/radio/portal?token=${token}`)).status).toBe(400)
    // An hour later the genuine link has expired.
    clock.set(new Date(clock().getTime() + 3600_000).toISOString())
    const late = await t.app.request(link as string)
    expect(late.status).toBe(400)
    const html = await late.text()
    expect(html).toContain('This link has expired')
    expect(html).toContain('<form method="post" action="/manage/news"')
    expect(fake.billing.portal.sessions).toEqual([])
  })

  it('refuses forms from another site or without their token, and nothing is queued', async () => {
    const form = await openForm()
    const cases = [
      ask(DONOR, form, { origin: 'https://evil.example' }),
      ask(DONOR, { ...form, csrf: '' }),
      ask(DONOR, { ...form, cookie: '' }),
      ask(DONOR, { cookie: (await openForm()).cookie, csrf: form.csrf }),
    ]
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      expect(await res.text()).toContain('This form had expired or came from another site')
    }
    expect(await outboxCounts(t.store)).toEqual({})
  })

  it('sends one link per address in ten minutes, and limits requests per client', async () => {
    await monthlyGift(DONOR)
    const form = await openForm()
    expect((await ask(DONOR, form)).status).toBe(200)
    expect((await ask(DONOR, form)).status).toBe(200)
    expect((await ask('a@example.org', form)).status).toBe(200)
    expect((await ask('b@example.org', form)).status).toBe(200)
    const limited = await ask('c@example.org', form)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await limited.text()).toContain('Too many requests from your connection.')
    // Another client is not limited by this one.
    expect((await ask('c@example.org', form, { ip: '198.51.100.99' })).status).toBe(200)
    const manage = await t.store.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('kind', '=', 'manage')
      .execute()
    expect(manage).toHaveLength(4)
    expect(manage.map((r) => r.id).join()).not.toContain('example.org')
    await sender().runOnce()
    expect(smtp.received.filter((m) => m.to[0] === DONOR)).toHaveLength(1)
  })

  it('passes html-validate: the form, its answer, a refusal, an expired link, managing off', async () => {
    const form = await openForm('/manage/news?locale=ar')
    const pages: [string, string][] = [
      ['form', (await openForm()).html],
      ['form ar', form.html],
      ['sent', await (await ask(DONOR, form, { path: '/manage/news?locale=ar' })).text()],
      ['bad e-mail', await (await ask('x', form)).text()],
      ['forged', await (await t.app.request('/manage/news/portal?token=x')).text()],
      ['unknown', await (await t.app.request('/manage/nope')).text()],
    ]
    const off = await makeTestApp()
    try {
      await off.call('POST', '/api/admin/campaigns', newsCampaign)
      pages.push(['off', await (await off.app.request('/manage/news')).text()])
    } finally {
      await off.close()
    }
    const problems: string[] = []
    for (const [name, html] of pages) problems.push(...(await htmlProblems(html, name)))
    expect(problems).toEqual([])
  })

  it('answers bad input with pages in their own language and direction', async () => {
    const form = await openForm('/manage/news?locale=ar')
    expect(form.html).toContain('<html lang="ar" dir="rtl">')
    expect(form.html).toContain('إدارة تبرعك لـ The Daily News')
    const bad = await ask('not an address', form, { path: '/manage/news?locale=ar' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('أدخل بريدًا إلكترونيًا مثل name@example.org.')
    const unknown = await t.app.request('/manage/nope')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    const option = await t.app.request('/manage/news?theme=neon')
    expect(option.status).toBe(400)
    expect(option.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await outboxCounts(t.store)).toEqual({})
  })

  it('says so with a page when the portal cannot open, or managing is off', async () => {
    await monthlyGift(DONOR)
    await ask(DONOR, await openForm())
    await sender().runOnce()
    const [link] = linksIn(smtp.received[0]?.mail.text ?? '')
    fake.billing.portal.mode = 'error'
    const failed = await t.app.request(link as string)
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
    await monthlyGift(DONOR)
    clock.set(new Date(clock().getTime() + 120_000).toISOString())
    expect(await sender().runOnce()).toEqual({ sent: 1, failed: 0 })
    const text = smtp.received[0]?.mail.text ?? ''
    expect(text).toContain(`${PUBLIC}/manage/news`)
    const res = await t.app.request('/manage/news')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('name="email"')
  })
})
