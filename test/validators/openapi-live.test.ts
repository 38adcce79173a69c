import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { payEvents } from '../../src/demo/checkout-sim.js'
import { LOGO_MAX_BYTES, logoVersion } from '../../src/domain/logo.js'
import { svgToPng } from '../../src/node/png.js'
import type { Store } from '../../src/store/store.js'
import { PNG, SVG } from '../logo/images.js'
import { FakeOpenCollective, ocActivity } from '../support/fake-opencollective.js'
import { FakePaypal } from '../support/fake-paypal.js'
import { FakeSourceApis, ghSponsorship } from '../support/fake-source-apis.js'
import { startFakeStripe } from '../support/fake-stripe.js'
import { admin, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { month as paypalMonth } from '../support/paypal-month.js'
import {
  bmcDelivery,
  bmcEvent,
  type Delivery,
  donorboxDelivery,
  donorboxDonation,
  githubDelivery,
  kofiData,
  kofiDelivery,
  patreonDelivery,
  patreonMember,
  sourcesEnv,
  sponsorship,
} from '../support/source-events.js'
import { donation, event, paymentIntent, sign, unix, webhookEnv } from '../support/stripe-events.js'
import { reportCounts } from './fixtures.js'
import {
  type Call,
  LiveContract,
  type OpenApiDocument,
  type Requester,
} from './openapi-contract.js'

/**
 * Calls every operation of /openapi.json against a real app on a SQLite file and checks each
 * live answer against the document (status listed, media type listed, JSON bodies valid under
 * JSON Schema 2020-12 with closed objects). It ends by failing on any documented operation or
 * status that no call produced; only 500 (an unexpected fault) is not forced.
 */

/** A store whose database is "locked" on every query: what an overloaded or full disk gives. */
function lockedStore(real: Store): Store {
  const locked = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
  const plugin: KyselyPlugin = {
    transformQuery: () => {
      throw locked()
    },
    transformResult: async (args) => args.result,
  }
  return {
    db: real.db.withPlugin(plugin),
    dialect: real.dialect,
    atomic: async () => {
      throw locked()
    },
    ping: async () => {
      throw locked()
    },
    close: async () => {},
  }
}

const MONTH = '2021-06'
/** The Stripe Connect account of the 'radio' campaign (the created one). */
const RADIO_ACCOUNT = 'acct_1OpenApiRadio'
/** The logo the good calls upload, and its versioned file name. */
const LOGO_FILE = `${await logoVersion(PNG)}.png`
const logoUpload = (slug = 'news', body: Uint8Array = PNG, type = 'image/png'): Call => ({
  params: { slug },
  headers: { 'Content-Type': type },
  body,
})
const payment = donation({ amount: 1200, created: unix('2021-06-10T00:00:00Z') })
const paid = event('payment_intent.succeeded', paymentIntent(payment))
const webhookCall = (
  e = event(
    'payment_intent.succeeded',
    paymentIntent(
      donation({ amount: 300, created: unix('2021-06-11T00:00:00Z'), campaign: 'news' }),
    ),
  ),
): Call => {
  const body = JSON.stringify(e)
  return { body, headers: { 'Stripe-Signature': sign(body) } }
}

/** A request each operation answers with success, once the fixtures exist. */
const good: Record<string, () => Call> = {
  getHealth: () => ({}),
  getProgress: () => ({ params: { slug: 'news' }, query: { month: MONTH } }),
  streamProgress: () => ({ params: { slug: 'news' }, query: { month: MONTH } }),
  getEmbedPage: () => ({ params: { slug: 'news' }, query: { month: MONTH } }),
  getEmbedSvg: () => ({ params: { slug: 'news' }, query: { month: MONTH } }),
  getEmbedPng: () => ({ params: { slug: 'news' }, query: { month: MONTH, density: '2' } }),
  getWidget: () => ({}),
  getHistory: () => ({ params: { slug: 'news' }, query: { months: '3' } }),
  getHistorySvg: () => ({ params: { slug: 'news' }, query: { months: '3', theme: 'dark' } }),
  listSupporters: () => ({ params: { slug: 'news' }, query: { limit: '5' } }),
  createCampaign: () => ({
    body: { ...newsCampaign, slug: 'radio', name: 'Radio', stripeAccount: RADIO_ACCOUNT },
  }),
  listCampaigns: () => ({}),
  getCampaign: () => ({ params: { slug: 'news' } }),
  updateCampaign: () => ({ params: { slug: 'news' }, body: { name: 'The Daily News' } }),
  setMonth: () => ({
    params: { slug: 'news', month: MONTH },
    body: { goal: 500000, label: 'JUNE 2021' },
  }),
  listMonths: () => ({ params: { slug: 'news' } }),
  setCampaignLogo: () => logoUpload(),
  getCampaignLogo: () => ({ params: { slug: 'news', file: LOGO_FILE } }),
  deleteCampaignLogo: () => ({ params: { slug: 'news' } }),
  addAdjustment: () => ({
    params: { slug: 'news' },
    headers: { 'Idempotency-Key': 'cheque-1' },
    body: { month: MONTH, amount: 2500, reason: 'Cheque from a reader', donor: 'Ana' },
  }),
  listLedger: () => ({ params: { slug: 'news' }, query: { month: MONTH, limit: '1' } }),
  reverseEntry: () => ({
    params: { slug: 'news', entryId: reversible() },
    body: { reason: 'Entered twice' },
  }),
  recomputeTotals: () => ({ query: { campaign: 'news' } }),
  listWebhookEvents: () => ({ query: { limit: '5' } }),
  replayWebhookEvent: () => ({ params: { id: paid.id } }),
  listUnattributed: () => ({}),
  getStripeSetup: () => ({}),
  assignUnattributed: () => ({ body: { paymentRef: payment.pi, campaign: 'news' } }),
  backfillEvents: () => ({ body: { since: new Date(Date.now() - 86400_000).toISOString() } }),
  listAudit: () => ({ query: { limit: '3' } }),
  exportLedgerCsv: () => ({ params: { slug: 'news' } }),
  exportMonthsCsv: () => ({ params: { slug: 'news' } }),
  receiveStripeEvent: () => webhookCall(),
  receivePaypalEvent: () => paypalCall(),
  receiveGithubEvent: () =>
    sourceCall(githubDelivery(sponsorship('created', 'MDExOlNwb25zb3JzaGlwMQ=='), 'd-live')),
  receiveKofiEvent: () => sourceCall(kofiDelivery(kofiData('m-live', 'k-live', '3.00'))),
  receiveBuyMeACoffeeEvent: () => sourceCall(bmcDelivery(bmcEvent('donation.created', 1, 58, 5))),
  receiveDonorboxEvent: () => sourceCall(donorboxDelivery(donorboxDonation(1, '100.0'))),
  receiveOpenCollectiveEvent: () => ocCall(),
  receivePatreonEvent: () =>
    sourceCall(
      patreonDelivery(patreonMember('d485d5ac-6c82-42c6-9c08-c50cf01b73d7'), 'members:update'),
    ),
  backfillPaypalEvents: () => ({ body: { since: new Date(Date.now() - 86400_000).toISOString() } }),
  backfillSource: () => ({
    params: { source: 'github' },
    body: { since: new Date(Date.now() - 86400_000).toISOString() },
  }),
  getMetrics: () => ({}),
  createCheckoutSession: () => ({
    params: { slug: 'news' },
    headers: { 'Idempotency-Key': 'gift-1' },
    body: { amount: 2500, interval: 'once' },
  }),
  donatePage: () => ({ params: { slug: 'news' }, query: { theme: 'dark' } }),
  donateForm: () => form({ amount: '1000', interval: 'month' }),
  donateThanks: () => ({ params: { slug: 'news' }, query: { session_id: paidSession() } }),
  donatePaypalForm: () => form({ amount: '1500' }, 'news', PAYPAL_IP),
  createPaypalGift: () => ({
    params: { slug: 'news' },
    headers: { 'Idempotency-Key': 'paypal-gift-1', 'X-Forwarded-For': PAYPAL_IP },
    body: { amount: 2500, interval: 'once' },
  }),
  donatePaypalReturn: () => ({ params: { slug: 'news' }, query: { token: paypalGift.order } }),
  donatePaypalSubscribed: () => ({
    params: { slug: 'news' },
    query: { subscription_id: paypalGift.subscription },
  }),
  startReconciliation: () => ({
    body: { from: '2021-06-01T00:00:00Z', to: '2021-07-01T00:00:00Z' },
  }),
  listReconciliations: () => ({ query: { limit: '2' } }),
  getReconciliation: () => ({ params: { id: reconciled() } }),
  repairReconciliation: () => ({ params: { id: reconciled() } }),
}

/** An Open Collective activity whose transaction the fake API confirms (set once it runs). */
let ocCall = (): Call => ({})

/** A receive-only source's signed delivery as a call (test/support/source-events.ts). */
const sourceCall = (d: Delivery): Call => ({ body: d.body, headers: d.headers })
const WEBHOOK_IDS = new Set([
  'receiveGithubEvent',
  'receiveKofiEvent',
  'receiveBuyMeACoffeeEvent',
  'receiveDonorboxEvent',
  'receivePatreonEvent',
  'receiveOpenCollectiveEvent',
])

/** The id of a reconciliation run, once one ran. */
/** A PayPal event signed by the fake PayPal's key (set once it runs). */
let paypalCall = (): Call => ({})
let reconciled = (): string => 'none'

/** The id of the adjustment the good calls reverse, once it was added. */
let reversible = (): string => 'none'

/** A paid Checkout Session of `news` in the fake Stripe, once one was created. */
let paidSession = (): string => 'cs_test_none'

/** PayPal gifts approved on the fake PayPal (made before the good calls run). */
const paypalGift = { order: 'NONE', subscription: 'I-NONE' }
/** The client the PayPal form's calls come from (the rate limit counts per client). */
const PAYPAL_IP = '192.0.2.30'

/** The donate page's form, as a browser posts it. */
function form(fields: Record<string, string>, slug = 'news', ip = '192.0.2.10'): Call {
  return {
    params: { slug },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': ip },
    body: new URLSearchParams(fields).toString(),
  }
}

/** A request naming something that does not exist, for each operation that documents 404. */
const missing: Record<string, Call> = {
  getProgress: { params: { slug: 'nope' } },
  streamProgress: { params: { slug: 'nope' } },
  getEmbedPage: { params: { slug: 'nope' } },
  getEmbedSvg: { params: { slug: 'nope' } },
  getEmbedPng: { params: { slug: 'nope' } },
  getHistory: { params: { slug: 'nope' } },
  getHistorySvg: { params: { slug: 'nope' } },
  listSupporters: { params: { slug: 'nope' } },
  getCampaign: { params: { slug: 'nope' } },
  updateCampaign: { params: { slug: 'nope' }, body: { name: 'x' } },
  setMonth: { params: { slug: 'nope', month: MONTH }, body: { goal: 1 } },
  listMonths: { params: { slug: 'nope' } },
  setCampaignLogo: logoUpload('nope'),
  getCampaignLogo: { params: { slug: 'news', file: '0000000000000000.png' } },
  deleteCampaignLogo: { params: { slug: 'nope' } },
  addAdjustment: { params: { slug: 'nope' }, body: { month: MONTH, amount: 1, reason: 'x' } },
  listLedger: { params: { slug: 'nope' } },
  reverseEntry: { params: { slug: 'news', entryId: 'no-such-entry' }, body: { reason: 'x' } },
  recomputeTotals: { query: { campaign: 'nope' } },
  replayWebhookEvent: { params: { id: 'evt_unknown' } },
  assignUnattributed: { body: { paymentRef: 'pi_unknown', campaign: 'news' } },
  exportLedgerCsv: { params: { slug: 'nope' } },
  exportMonthsCsv: { params: { slug: 'nope' } },
  createCheckoutSession: { params: { slug: 'nope' }, body: { amount: 2500 } },
  donatePage: { params: { slug: 'nope' } },
  donateForm: form({ amount: '1000' }, 'nope'),
  donateThanks: { params: { slug: 'nope' } },
  donatePaypalForm: form({ amount: '1500' }, 'nope', PAYPAL_IP),
  createPaypalGift: { params: { slug: 'nope' }, body: { amount: 2500 } },
  donatePaypalReturn: { params: { slug: 'nope' }, query: { token: 'ABC' } },
  donatePaypalSubscribed: { params: { slug: 'news' }, query: { subscription_id: 'I-NOSUCH' } },
  getReconciliation: { params: { id: 'no-such-run' } },
  repairReconciliation: { params: { id: 'no-such-run' } },
}

/** A bad parameter, for the public operations that document 400. */
const badParameter: Record<string, Call> = {
  getProgress: { params: { slug: 'news' }, query: { month: '2021-13' } },
  streamProgress: { params: { slug: 'news' }, query: { month: '2021-13' } },
  getEmbedPage: { params: { slug: 'news' }, query: { month: '2021-13' } },
  getEmbedSvg: { params: { slug: 'news' }, query: { month: '2021-13' } },
  getEmbedPng: { params: { slug: 'news' }, query: { density: '3' } },
  getHistory: { params: { slug: 'news' }, query: { months: '0' } },
  getHistorySvg: { params: { slug: 'news' }, query: { months: 'many' } },
  listSupporters: { params: { slug: 'news' }, query: { limit: '0' } },
  setCampaignLogo: logoUpload('news', SVG),
  getCampaignLogo: { params: { slug: 'news', file: 'logo.svg' } },
  receiveStripeEvent: { body: '{}' },
  receivePaypalEvent: { body: '{}' },
  receiveGithubEvent: { body: '{}' },
  receiveKofiEvent: { body: '{}' },
  receiveBuyMeACoffeeEvent: { body: '{}' },
  receiveDonorboxEvent: { body: '{}' },
  receivePatreonEvent: { body: '{}' },
  // Unsigned: a body that names no transaction to confirm.
  receiveOpenCollectiveEvent: { body: '{"type":"collective.transaction.created"}' },
  createCheckoutSession: { params: { slug: 'news' }, body: { amount: 12.5 } },
  donatePage: { params: { slug: 'news' }, query: { theme: 'neon' } },
  donateForm: form({ amount: 'other', custom: 'lots' }),
  donateThanks: { params: { slug: 'news' }, query: { theme: 'neon' } },
  donatePaypalForm: form({ amount: 'other', custom: 'lots' }, 'news', PAYPAL_IP),
  createPaypalGift: { params: { slug: 'news' }, body: { amount: 1500, interval: 'year' } },
  donatePaypalReturn: { params: { slug: 'news' }, query: { token: '<x>' } },
  donatePaypalSubscribed: { params: { slug: 'news' }, query: { theme: 'neon' } },
}

describe('the OpenAPI document against live answers', () => {
  let t: TestApp
  let bare: TestApp
  let fake: Awaited<ReturnType<typeof startFakeStripe>>
  let paypal: FakePaypal
  let oc: FakeOpenCollective
  let apis: FakeSourceApis
  let live: LiveContract
  let app: Requester
  let locked: Requester
  const isAdmin = (id: string) => (live.operations.get(id)?.op.security?.length ?? 0) > 0
  const withToken = (id: string, call: Call): Call =>
    isAdmin(id) ? { ...call, headers: { ...admin, ...call.headers } } : call
  const send = (id: string, call: Call, to: Requester = app) =>
    live.send(to, id, withToken(id, call))

  beforeAll(async () => {
    fake = await startFakeStripe()
    paypal = await new FakePaypal().start()
    oc = await new FakeOpenCollective().start()
    oc.contribution(4101, 1500)
    apis = await new FakeSourceApis().start()
    apis.sponsorships.push(
      ghSponsorship('MDExOlNwb25zb3JzaGlwTGl2ZQ==', { createdAt: new Date().toISOString() }),
    )
    ocCall = () => sourceCall(ocActivity(4101))
    const [captured] = paypalMonth()
    paypalCall = () => {
      const body = JSON.stringify(captured)
      return { body, headers: paypal.sign(body) }
    }
    paidSession = () => {
      const s = [...fake.checkout.sessions.values()].find((x) => x.campaign === 'news')
      if (s && !s.paid) payEvents(s)
      return s?.id ?? 'cs_test_none'
    }
    t = await makeTestApp({
      // Checkout runs (a key, a public URL); its rate limit counts per X-Forwarded-For.
      env: {
        ...webhookEnv,
        ...paypal.env(),
        ...sourcesEnv(),
        ...oc.env(),
        ...apis.env(),
        PUBLIC_URL: 'https://bar.example',
        CLIENT_IP_HEADER: 'X-Forwarded-For',
        CHECKOUT_RATE_LIMIT: '3',
      },
      deps: { stripe: fake.stripe, rasterize: svgToPng },
    })
    // No webhook secret and no Stripe key: the 503s that configuration decides.
    bare = await makeTestApp()
    app = (p, i) => t.app.request(p, i)
    const down = createApp({
      store: lockedStore(t.store),
      config: t.config,
      rasterize: svgToPng,
    })
    locked = (p, i) => down.request(p, i)
    const res = await t.app.request('/openapi.json')
    live = new LiveContract((await res.json()) as OpenApiDocument)
  })
  afterAll(async () => {
    await t?.close()
    await bare?.close()
    await fake?.close()
    await paypal?.stop()
    await oc?.stop()
    await apis?.stop()
  })

  it('has every operation this test knows, and no other', () => {
    expect([...live.operations.keys()].sort()).toEqual(Object.keys(good).sort())
  })

  it('declares the bearer token on exactly the admin operations', () => {
    expect(live.doc.components?.securitySchemes).toMatchObject({
      adminToken: { type: 'http', scheme: 'bearer' },
    })
    for (const [id, { path, op }] of live.operations) {
      const admin = path.startsWith('/api/admin/') || path === '/metrics'
      expect(op.security, id).toEqual(admin ? [{ adminToken: [] }] : [])
    }
  })

  it('answers the successful calls as documented', async () => {
    await send('createCampaign', { body: { ...newsCampaign, checkout: { enabled: true } } })
    for (const id of [
      'getProgress',
      'getEmbedPage',
      'getEmbedSvg',
      'getEmbedPng',
      'getHistory',
      'getHistorySvg',
      'getWidget',
    ] as const) {
      const { res } = await send(id, good[id]?.() ?? {})
      expect(res.status).toBe(200)
      const etag = res.headers.get('etag')
      expect(etag).toBeTruthy()
      const again = await send(id, { ...good[id]?.(), headers: { 'If-None-Match': etag ?? '' } })
      expect(again.res.status).toBe(304)
    }
    // An unattributed payment (no campaign, no default campaign) for assign and replay.
    expect((await send('receiveStripeEvent', webhookCall(paid))).res.status).toBe(200)
    const added = await send('addAdjustment', good.addAdjustment?.() ?? {})
    expect(added.res.status).toBe(201)
    const addedId = (added.json as { id: string }).id
    reversible = () => addedId
    const run = await send('startReconciliation', good.startReconciliation?.() ?? {})
    expect(run.res.status).toBe(201)
    const runId = (run.json as { id: string }).id
    reconciled = () => runId
    // A reader gives once and monthly through PayPal and approves both on the fake PayPal.
    for (const interval of ['once', 'month']) {
      const started = await t.app.request('/donate/news/paypal', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-Forwarded-For': '192.0.2.31',
        },
        body: new URLSearchParams({ amount: '1000', interval }).toString(),
      })
      const back = new URL(await paypal.approve(started.headers.get('location') ?? ''))
      if (interval === 'once') paypalGift.order = back.searchParams.get('token') ?? ''
      else paypalGift.subscription = back.searchParams.get('subscription_id') ?? ''
    }
    for (const [id, call] of Object.entries(good)) {
      const { res } = await send(id, call())
      // The donate forms' success is their 303 to Checkout or PayPal.
      const redirects = id === 'donateForm' || id === 'donatePaypalForm'
      expect(res.status, id).toBeLessThan(redirects ? 400 : 300)
    }
  })

  it("answers the logo's image with 304 to its ETag, and a declared type it does not take with 415", async () => {
    expect((await send('setCampaignLogo', logoUpload())).res.status).toBe(200)
    const got = await send('getCampaignLogo', good.getCampaignLogo?.() ?? {})
    expect(got.res.status).toBe(200)
    const etag = got.res.headers.get('etag') ?? ''
    const again = await send('getCampaignLogo', {
      ...good.getCampaignLogo?.(),
      headers: { 'If-None-Match': etag },
    })
    expect(again.res.status).toBe(304)
    const svg = await send('setCampaignLogo', logoUpload('news', SVG, 'image/svg+xml'))
    expect(svg.res.status).toBe(415)
  })

  it('answers a retried adjustment and a reused Idempotency-Key as documented', async () => {
    const call = good.addAdjustment?.() ?? {}
    expect((await send('addAdjustment', call)).res.status).toBe(200)
    const reused = await send('addAdjustment', {
      ...call,
      body: { month: MONTH, amount: 9999, reason: 'another gift' },
    })
    expect(reused.res.status).toBe(409)
    expect(reused.json).toMatchObject({ error: { code: 'conflict' } })
    // The adjustment was reversed once above: a second reversal is refused.
    const again = await send('reverseEntry', good.reverseEntry?.() ?? {})
    expect(again.res.status).toBe(409)
    expect(again.json).toMatchObject({ error: { code: 'conflict' } })
    expect((await send('createCampaign', { body: newsCampaign })).res.status).toBe(409)
  })

  it("answers the checkout's refusals as documented (409, 429, 502)", async () => {
    const ended = { ...newsCampaign, slug: 'ended', checkout: { enabled: true } }
    await send('createCampaign', { body: ended })
    await send('updateCampaign', { params: { slug: 'ended' }, body: { archived: true } })
    const endedGift = { params: { slug: 'ended' }, body: { amount: 2500 } }
    expect((await send('createCheckoutSession', endedGift)).res.status).toBe(409)
    expect((await send('donatePage', { params: { slug: 'ended' } })).res.status).toBe(409)
    expect((await send('donateForm', form({ amount: '1000' }, 'ended'))).res.status).toBe(409)
    const endedPaypal = form({ amount: '1000' }, 'ended', PAYPAL_IP)
    expect((await send('donatePaypalForm', endedPaypal)).res.status).toBe(409)
    const endedPaypalGift = { params: { slug: 'ended' }, body: { amount: 2500 } }
    expect((await send('createPaypalGift', endedPaypalGift)).res.status).toBe(409)
    const reused = await send('createCheckoutSession', {
      ...good.createCheckoutSession?.(),
      body: { amount: 5000 },
    })
    expect(reused.json).toMatchObject({ error: { code: 'idempotency_conflict' } })
    fake.checkout.mode = 'error'
    const gift = (ip: string) => ({
      params: { slug: 'news' },
      headers: { 'X-Forwarded-For': ip },
      body: { amount: 2500 },
    })
    expect((await send('createCheckoutSession', gift('192.0.2.20'))).res.status).toBe(502)
    expect(
      (await send('donateForm', form({ amount: '1000' }, 'news', '192.0.2.21'))).res.status,
    ).toBe(502)
    expect((await send('donateThanks', good.donateThanks?.() ?? {})).res.status).toBe(502)
    fake.checkout.mode = 'ok'
    paypal.give.fail = 500
    for (const id of ['donatePaypalForm', 'donatePaypalReturn', 'donatePaypalSubscribed']) {
      const call = id === 'donatePaypalForm' ? form({ amount: '1000' }, 'news', '192.0.2.32') : {}
      expect((await send(id, { ...good[id]?.(), ...call })).res.status, id).toBe(502)
    }
    const failing = { ...gift('192.0.2.32'), body: { amount: 2000 } }
    expect((await send('createPaypalGift', failing)).res.status).toBe(502)
    paypal.give.fail = null
    // The limit (3 a minute) counts PayPal's and Stripe's gifts alike: the fourth is refused.
    for (let i = 0; i < 3; i++) {
      await send('donatePaypalForm', form({ amount: '1000' }, 'news', '192.0.2.33'))
    }
    const limited = await send('donatePaypalForm', form({ amount: '1000' }, 'news', '192.0.2.33'))
    expect(limited.res.status).toBe(429)
    expect((await send('createPaypalGift', gift('192.0.2.33'))).res.status).toBe(429)
    for (let i = 0; i < 2; i++) await send('createCheckoutSession', gift('192.0.2.20'))
    expect((await send('createCheckoutSession', gift('192.0.2.20'))).res.status).toBe(429)
    for (let i = 0; i < 2; i++)
      await send('donateForm', form({ amount: '1000' }, 'news', '192.0.2.21'))
    expect(
      (await send('donateForm', form({ amount: '1000' }, 'news', '192.0.2.21'))).res.status,
    ).toBe(429)
  })

  it('refuses admin calls without a token (401) or with a malformed header (400)', async () => {
    for (const [id] of live.operations) {
      if (!isAdmin(id)) continue
      const call = good[id]?.() ?? {}
      const none = await live.send(app, id, call)
      expect(none.res.status, id).toBe(401)
      const basic = await live.send(app, id, {
        ...call,
        headers: { ...call.headers, Authorization: 'Basic Zm9vOmJhcg==' },
      })
      expect(basic.res.status, id).toBe(400)
    }
  })

  it('answers unknown names with 404 and bad parameters with 400', async () => {
    for (const [id, call] of Object.entries(missing)) {
      expect((await send(id, call)).res.status, id).toBe(404)
    }
    for (const [id, call] of Object.entries(badParameter)) {
      expect((await send(id, call)).res.status, id).toBe(400)
    }
  })

  it('refuses oversized (413) and invalid (422) bodies where documented', async () => {
    for (const [id] of live.operations) {
      const statuses = live.statuses(id)
      const call = good[id]?.() ?? {}
      if (statuses.includes('413')) {
        // Over the API's 64 KiB, the webhook's 1 MiB or the logo's 256 KiB.
        const size =
          id === 'receiveStripeEvent' || id === 'receivePaypalEvent' || WEBHOOK_IDS.has(id)
            ? 1024 * 1024 + 1
            : id === 'setCampaignLogo'
              ? LOGO_MAX_BYTES + 1
              : 64 * 1024 + 1
        const big = JSON.stringify({ pad: 'x'.repeat(size) })
        const res = await send(id, { ...call, body: big })
        expect(res.res.status, id).toBe(413)
      }
      if (statuses.includes('422')) {
        const res = await send(id, { ...call, body: { unexpected: true } })
        expect(res.res.status, id).toBe(422)
      }
    }
  })

  it("answers 429 past one client's streams or PNG renderings, and a 503 image while the rasteriser is full", async () => {
    const client = { 'X-Forwarded-For': '192.0.2.9' }
    const url = `/api/campaigns/news/stream?month=${MONTH}`
    const held: Response[] = []
    for (let i = 0; i < t.config.streamMaxPerAddress; i++) {
      held.push(await t.app.request(url, { headers: client }))
    }
    expect(held.map((r) => r.status)).toEqual(held.map(() => 200))
    const refused = await send('streamProgress', { ...good.streamProgress?.(), headers: client })
    expect(refused.res.status).toBe(429)
    expect(refused.res.headers.get('retry-after')).toMatch(/^\d+$/)
    await Promise.all(held.map((r) => r.body?.cancel()))
    const full = createApp({
      store: t.store,
      config: t.config,
      rasterize: Object.assign((svg: string, w: number) => svgToPng(svg, w), { busy: () => true }),
    })
    const busy = await send('getEmbedPng', good.getEmbedPng?.() ?? {}, (p, i) => full.request(p, i))
    expect(busy.res.status).toBe(503)
    expect(busy.res.headers.get('content-type')).toBe('image/png')
    expect(busy.res.headers.get('retry-after')).toBe('1')
    // One new PNG a minute per client: the second is refused with 429 before any work.
    const limited = createApp({
      store: t.store,
      config: { ...t.config, png: { ...t.config.png, rendersPerAddress: 1 } },
      rasterize: (svg: string, w: number) => svgToPng(svg, w),
    })
    const spent = await limited.request('/embed/news.png?width=333', { headers: client })
    expect(spent.status).toBe(200)
    const over = await send('getEmbedPng', { ...good.getEmbedPng?.(), headers: client }, (p, i) =>
      limited.request(p, i),
    )
    expect(over.res.status).toBe(429)
    expect(over.res.headers.get('content-type')).toBe('image/png')
    expect(over.res.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
  })

  it('answers 503 where the configuration or the database decides it', async () => {
    const bareApp: Requester = (p, i) => bare.app.request(p, i)
    const backfill = await send('backfillEvents', good.backfillEvents?.() ?? {}, bareApp)
    expect(backfill.res.status).toBe(503)
    // And no rasteriser (as on Workers): the PNG says so with a 501.
    expect((await send('getEmbedPng', good.getEmbedPng?.() ?? {}, bareApp)).res.status).toBe(501)
    const webhook = await send('receiveStripeEvent', webhookCall(), bareApp)
    expect(webhook.json).toMatchObject({ error: { code: 'webhooks_disabled' } })
    for (const [id] of live.operations) {
      if (!live.statuses(id).includes('503')) continue
      const { res } = await send(id, good[id]?.() ?? {}, locked)
      expect(res.status, id).toBe(503)
    }
  })

  it("answers Stripe Connect's cases as documented: a connected account's payment assigned to the platform's campaign is a 409; ignored accounts are listed", async () => {
    const fromRadio = donation({ amount: 400, created: unix('2021-06-12T00:00:00Z') })
    const onAccount = (e: ReturnType<typeof event>, account: string) =>
      webhookCall({ ...e, account } as ReturnType<typeof event>)
    const paidOnRadio = event('payment_intent.succeeded', paymentIntent(fromRadio))
    expect(
      (await send('receiveStripeEvent', onAccount(paidOnRadio, RADIO_ACCOUNT))).res.status,
    ).toBe(200)
    const across = await send('assignUnattributed', {
      body: { paymentRef: fromRadio.pi, campaign: 'news' },
    })
    expect(across.res.status).toBe(409)
    expect(across.json).toMatchObject({ error: { code: 'conflict' } })
    const stranger = event(
      'payment_intent.succeeded',
      paymentIntent(donation({ amount: 500, created: unix('2021-06-12T00:00:00Z') })),
    )
    expect(
      (await send('receiveStripeEvent', onAccount(stranger, 'acct_1NoCampaign'))).res.status,
    ).toBe(200)
    const setup = await send('getStripeSetup', {})
    expect(setup.json).toMatchObject({
      ignoredAccounts: [{ account: 'acct_1NoCampaign', count: 1, campaigns: [] }],
    })
  })

  it('fails on a status, media type or field the document does not hold', async () => {
    const campaign = (await send('getCampaign', good.getCampaign?.() ?? {})).json as object
    const json = { 'Content-Type': 'application/json' }
    const answer = (body: unknown, status = 200, headers: Record<string, string> = json) =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers })
    await expect(live.check('getCampaign', answer(campaign))).resolves.toBeTruthy()
    await expect(live.check('getCampaign', answer({ ...campaign, extra: 1 }))).rejects.toThrow(
      /does not hold/,
    )
    await expect(live.check('getCampaign', answer({ ...campaign, slug: 7 }))).rejects.toThrow(
      /does not hold/,
    )
    await expect(live.check('getCampaign', answer(campaign, 418))).rejects.toThrow(/not list/)
    await expect(
      live.check('getCampaign', answer('x', 200, { 'Content-Type': 'text/plain' })),
    ).rejects.toThrow(/Content-Type text\/plain/)
    await expect(live.check('getCampaign', answer({ error: { code: 'x' } }, 404))).rejects.toThrow(
      /does not hold/,
    )
  })

  it("answers PayPal's backfill with 502 when PayPal fails and 503 without PayPal, and a second claim of PayPal with 409", async () => {
    paypal.failList = 500
    const failed = await send('backfillPaypalEvents', good.backfillPaypalEvents?.() ?? {})
    paypal.failList = null
    expect(failed.res.status).toBe(502)
    const bareApp: Requester = (p, i) => bare.app.request(p, i)
    const off = await send('backfillPaypalEvents', good.backfillPaypalEvents?.() ?? {}, bareApp)
    expect(off.res.status).toBe(503)
    await send('createCampaign', { body: { ...newsCampaign, slug: 'paypal-desk', name: 'Desk' } })
    const claim = (slug: string) =>
      send('updateCampaign', { params: { slug }, body: { sources: ['paypal'] } })
    expect((await claim('paypal-desk')).res.status).toBe(200)
    expect((await claim('news')).res.status).toBe(409)
  })

  it("answers a platform's backfill with 400 to a bad source, 502 when its API fails and 503 without its token", async () => {
    const call = good.backfillSource?.() ?? {}
    const bad = await send('backfillSource', { ...call, params: { source: 'kofi' } })
    expect(bad.res.status).toBe(400)
    apis.fail = true
    const failed = await send('backfillSource', call)
    apis.fail = false
    expect(failed.res.status).toBe(502)
    const bareApp: Requester = (p, i) => bare.app.request(p, i)
    expect((await send('backfillSource', call, bareApp)).res.status).toBe(503)
  })

  it('produced every documented operation and status (500 aside)', () => {
    const pairs = [...live.seen.values()].reduce((n, s) => n + s.size, 0)
    reportCounts(
      `openapi live check: ${live.operations.size} operations, ${pairs} (operation, status) ` +
        `pairs exercised, ${live.answers} answers validated`,
    )
    expect(live.unexercised(['500'])).toEqual([])
  })
})
