import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { amountText, parseAmount } from '../src/domain/amount-input.js'
import { stripeClient } from '../src/stripe/client.js'
import { consoleClient } from './support/console-client.js'
import { startFakeStripe } from './support/fake-stripe.js'
import {
  ADMIN_TOKEN,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'

const ok = (minor: number) => ({ ok: true, minor })

describe('one rule for typed amounts: read by the locale, ambiguity refused', () => {
  it.each([
    ['12.50', 'USD', 'en-US', ok(1250)],
    ['1,250', 'USD', 'en-US', ok(125000)],
    ['1,250.05', 'USD', 'en-US', ok(125005)],
    ['1 250.05', 'USD', 'en-US', ok(125005)],
    ['-5.00', 'USD', 'en-US', ok(-500)],
    ['12,50', 'EUR', 'de-DE', ok(1250)],
    ['1.250', 'EUR', 'de-DE', ok(125000)],
    ['1.250,5', 'EUR', 'de-DE', ok(125050)],
    ['1 250,5', 'EUR', 'fr-FR', ok(125050)],
    ['1\u202f250,5', 'EUR', 'fr-FR', ok(125050)],
    ['1,250', 'JPY', 'ja-JP', ok(1250)],
    ['1.250', 'KWD', 'en-US', ok(1250)],
    ['١٢٫٥', 'EGP', 'ar-EG', ok(1250)],
    ['12.5', 'EGP', 'ar-EG', ok(1250)],
    ['1,00,000', 'INR', 'en-IN', ok(10000000)],
  ])('%s %s in %s', (text, currency, locale, want) => {
    expect(parseAmount(text, currency, locale)).toEqual(want)
  })

  it.each([
    ['12,50', 'USD', 'en-US', 'ambiguous', ['12.50', '1,250']],
    ['12.50', 'EUR', 'de-DE', 'ambiguous', ['12,50', '1.250']],
    ['12.50', 'EUR', 'fr-FR', 'ambiguous', ['12,50', '1 250']],
    ['1.250.00', 'USD', 'en-US', 'ambiguous', ['1,250', '1250.00']],
    ['12.5', 'JPY', 'ja-JP', 'too_precise', ['12']],
    ['1.2345', 'KWD', 'en-US', 'too_precise', ['1.234']],
    ['lots', 'USD', 'en-US', 'invalid', ['12.50']],
    ['12.', 'USD', 'en-US', 'invalid', ['12.50']],
  ])('refuses %s %s in %s as %s, saying what to type', (text, currency, locale, reason, ex) => {
    expect(parseAmount(text, currency, locale)).toEqual({ ok: false, reason, examples: ex })
  })

  it('writes amounts back the way it reads them', () => {
    for (const [minor, currency, locale] of [
      [125050, 'EUR', 'de-DE'],
      [125050, 'USD', 'en-US'],
      [-500, 'EUR', 'fr-FR'],
      [1250, 'JPY', 'ja-JP'],
      [1250, 'KWD', 'ar'],
    ] as const) {
      expect(parseAmount(amountText(minor, currency, locale), currency, locale)).toEqual(ok(minor))
    }
  })
})

describe('the same rule in the console and on the donate page', () => {
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let t: TestApp
  beforeAll(async () => {
    fake = await startFakeStripe()
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_amounts',
      STRIPE_API_URL: fake.url,
      PUBLIC_URL: 'https://bar.example',
    }
    const stripe = stripeClient(parseConfig({ ADMIN_TOKEN, ...env }))
    t = await makeTestApp({ env, deps: stripe ? { stripe } : {} })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const de = { ...newsCampaign, slug: 'zeitung', currency: 'EUR', locale: 'de-DE' }
    expect((await t.call('POST', '/api/admin/campaigns', de)).status).toBe(201)
    for (const slug of ['news', 'zeitung']) {
      const on = await t.call('PATCH', `/api/admin/campaigns/${slug}`, {
        checkout: { enabled: true },
      })
      expect(on.status).toBe(200)
    }
  })
  afterAll(async () => {
    await fake.close()
  })

  it('console: 12,50 in an English campaign is refused with what to type; 12,50 in German is 12.50', async () => {
    const b = consoleClient(t)
    await b.signIn()
    const _csrf = await b.csrf()
    const before = await snapshot(t.store)
    const refused = await b.post('/admin/campaigns/news/adjust', {
      _csrf,
      month: '2021-06',
      amount: '12,50',
      reason: 'cheque',
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Amount is ambiguous: write 12.50 (or 1,250) in USD.')
    expect(await snapshot(t.store)).toEqual(before)
    const page = await (await b.get('/admin/campaigns/zeitung')).text()
    expect(page).toContain('e.g. 25,00 or -5,00')
    const saved = await b.post('/admin/campaigns/zeitung/adjust', {
      _csrf,
      month: '2021-06',
      amount: '12,50',
      reason: 'Scheck',
    })
    expect(saved.status).toBe(303)
    const ledger = await t.call('GET', '/api/admin/campaigns/zeitung/ledger?month=2021-06')
    const { entries } = (await ledger.json()) as { entries: { amount: number }[] }
    expect(entries.map((e) => e.amount)).toEqual([1250])
  })

  it('donate page: an ambiguous other amount is answered on the page in its language', async () => {
    const post = (slug: string, custom: string) =>
      t.app.request(`/donate/${slug}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ amount: 'other', custom }).toString(),
      })
    const en = await post('news', '12,50')
    expect(en.status).toBe(400)
    expect(en.headers.get('content-type')).toMatch(/text\/html/)
    expect(await en.text()).toContain('Write the amount like 12.50 / 1,250.')
    const de = await post('zeitung', '12.50')
    expect(de.status).toBe(400)
    expect(await de.text()).toContain('Schreiben Sie den Betrag so: 12,50 / 1.250.')
    const calls = fake.checkout.calls.length
    const good = await post('zeitung', '12,50')
    expect(good.status).toBe(303)
    expect(fake.checkout.calls.length).toBe(calls + 1)
    const params = fake.checkout.calls.at(-1)?.params ?? {}
    expect(params['line_items[0][price_data][unit_amount]']).toBe('1250')
  })
})
