import { existsSync, readFileSync } from 'node:fs'
import type Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanDisplayName } from '../src/domain/display-name.js'
import { sessionParams } from '../src/stripe/checkout.js'
import { consentedName } from '../src/stripe/wall-fields.js'
import { expectError, makeTestApp, newsCampaign, type TestApp } from './support/harness.js'
import { postEvent, unix, webhookEnv } from './support/stripe-events.js'
import { paymentFlow, subscriptionFlow } from './support/stripe-flows.js'
import { filled, withFields } from './support/wall.js'

// The opt-in donor wall: Checkout custom fields -> consented names -> the public list.

let t: TestApp

async function deliver(events: Stripe.Event[]) {
  for (const e of events) {
    const res = await postEvent((p, i) => t.app.request(p, i), e)
    expect(res.status, await res.clone().text()).toBe(200)
  }
}

async function wall(slug = 'news', query = '') {
  const res = await t.app.request(`/api/campaigns/${slug}/supporters${query}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('access-control-allow-origin')).toBe('*')
  return ((await res.json()) as { supporters: { name: string }[] }).supporters.map((s) => s.name)
}

const dbText = () =>
  [t.file, `${t.file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('utf8'))
    .join('\n')

beforeEach(async () => {
  t = await makeTestApp({ env: webhookEnv })
  await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, isDefault: true })
})
afterEach(() => t.close())

describe('donor wall', () => {
  it('lists only names given with an explicit yes, cleaned, newest first', async () => {
    const at = unix('2026-12-01T12:00:00Z')
    await deliver(
      withFields(
        paymentFlow({ amount: 500, at, campaign: 'news' }).events,
        filled('  Ada\u202e  Lovelace\u0007 ', 'yes'),
      ),
    )
    await deliver(
      withFields(
        paymentFlow({ amount: 500, at, campaign: 'news' }).events,
        filled('Hidden Person', 'no'),
      ),
    )
    await deliver(
      withFields(paymentFlow({ amount: 500, at, campaign: 'news' }).events, filled(null, 'yes')),
    )
    await deliver(paymentFlow({ amount: 500, at, campaign: 'news' }).events)
    const monthly = subscriptionFlow({ amount: 900, at: at + 60, campaign: 'news' })
    await deliver(withFields(monthly.events, filled('<b>Grace</b>', 'yes')))

    expect(await wall()).toEqual(['<b>Grace</b>', 'Ada Lovelace'])
    expect(await wall('news', '?limit=1')).toHaveLength(1)
    // Without consent the name is kept nowhere, not even in the stored event payloads.
    expect(dbText()).not.toContain('Hidden Person')
    const ledger = await t.store.db.selectFrom('ledger_entries').select('amount').execute()
    expect(ledger).toHaveLength(5)
  })

  it("puts a connected account's donor on its own campaign's wall, never on another account's", async () => {
    const account = 'acct_1WallNewsroom'
    const created = await t.call('POST', '/api/admin/campaigns', {
      ...newsCampaign,
      slug: 'newsroom',
      stripeAccount: account,
    })
    expect(created.status).toBe(201)
    const at = unix('2026-12-01T12:00:00Z')
    const on = (events: Stripe.Event[], acct: string) =>
      events.map((e) => ({ ...e, account: acct }) as Stripe.Event)
    // A session of the newsroom's account naming the platform's campaign: on no wall.
    const naming = paymentFlow({ amount: 500, at, campaign: 'news' }).events
    await deliver(on(withFields(naming, filled('Across Accounts', 'yes')), account))
    const own = paymentFlow({ amount: 500, at, campaign: 'newsroom' }).events
    await deliver(on(withFields(own, filled('Newsroom Reader', 'yes')), account))
    expect(await wall('news')).toEqual([])
    expect(await wall('newsroom')).toEqual(['Newsroom Reader'])
  })

  it('answers bad input in the one error shape, with CORS', async () => {
    const unknown = await t.app.request('/api/campaigns/nope/supporters')
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*')
    await expectError(unknown, 404, 'not_found')
    await expectError(await t.app.request('/api/campaigns/news/supporters?limit=0'), 400)
    await expectError(await t.app.request('/api/campaigns/Bad_Slug/supporters'), 400)
    expect(await wall()).toEqual([])
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { operationId?: string } }>
    }
    expect(doc.paths['/api/campaigns/{slug}/supporters']?.get?.operationId).toBe('listSupporters')
  })
})

describe('Checkout custom fields', () => {
  it('asks for a name and a consent that defaults to no, in the page language', () => {
    const p = sessionParams({
      campaign: { slug: 'news', name: 'News', currency: 'EUR' },
      amount: 1000,
      interval: 'once',
      baseUrl: 'https://give.example',
      locale: 'de',
    })
    const [name, consent] = p.custom_fields ?? []
    expect(name).toMatchObject({
      key: 'wallname',
      type: 'text',
      optional: true,
      text: { maximum_length: 40 },
    })
    expect(consent).toMatchObject({ key: 'wallconsent', type: 'dropdown', optional: false })
    expect(consent?.dropdown?.default_value).toBe('no')
    expect(consent?.label.custom).toBe('Diesen Namen öffentlich zeigen?')
  })

  it('reads consent strictly and cleans names', () => {
    expect(consentedName(filled('Ada', 'yes'))).toBe('Ada')
    expect(consentedName(filled('Ada', 'no'))).toBeNull()
    expect(consentedName(filled('Ada', null))).toBeNull()
    expect(consentedName(null)).toBeNull()
    expect(cleanDisplayName('\u2067x\u2069 \u200b y')).toBe('x y')
    expect(cleanDisplayName('é'.normalize('NFD'))).toBe('é')
    expect(Array.from(cleanDisplayName('😀'.repeat(60)) ?? '')).toHaveLength(40)
    expect(cleanDisplayName(' \u0000 ')).toBeNull()
  })
})

describe("the bar's show=supporters", () => {
  const get = async (path: string) => {
    const res = await t.app.request(path)
    expect(res.status, path).toBe(200)
    return res.text()
  }
  const gift = (name: string | null, consent: 'yes' | 'no', minute: number) =>
    deliver(
      withFields(
        paymentFlow({
          amount: 500,
          at: unix('2026-12-01T12:00:00Z') + minute * 60,
          campaign: 'news',
        }).events,
        filled(name, consent),
      ),
    )

  it('shows the latest consenting names on the iframe, SVG and JSON, follows new ones at once, and never a name given without consent', async () => {
    const urls = ['/embed/news?show=supporters', '/embed/news.svg?show=supporters']
    // Warm the render cache: nothing to show yet, so no line at all.
    for (const u of urls) expect(await get(u)).not.toContain('Thanks to')
    const before = JSON.parse(await get('/api/campaigns/news/progress')) as {
      supporters: string[]
      texts: { wall: string | null }
    }
    expect(before.supporters).toEqual([])
    expect(before.texts.wall).toBeNull()

    await gift('Ada Lovelace', 'yes', 1)
    await gift('Hidden Person', 'no', 2)
    // The cache (a minute's TTL in tests) was dropped by the new name: the bars say it now.
    for (const u of urls) {
      const body = await get(u)
      expect(body, u).toContain('Thanks to Ada Lovelace')
      expect(body, u).not.toContain('Hidden Person')
    }
    const json = JSON.parse(await get('/api/campaigns/news/progress')) as {
      supporters: string[]
      texts: { wall: string | null }
    }
    expect(json.supporters).toEqual(['Ada Lovelace'])
    expect(json.texts.wall).toBe('Thanks to Ada Lovelace')
    // Other options are other renderings: without the item, no names.
    expect(await get('/embed/news?show=donors')).not.toContain('Ada Lovelace')

    await gift('<b>Grace</b>', 'yes', 3)
    await gift('Bo', 'yes', 4)
    await gift('Cy', 'yes', 5)
    const html = await get('/embed/news?show=supporters,donors')
    // The newest three, as a list in the reader's language, escaped.
    expect(html).toContain('Thanks to Cy, Bo, and &lt;b&gt;Grace&lt;/b&gt;')
    expect(html).not.toContain('Ada Lovelace')
    expect(html).not.toContain('<b>Grace')
    expect(await get('/embed/news?show=supporters&locale=de')).toContain(
      'Danke an Cy, Bo und &lt;b&gt;Grace&lt;/b&gt;',
    )
    expect(await get('/widget.js')).toContain("item === 'supporters' && m.wall")
  })

  it('refuses an unknown show item as before, naming supporters among the choices', async () => {
    const embed = await t.app.request('/embed/news.svg?show=names')
    expect(embed.status).toBe(400)
    expect(await embed.text()).toContain('supporters')
  })
})
