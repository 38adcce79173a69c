import { HtmlValidate } from 'html-validate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { consoleClient } from './support/console-client.js'
import { fixedClock, makeTestApp, newsCampaign, snapshot, type TestApp } from './support/harness.js'

/** The console's checkout, bar and donate page forms: every setting the admin API has. */
describe('console settings pages', () => {
  let t: TestApp
  let b: ReturnType<typeof consoleClient>
  let csrf: string

  beforeEach(async () => {
    t = await makeTestApp({ deps: { clock: fixedClock('2021-06-15T12:00:00Z') } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    b = consoleClient(t)
    await b.signIn()
    csrf = await b.csrf('/admin/campaigns/news/checkout')
  })
  afterEach(async () => {
    await t.close()
  })

  const campaign = async () =>
    (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      checkout: Record<string, unknown>
      bar: Record<string, unknown>
      page: Record<string, unknown>
    }
  const checkout = {
    enabled: 'on',
    presets: '5\n10.50\n1,000',
    min: '2',
    max: '2,000',
    allowMonthly: 'on',
    allowYearly: 'on',
    defaultInterval: 'month',
    feeCover: 'on',
    feeRate: '2.9',
    feeFixed: '0.30',
  }

  it('links each settings page from the campaign and shows the current values', async () => {
    const page = await (await b.get('/admin/campaigns/news')).text()
    for (const p of ['checkout', 'bar', 'page'])
      expect(page).toContain(`/admin/campaigns/news/${p}"`)
    const html = await (await b.get('/admin/campaigns/news/checkout')).text()
    expect(html).toContain('<textarea name="presets" rows="6">5.00\n10.00\n25.00\n50.00</textarea>')
    expect(html).toContain('name="min" value="0.50"')
    expect(html).toContain('<option value="once" selected="">once</option>')
  })

  it('saves amounts per interval, empty for the general ones, and refuses one outside the bounds in words', async () => {
    const path = '/admin/campaigns/news/checkout'
    const set = await b.post(path, {
      _csrf: csrf,
      ...checkout,
      presetsMonth: '3\n7.50',
      presetsYear: '',
    })
    expect(set.status).toBe(303)
    expect((await campaign()).checkout.presetsByInterval).toEqual({ month: [300, 750] })
    const html = await (await b.get(path)).text()
    expect(html).toContain('<textarea name="presetsMonth" rows="4">3.00\n7.50</textarea>')
    expect(html).toContain('<textarea name="presetsYear" rows="4"></textarea>')
    const before = await snapshot(t.store)
    const low = await b.post(path, { _csrf: csrf, ...checkout, presetsMonth: '1' })
    expect(low.status).toBe(400)
    const page = await low.text()
    expect(page).toMatch(/name="presetsMonth"[^>]*aria-invalid="true"/)
    expect(page).not.toContain('presetsByInterval')
    const ambiguous = await b.post(path, { _csrf: csrf, ...checkout, presetsYear: '12,50' })
    expect(ambiguous.status).toBe(400)
    expect(await snapshot(t.store)).toEqual(before)
    expect((await b.post(path, { _csrf: csrf, ...checkout, presetsMonth: '' })).status).toBe(303)
    expect((await campaign()).checkout.presetsByInterval).toEqual({})
  })

  it('saves checkout settings read by the one amount rule, and the API audits the change', async () => {
    const res = await b.post('/admin/campaigns/news/checkout', { _csrf: csrf, ...checkout })
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin/campaigns/news/checkout?ok=checkout')
    expect((await campaign()).checkout).toEqual({
      enabled: true,
      presets: [500, 1050, 100000],
      presetsByInterval: {},
      min: 200,
      max: 200000,
      allowMonthly: true,
      allowYearly: true,
      defaultInterval: 'month',
      feeCover: { enabled: true, rateBps: 290, fixed: 30 },
    })
    const page = await (await b.get(res.headers.get('Location') ?? '')).text()
    expect(page).toContain('The checkout settings are saved.')
    expect(page).toContain('name="feeRate" value="2.9"')
    const audit = (await (
      await t.call('GET', '/api/admin/audit?action=campaign.update')
    ).json()) as {
      records: { actor: string; after: { checkout: { presets: number[] } } }[]
    }
    expect(audit.records).toHaveLength(1)
    expect(audit.records[0]?.after.checkout.presets).toEqual([500, 1050, 100000])
  })

  it('refuses 12,50 in an English campaign next to the field, in words, changing nothing', async () => {
    const before = await snapshot(t.store)
    const res = await b.post('/admin/campaigns/news/checkout', {
      _csrf: csrf,
      ...checkout,
      presets: '5\n12,50',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('Nothing was saved: one field needs a change (see below).')
    expect(html).toMatch(
      /<textarea name="presets" rows="6" aria-invalid="true" aria-describedby="problem-presets">5\n12,50<\/textarea><strong class="problem" id="problem-presets">line 2: is ambiguous: write 12.50 \(or 1,250\) in USD<\/strong>/,
    )
    expect(await snapshot(t.store)).toEqual(before)
  })

  it("says the schema's and the currency's rules in the form's words, not schema paths", async () => {
    const res = await b.post('/admin/campaigns/news/checkout', {
      _csrf: csrf,
      ...checkout,
      presets: '10\n5',
      feeRate: '25',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('id="problem-presets">must be increasing</strong>')
    expect(html).toContain('id="problem-feeRate">must be at most 20 %.</strong>')
    expect(html).toContain('2 fields need a change')
    expect(html).not.toContain('checkout.')
    expect(html).not.toContain('rateBps')

    const low = await b.post('/admin/campaigns/news/checkout', {
      _csrf: csrf,
      ...checkout,
      presets: '1\n5',
      min: '0.10',
      max: '3',
    })
    const lowHtml = await low.text()
    expect(low.status).toBe(400)
    expect(lowHtml).toContain(
      'id="problem-min">must be at least $0.50, Stripe&#39;s minimum charge in this currency.',
    )
    expect(lowHtml).toContain(
      'id="problem-presets">must lie between the smallest and the largest gift ($5).',
    )
    expect((await campaign()).checkout.presets).toEqual([500, 1000, 2500, 5000])
  })

  it('saves the bar: facts shown, milestones, stretch goals, a donor goal; clears them again', async () => {
    const res = await b.post('/admin/campaigns/news/bar', {
      _csrf: csrf,
      buttonLabel: 'Give now',
      tagline: '',
      'show-donors': 'on',
      'show-days': 'on',
      m0Amount: '1,000',
      m0Label: 'A camera',
      m2Amount: '2500',
      m2Label: 'A van',
      stretchGoals: '6,000\n7,500.50',
      donorGoal: '100',
    })
    expect(res.status).toBe(303)
    expect((await campaign()).bar).toEqual({
      buttonLabel: 'Give now',
      show: ['donors', 'days'],
      milestones: [
        { amount: 100000, label: 'A camera' },
        { amount: 250000, label: 'A van' },
      ],
      stretchGoals: [600000, 750050],
      donorGoal: 100,
    })
    const html = await (await b.get('/admin/campaigns/news/bar')).text()
    expect(html).toContain('name="m1Amount" value="2500.00"')
    expect(html).toContain('<input type="checkbox" name="show-donors" value="on" checked=""/>')
    expect((await b.post('/admin/campaigns/news/bar', { _csrf: csrf })).status).toBe(303)
    expect((await campaign()).bar).toEqual({})
  })

  it('puts a bar problem beside its own row: a milestone without a label, a goal that falls', async () => {
    const res = await b.post('/admin/campaigns/news/bar', {
      _csrf: csrf,
      m3Amount: '50',
      stretchGoals: '7,000\n6,000',
      donorGoal: 'ten',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('id="problem-m3Label">is required.</strong>')
    expect(html).toContain('id="problem-donorGoal">must be a whole number.</strong>')
    const goals = await b.post('/admin/campaigns/news/bar', {
      _csrf: csrf,
      stretchGoals: '7,000\n6,000',
    })
    expect(await goals.text()).toContain('id="problem-stretchGoals">must be increasing</strong>')
    expect((await campaign()).bar).toEqual({})
  })

  it('saves the donate page: appeal, an impact line per amount, links; refuses a bad link', async () => {
    const res = await b.post('/admin/campaigns/news/page', {
      _csrf: csrf,
      appeal: 'We are **reader-funded**.',
      i0Amount: '25',
      i0Text: 'pays for a day of court reporting',
      i1Amount: '50',
      i1Text: '',
      privacyUrl: 'https://example.org/privacy',
      contactUrl: '',
    })
    expect(res.status).toBe(303)
    expect((await campaign()).page).toEqual({
      appeal: 'We are **reader-funded**.',
      impact: { '2500': 'pays for a day of court reporting' },
      privacyUrl: 'https://example.org/privacy',
    })
    const donate = await (await t.app.request('/donate/news')).text()
    expect(donate).toContain('reader-funded')

    const bad = await b.post('/admin/campaigns/news/page', {
      _csrf: csrf,
      contactUrl: 'ftp://example.org',
      i0Amount: '',
      i0Text: 'a line without an amount',
    })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('id="problem-i0Amount">is required.</strong>')
    const url = await b.post('/admin/campaigns/news/page', {
      _csrf: csrf,
      contactUrl: 'ftp://x.org',
    })
    expect(await url.text()).toContain('id="problem-contactUrl">must be an http(s) URL</strong>')
    expect((await campaign()).page.privacyUrl).toBe('https://example.org/privacy')
  })

  it('passes html-validate (standard, a11y, document) as shown and with problems', async () => {
    const validator = new HtmlValidate({
      extends: ['html-validate:standard', 'html-validate:a11y', 'html-validate:document'],
      // As in test/validators/html-validate.test.ts: the console's own files need no hash.
      rules: { 'require-sri': ['error', { target: 'crossorigin' }] },
    })
    const pages = [
      await b.get('/admin/campaigns/news/checkout'),
      await b.get('/admin/campaigns/news/bar'),
      await b.get('/admin/campaigns/news/page'),
      await b.post('/admin/campaigns/news/checkout', { _csrf: csrf, ...checkout, min: '12,50' }),
      await b.post('/admin/campaigns/news/bar', { _csrf: csrf, m0Amount: 'x', donorGoal: '-1' }),
      await b.post('/admin/campaigns/news/page', { _csrf: csrf, privacyUrl: 'ftp://x.org' }),
    ]
    const report: string[] = []
    for (const res of pages) {
      const result = await validator.validateString(await res.text())
      for (const r of result.results)
        for (const m of r.messages) report.push(`${m.ruleId} ${m.message}`)
    }
    expect(report).toEqual([])
  })
})
