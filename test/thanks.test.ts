import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { payEvents } from '../src/demo/checkout-sim.js'
import { withFeeCovered } from '../src/domain/checkout.js'
import { afterGiftText } from '../src/domain/messages/after-gift.js'
import { formatMoney } from '../src/domain/money.js'
import { stripeClient } from '../src/stripe/client.js'
import { PNG } from './logo/images.js'
import { startFakeStripe } from './support/fake-stripe.js'
import { ADMIN_TOKEN, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { htmlProblems } from './support/html-check.js'

// The thank-you page reads the gift from its Checkout Session, on the server, from the fake
// Stripe (test/support/fake-stripe.ts answers GET /v1/checkout/sessions/:id in Stripe's shape).

const PUBLIC = 'https://bar.example'
const FEE = { enabled: true, rateBps: 290, fixed: 30 }
const MAIL = {
  SMTP_URL: 'smtp://127.0.0.1:9',
  MAIL_FROM: 'thanks@news.example',
  MAIL_KEY: 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE=',
}

type Fake = Awaited<ReturnType<typeof startFakeStripe>>

async function appWith(fake: Fake | null, env: Record<string, string> = {}): Promise<TestApp> {
  const all = {
    ...(fake ? { STRIPE_SECRET_KEY: 'sk_test_thanks', STRIPE_API_URL: fake.url } : {}),
    PUBLIC_URL: PUBLIC,
    CLIENT_IP_HEADER: 'X-Forwarded-For',
    CHECKOUT_TIMEOUT_MS: '500',
    ...env,
  }
  const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...all }))
  const t = await makeTestApp({ env: all, deps: stripe ? { stripe } : {} })
  const checkout = { enabled: true, allowMonthly: true, allowYearly: true, feeCover: FEE }
  for (const c of [
    { ...newsCampaign, checkout },
    { ...newsCampaign, slug: 'radio', name: 'Radio Free', checkout },
  ]) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  return t
}

const money = (minor: number, locale = 'en-US') => formatMoney(minor, 'USD', { locale })

describe('the thank-you page', () => {
  let fake: Fake
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeStripe()
  })
  afterAll(async () => {
    await fake.close()
  })
  beforeEach(async () => {
    fake.checkout.mode = 'ok'
    t = await appWith(fake, MAIL)
    return () => t.close()
  })

  /** A session made through the checkout API, paid at the fake (no webhook needed here). */
  async function session(
    body: { amount: number; interval?: string; coverFee?: boolean },
    slug = 'news',
    pay: 'card' | 'sepa_debit' | null = 'card',
  ): Promise<string> {
    const res = await t.app.request(`/api/campaigns/${slug}/checkout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.30' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    const { id } = (await res.json()) as { id: string }
    const s = fake.checkout.sessions.get(id)
    if (s && pay) payEvents(s, { method: pay })
    return id
  }

  const thanks = (query: string, slug = 'news') => t.app.request(`/donate/${slug}/thanks?${query}`)

  it('states the amount, the fee cover and the campaign from the session, never from the query', async () => {
    const id = await session({ amount: 2500, interval: 'once', coverFee: true })
    const res = await thanks(`session_id=${id}&amount=999999&gift=999999&theme=dark`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    const html = await res.text()
    const total = withFeeCovered(2500, FEE)
    expect(html).toContain(`You gave ${money(total)} to The Daily News.`)
    expect(html).toContain(`It includes ${money(total - 2500)} to cover the payment fee.`)
    expect(html).not.toMatch(/9,999|999999/)
    // The live bar, without a Support button; no manage link for a one-off gift.
    expect(html).toContain('<script src="/widget.js" defer=""></script>')
    expect(html).toContain('<support-bar campaign="news"')
    expect(html).toContain('button="none"')
    expect(html).not.toContain('/manage/news')
    // Links keep the display options only: not the session, not the amount.
    expect(html).toContain('href="/donate/news?theme=dark"')
    expect(html).not.toContain(id)
    expect(fake.requests).toContain(`GET /v1/checkout/sessions/${id}`)
  })

  it("shows the campaign's logo above the thanks, when it has one", async () => {
    const id = await session({ amount: 2500 })
    expect(await (await thanks(`session_id=${id}`)).text()).not.toContain('<img class="db-logo"')
    const put = await t.app.request('/api/admin/campaigns/news/logo', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'image/png' },
      body: PNG,
    })
    expect(put.status).toBe(200)
    const { logo } = (await put.json()) as { logo: { url: string } }
    const html = await (await thanks(`session_id=${id}`)).text()
    expect(html).toContain(`<img class="db-logo" src="${logo.url}" alt=""`)
    expect(html.indexOf('db-logo" src')).toBeLessThan(html.indexOf('<h1>'))
  })

  it('says monthly and yearly, and links both to managing the gift', async () => {
    const monthly = await session({ amount: 1500, interval: 'month' })
    const m = await (await thanks(`session_id=${monthly}&locale=en-US`)).text()
    expect(m).toContain(`You give ${money(1500)} a month to The Daily News.`)
    expect(m).toContain('<a href="/manage/news?locale=en-US">Change or stop this gift</a>')
    const yearly = await session({ amount: 12000, interval: 'year' })
    const y = await (await thanks(`session_id=${yearly}`)).text()
    expect(y).toContain(`You give ${money(12000)} a year to The Daily News.`)
    expect(y).toContain('href="/manage/news"')
  })

  it("speaks the page's language, right to left too, with the amount by Intl", async () => {
    const id = await session({ amount: 1500, interval: 'month' })
    const de = await (await thanks(`session_id=${id}&locale=de-DE`)).text()
    const name = 'The Daily News'
    expect(de).toContain(
      afterGiftText('de-DE', 'gaveMonth', { amount: money(1500, 'de-DE'), name }),
    )
    expect(de).toMatch(/Sie spenden The Daily News 15\s\$ im Monat\./)
    const ar = await (await thanks(`session_id=${id}&locale=ar`)).text()
    expect(ar).toContain('<html lang="ar" dir="rtl">')
    expect(ar).toContain(afterGiftText('ar', 'gaveMonth', { amount: money(1500, 'ar'), name }))
  })

  it('passes html-validate, as a gift, in Arabic, and as a refusal', async () => {
    const id = await session({ amount: 1500, interval: 'month', coverFee: true })
    const problems: string[] = []
    for (const q of [`session_id=${id}`, `session_id=${id}&locale=ar`, 'session_id=cs_test_x']) {
      problems.push(...(await htmlProblems(await (await thanks(q)).text(), q)))
    }
    expect(problems).toEqual([])
  })

  it('says a delayed payment is still on its way', async () => {
    const id = await session({ amount: 2000, interval: 'once' }, 'news', 'sepa_debit')
    const html = await (await thanks(`session_id=${id}`)).text()
    expect(html).toContain(`You gave ${money(2000)} to The Daily News.`)
    expect(html).toContain('Your bank confirms the payment within a few days')
  })

  it("refuses another campaign's session, an unpaid one and a made-up id, with a page", async () => {
    const radio = await session({ amount: 4200, interval: 'once' }, 'radio')
    const foreign = await thanks(`session_id=${radio}`)
    expect(foreign.status).toBe(404)
    const fHtml = await foreign.text()
    expect(fHtml).toContain('We could not find this gift.')
    expect(fHtml).not.toContain('42.00')
    expect(fHtml).not.toContain('Radio Free')
    // The same session on its own campaign's page is thanked.
    expect((await thanks(`session_id=${radio}`, 'radio')).status).toBe(200)

    const open = await session({ amount: 1000, interval: 'once' }, 'news', null)
    const unpaid = await thanks(`session_id=${open}`)
    expect(unpaid.status).toBe(400)
    expect(await unpaid.text()).toContain(
      'This payment was not completed, and nothing was charged.',
    )

    const unknown = await thanks('session_id=cs_test_nosuchsession')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=UTF-8')

    // Not a session id at all, or none: refused before Stripe is asked.
    const asked = fake.requests.length
    for (const q of ['session_id=../../v1/customers', 'session_id=', '', 'amount=5000']) {
      const res = await thanks(q)
      expect(res.status, q).toBe(400)
      const html = await res.text()
      expect(html).toContain('We could not find this gift.')
      expect(html).not.toContain('50.00')
    }
    expect(fake.requests.length).toBe(asked)
  })

  it('answers with a page when Stripe fails (502) or is not configured (503)', async () => {
    const id = await session({ amount: 1000, interval: 'once' })
    fake.checkout.mode = 'error'
    const down = await thanks(`session_id=${id}`)
    expect(down.status).toBe(502)
    expect(await down.text()).toContain('If you paid, it counts all the same.')
    const bare = await appWith(null)
    try {
      const off = await bare.app.request(`/donate/news/thanks?session_id=${id}`)
      expect(off.status).toBe(503)
      expect(off.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    } finally {
      await bare.close()
    }
  })
})
