import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { consoleClient } from './support/console-client.js'
import {
  ADMIN_TOKEN,
  expectTotalsMatchLedger,
  fixedClock,
  makeTestApp,
  newsCampaign,
  snapshot,
  type TestApp,
} from './support/harness.js'
import {
  donation,
  event,
  paymentIntent,
  postEvent,
  unix,
  webhookEnv,
} from './support/stripe-events.js'

describe('admin console', () => {
  let t: TestApp
  const clock = fixedClock('2021-06-15T12:00:00Z')

  beforeEach(async () => {
    clock.set('2021-06-15T12:00:00Z')
    t = await makeTestApp({ deps: { clock } })
  })
  afterEach(async () => {
    await t.close()
  })

  it('sends anyone without a session to the sign-in page', async () => {
    const res = await t.app.request('/admin')
    expect(res.status).toBe(303)
    expect(res.headers.get('Location')).toBe('/admin/login?why=signin')
    const login = await t.app.request('/admin/login?why=signin')
    expect(login.status).toBe(200)
    expect(login.headers.get('Content-Type')).toMatch(/text\/html/)
    expect(login.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    expect(await login.text()).toContain('Sign in to use the console')
  })

  it('exchanges a right token for an HttpOnly, SameSite=Strict, expiring cookie; a wrong one for nothing', async () => {
    const b = consoleClient(t)
    const wrong = await b.signIn('not-the-token-at-all-0000')
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('Set-Cookie')).toBeNull()
    expect(await wrong.text()).toContain('not one of the admin tokens')

    const ok = await b.signIn()
    expect(ok.status).toBe(303)
    expect(ok.headers.get('Location')).toBe('/admin')
    const set = ok.headers.get('Set-Cookie') ?? ''
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    expect(set).toMatch(/Max-Age=28800/)
    expect(set).toMatch(/Path=\/admin/)
    expect(set).not.toMatch(/Secure/)
    expect(set).not.toContain(ADMIN_TOKEN)
    const home = await b.get('/admin')
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('No campaign yet')
  })

  it('says the console is disabled when ADMIN_TOKEN is not set', async () => {
    const s = await makeTestApp({ env: { ADMIN_TOKEN: '' } })
    try {
      const page = await s.app.request('/admin/login')
      expect(await page.text()).toContain('The console is disabled: set ADMIN_TOKEN')
      const res = await consoleClient(s).signIn('anything-at-all-0123456789')
      expect(res.status).toBe(401)
      expect(res.headers.get('Set-Cookie')).toBeNull()
    } finally {
      await s.close()
    }
  })

  it('marks the cookie Secure when the public URL is HTTPS, and takes forms from that origin', async () => {
    const s = await makeTestApp({ env: { PUBLIC_URL: 'https://bar.example.org' } })
    try {
      const b = consoleClient(s)
      const res = await b.signIn()
      expect(res.headers.get('Set-Cookie')).toMatch(/Secure/)
      // Behind a TLS proxy the request URL is the upstream's; the browser's Origin is public.
      const _csrf = await b.csrf()
      const fields = {
        _csrf,
        slug: 'p',
        name: 'P',
        currency: 'USD',
        goal: '1',
        locale: 'en-US',
        timezone: 'UTC',
      }
      const proxied = await b.post('/admin/campaigns', fields, 'https://bar.example.org')
      expect(proxied.status).toBe(303)
      const other = await b.post(
        '/admin/campaigns',
        { ...fields, slug: 'q' },
        'https://bar.example.org.evil.example',
      )
      expect(other.status).toBe(403)
    } finally {
      await s.close()
    }
  })

  it('creates a campaign, sets a goal, adds a gift in major units; the audit trail names the token', async () => {
    const b = consoleClient(t)
    await b.signIn()
    const _csrf = await b.csrf()
    const created = await b.post('/admin/campaigns', {
      _csrf,
      slug: 'news',
      name: 'The Daily News',
      currency: 'usd',
      goal: '5,000',
      locale: 'en-US',
      timezone: 'America/New_York',
      donateUrl: '',
    })
    expect(created.status).toBe(303)
    expect(created.headers.get('Location')).toBe('/admin/campaigns/news?ok=created')
    const page = await (await b.get('/admin/campaigns/news?ok=created')).text()
    expect(page).toContain('Campaign created.')
    const api = (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      defaultGoal: number
      currency: string
    }
    expect(api).toMatchObject({ defaultGoal: 500000, currency: 'USD' })

    const month = await b.post('/admin/campaigns/news/month', {
      _csrf,
      month: '2021-06',
      goal: '2500.50',
      label: 'JUNE 2021',
    })
    expect(month.status).toBe(303)
    const gift = { _csrf, month: '2021-06', amount: '13.60', reason: 'Cheque', key: 'k-1' }
    expect((await b.post('/admin/campaigns/news/adjust', gift)).status).toBe(303)
    // The same form sent twice (a double click) is recorded once.
    expect((await b.post('/admin/campaigns/news/adjust', gift)).status).toBe(303)
    const correction = { ...gift, amount: '-0.60', reason: 'Typo', key: 'k-2' }
    expect((await b.post('/admin/campaigns/news/adjust', correction)).status).toBe(303)

    const progress = (await (await t.app.request('/api/campaigns/news/progress')).json()) as {
      goal: number
      pledged: number
      label: string
    }
    expect(progress).toMatchObject({ goal: 250050, pledged: 1300, label: 'JUNE 2021' })

    const settings = {
      _csrf,
      name: 'The Daily News',
      goal: '5000',
      locale: 'en-US',
      timezone: 'America/New_York',
      donateUrl: 'https://example.org/give',
      buttonLabel: 'Chip in',
      tagline: 'Paid for by readers',
    }
    expect((await b.post('/admin/campaigns/news', settings)).status).toBe(303)
    const saved = (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      donateUrl: string
      bar: Record<string, unknown>
    }
    expect(saved.donateUrl).toBe('https://example.org/give')
    expect(saved.bar).toMatchObject({ buttonLabel: 'Chip in', tagline: 'Paid for by readers' })
    expect(await (await b.get('/admin/campaigns/news')).text()).toContain('value="Chip in"')
    expect((await b.post('/admin/campaigns/news', { ...settings, tagline: '' })).status).toBe(303)
    const cleared = (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      bar: Record<string, unknown>
    }
    expect(cleared.bar).toEqual({ buttonLabel: 'Chip in' })
    await expectTotalsMatchLedger(t.store)

    const audit = (await (await t.call('GET', '/api/admin/audit')).json()) as {
      records: { actor: string; action: string }[]
    }
    expect(audit.records.map((r) => r.action).sort()).toEqual([
      'campaign.create',
      'campaign.update',
      'campaign.update',
      'ledger.adjust',
      'ledger.adjust',
      'month.set',
    ])
    expect(new Set(audit.records.map((r) => r.actor))).toEqual(new Set(['admin']))
  })

  it('shows a bad input as words on the page and changes nothing', async () => {
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const b = consoleClient(t)
    await b.signIn()
    const _csrf = await b.csrf()
    const before = await snapshot(t.store)
    const cases: [string, Record<string, string>, string][] = [
      [
        '/admin/campaigns/news/adjust',
        { month: '2021-06', amount: '1.234', reason: 'x' },
        'too many decimals for USD: write 1.23',
      ],
      [
        '/admin/campaigns/news/adjust',
        { month: '2021-13', amount: '5', reason: 'x' },
        'must be a month',
      ],
      [
        '/admin/campaigns/news/adjust',
        { month: '2021-06', amount: '0', reason: 'x' },
        'must not be zero',
      ],
      ['/admin/campaigns/news/month', { month: '2021-06', goal: '-5' }, 'must not be negative'],
      [
        '/admin/campaigns/news',
        { name: 'N', goal: '1', locale: 'en-US', timezone: 'Mars/Base' },
        'IANA timezone',
      ],
      [
        '/admin/campaigns',
        {
          slug: 'news',
          name: 'Again',
          currency: 'USD',
          goal: '1',
          locale: 'en-US',
          timezone: 'UTC',
        },
        'already exists',
      ],
      [
        '/admin/campaigns',
        { slug: 'x', name: 'X', currency: 'ZZZ', goal: '1', locale: 'en-US', timezone: 'UTC' },
        'currency',
      ],
      [
        '/admin/campaigns/news',
        { name: 'N', goal: '1', locale: 'en-US', timezone: 'UTC', stripeAccount: 'acct-1' },
        'Stripe account must be a Stripe connected account id such as acct_1A2b3C4d5E6f7G8h (Dashboard &gt; Connect &gt; Accounts), or empty for the platform&#39;s own.',
      ],
      [
        '/admin/campaigns',
        {
          slug: 'x',
          name: 'X',
          currency: 'USD',
          goal: '1',
          locale: 'en-US',
          timezone: 'UTC',
          stripeAccount: 'ACCT_1',
        },
        'Stripe account must be a Stripe connected account id',
      ],
    ]
    for (const [path, fields, words] of cases) {
      const res = await b.post(path, { _csrf, ...fields })
      expect(res.status, path).toBeGreaterThanOrEqual(400)
      expect(res.headers.get('Content-Type')).toMatch(/text\/html/)
      const text = await res.text()
      expect(text).toContain(words)
      expect(text).not.toContain('{"error"')
    }
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('refuses a form without the session CSRF token, or from another site, and changes nothing', async () => {
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const b = consoleClient(t)
    await b.signIn()
    const before = await snapshot(t.store)
    const gift = { month: '2021-06', amount: '5', reason: 'forged' }
    const noToken = await b.post('/admin/campaigns/news/adjust', gift)
    expect(noToken.status).toBe(403)
    expect(await noToken.text()).toContain('Nothing was changed')
    const wrongToken = await b.post('/admin/campaigns/news/adjust', { ...gift, _csrf: 'abc' })
    expect(wrongToken.status).toBe(403)
    const _csrf = await b.csrf()
    const crossSite = await b.post(
      '/admin/campaigns/news/adjust',
      { ...gift, _csrf },
      'https://evil.example',
    )
    expect(crossSite.status).toBe(403)
    expect(crossSite.headers.get('Content-Type')).toMatch(/text\/html/)
    expect(await crossSite.text()).toContain('cross-site')
    expect(await snapshot(t.store)).toEqual(before)
  })

  it('ends a session after 8 hours, on a forged cookie, and on sign-out', async () => {
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const b = consoleClient(t)
    await b.signIn()
    const _csrf = await b.csrf()
    const before = await snapshot(t.store)
    const good = b.cookie

    b.cookie = `${good.slice(0, -3)}xyz`
    expect((await b.get('/admin')).headers.get('Location')).toBe('/admin/login?why=expired')

    b.cookie = good
    clock.set('2021-06-15T20:00:01Z')
    const late = await b.post('/admin/campaigns/news/adjust', {
      _csrf,
      month: '2021-06',
      amount: '5',
      reason: 'late',
    })
    expect(late.status).toBe(401)
    expect(await late.text()).toContain('nothing was changed')
    expect((await b.get('/admin')).headers.get('Location')).toBe('/admin/login?why=expired')
    expect(await snapshot(t.store)).toEqual(before)

    clock.set('2021-06-15T12:00:00Z')
    b.cookie = good
    const out = await b.post('/admin/logout', { _csrf })
    expect(out.status).toBe(303)
    expect(out.headers.get('Set-Cookie')).toMatch(/Max-Age=0/)
    expect(b.cookie).toBe('')
    expect((await b.get('/admin')).status).toBe(303)
    // A copy of the cookie taken before signing out no longer opens the console here.
    b.cookie = good
    expect((await b.get('/admin')).headers.get('Location')).toBe('/admin/login?why=expired')
  })

  it('a session made from a token ends when the token is removed', async () => {
    const b = consoleClient(t)
    await b.signIn()
    const other = await makeTestApp({
      env: { ADMIN_TOKEN: 'admin:another-token-0123456789' },
      file: t.file.replace(/test\.db$/, 'other.db'),
    })
    try {
      const res = await other.app.request('/admin', { headers: { Cookie: b.cookie } })
      expect(res.status).toBe(303)
    } finally {
      await other.close()
    }
  })

  it('renders every page, downloads the CSV, lists events, kept-aside money and the audit trail', async () => {
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const b = consoleClient(t)
    await b.signIn()
    const _csrf = await b.csrf()
    await b.post('/admin/campaigns/news/adjust', {
      _csrf,
      month: '2021-06',
      amount: '25',
      reason: 'Cheque <b>from</b> a reader',
    })
    for (const path of [
      '/admin',
      '/admin/campaigns/new',
      '/admin/campaigns/news',
      '/admin/campaigns/news/ledger?month=2021-06&kind=adjustment',
      '/admin/kept-aside',
      '/admin/events?status=failed',
      '/admin/audit?action=ledger.adjust',
    ]) {
      const res = await b.get(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('Cache-Control')).toBe('no-store')
      expect(res.headers.get('Content-Security-Policy')).toContain("form-action 'self'")
      const html = await res.text()
      expect(html).not.toContain('<b>from</b>')
    }
    const ledger = await (await b.get('/admin/campaigns/news/ledger?month=2021-06')).text()
    expect(ledger).toContain('Cheque &lt;b&gt;from&lt;/b&gt; a reader')
    expect(ledger).toContain('$25')
    const csv = await b.get('/admin/campaigns/news/ledger.csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('Content-Type')).toMatch(/text\/csv/)
    expect(csv.headers.get('Content-Disposition')).toMatch(/attachment/)
    expect(await csv.text()).toMatch(/adjustment,25\.00,,,USD/)
    const history = await (await b.get('/admin/campaigns/news')).text()
    expect(history).toContain('<svg class="chart"')
  })

  it("names a campaign's Stripe connected account in its settings, and lists an account no campaign names on the Stripe page until one does", async () => {
    await t.close()
    t = await makeTestApp({ env: webhookEnv, deps: { clock } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const account = 'acct_1ConsoleNewsroom'
    const d = donation({ amount: 700, created: unix('2021-06-10T12:00:00Z') })
    const e = { ...event('payment_intent.succeeded', paymentIntent(d)), account }
    expect((await postEvent((p, i) => t.app.request(p, i), e)).status).toBe(200)
    const b = consoleClient(t)
    await b.signIn()
    const before = await (await b.get('/admin/events')).text()
    expect(before).toContain(`<code>${account}</code>`)
    expect(before).toMatch(/<td class="num">1<\/td><td>2021-06-15 12:00:00<\/td><td>none<\/td>/)
    const _csrf = await b.csrf('/admin/campaigns/news')
    const settings = {
      _csrf,
      name: 'The Daily News',
      goal: '5000',
      locale: 'en-US',
      timezone: 'UTC',
    }
    const saved = await b.post('/admin/campaigns/news', {
      ...settings,
      stripeAccount: ` ${account} `,
    })
    expect(saved.status).toBe(303)
    const api = (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      stripeAccount: string | null
    }
    expect(api.stripeAccount).toBe(account)
    expect(await (await b.get('/admin/campaigns/news')).text()).toContain(`value="${account}"`)
    expect(await (await b.get('/admin')).text()).toContain(` · ${account}`)
    expect(await (await b.get('/admin/events')).text()).toContain(
      'news: replay its ignored events to count them',
    )
    expect((await b.post(`/admin/events/${e.id}/replay`, { _csrf })).status).toBe(303)
    const after = await (await b.get('/admin/events')).text()
    expect(after).not.toContain(`<code>${account}</code>`)
    const progress = (await (
      await t.app.request('/api/campaigns/news/progress?month=2021-06')
    ).json()) as {
      pledged: number
    }
    expect(progress.pledged).toBe(700)
    // Emptied, the campaign is the platform's own again.
    expect((await b.post('/admin/campaigns/news', { ...settings, stripeAccount: '' })).status).toBe(
      303,
    )
    const cleared = (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
      stripeAccount: string | null
    }
    expect(cleared.stripeAccount).toBe(null)
  })

  it('assigns money kept aside and replays a stored event, through the same API', async () => {
    await t.close()
    t = await makeTestApp({ env: webhookEnv, deps: { clock } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    const d = donation({ amount: 1200, created: unix('2021-06-10T12:00:00Z') })
    const e = event('payment_intent.succeeded', paymentIntent(d))
    expect((await postEvent((p, i) => t.app.request(p, i), e)).status).toBe(200)
    const b = consoleClient(t)
    await b.signIn()
    const aside = await (await b.get('/admin/kept-aside')).text()
    expect(aside).toContain(d.pi)
    expect(aside).toContain('$12')
    const _csrf = await b.csrf('/admin/kept-aside')

    const bad = await b.post('/admin/kept-aside/assign', {
      _csrf,
      paymentRef: d.pi,
      campaign: 'ghost',
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('ghost')
    const ok = await b.post('/admin/kept-aside/assign', {
      _csrf,
      paymentRef: d.pi,
      campaign: 'news',
    })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('Location')).toBe('/admin/kept-aside?ok=assigned')
    expect(await (await b.get('/admin/kept-aside')).text()).toContain('Nothing is kept aside.')
    const progress = (await (await t.app.request('/api/campaigns/news/progress')).json()) as {
      pledged: number
    }
    expect(progress.pledged).toBe(1200)

    const events = await (await b.get('/admin/events')).text()
    expect(events).toContain(e.id)
    const replay = await b.post(`/admin/events/${e.id}/replay`, { _csrf })
    expect(replay.status).toBe(303)
    const missing = await b.post('/admin/events/evt_nope/replay', { _csrf })
    expect(missing.status).toBe(400)
    expect(await missing.text()).toContain('evt_nope')
    const audit = (await (await t.call('GET', '/api/admin/audit')).json()) as {
      records: { actor: string; action: string }[]
    }
    expect(audit.records.map((r) => `${r.actor} ${r.action}`)).toEqual(
      expect.arrayContaining(['admin stripe.assign', 'admin stripe.replay']),
    )
    await expectTotalsMatchLedger(t.store)
  })
})
