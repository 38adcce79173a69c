import { expect } from 'vitest'
import { servicesOf } from '../../src/app.js'
import { mailSender } from '../../src/mail/sender.js'
import { manageComposer } from '../../src/manage/compose.js'
import { smtpTransport } from '../../src/node/smtp.js'
import { startFakeStripe } from './fake-stripe.js'
import { fixedClock, makeTestApp, newsCampaign } from './harness.js'
import { startSmtp } from './smtp.js'
import { WHSEC, webhookEnv } from './stripe-events.js'

/**
 * What the manage suites run on: an app with Stripe (the fake), e-mail (a real SMTP server,
 * smtp-server) and a public URL, campaigns `news` and `radio` taking monthly gifts, and the
 * moves a donor makes: give monthly, open the form, post it, read the links of an e-mail.
 */

export const MAIL_KEY = 'q83vEjW1nQ0sTb0mN6l2y7Cw0dQnUu9mYtY2Vd3m5aE='
export const FROM = 'The Daily News <thanks@news.example>'
export const PUBLIC = 'https://give.example'
export const DONOR = 'monthly.reader@example.org'

export type ManageRig = Awaited<ReturnType<typeof startManageRig>>

export async function startManageRig() {
  const smtp = await startSmtp()
  const fake = await startFakeStripe()
  const clock = fixedClock(new Date().toISOString())
  const t = await makeTestApp({
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
    },
    deps: { clock, stripe: fake.stripe },
  })
  fake.webhooks.to((path, init) => t.app.request(path, init), WHSEC)
  const checkout = { enabled: true, allowMonthly: true }
  await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, checkout })
  await t.call('POST', '/api/admin/campaigns', {
    ...newsCampaign,
    slug: 'radio',
    name: 'Radio Free',
    checkout,
  })

  return {
    t,
    fake,
    smtp,
    clock,

    /** The app's outbox sent through SMTP with the manage composer (as on Node). */
    sender() {
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
    },

    /** A monthly gift by `email`, paid at the fake Stripe, its events delivered; its customer. */
    async monthlyGift(email: string, slug = 'news'): Promise<string> {
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
    },

    /** The form as a browser gets it: its cookie and hidden token. */
    async openForm(path = '/manage/news') {
      const res = await t.app.request(path)
      const html = await res.text()
      const cookie = /sb_manage=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? ''
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
      return { res, html, cookie, csrf }
    },

    /** Posts the form as a browser of this origin does. */
    ask(
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
    },

    /** The manage links (paths of the gifts page) of a received message. */
    linksIn: (text: string) =>
      [...text.matchAll(/https:\/\/give\.example(\/manage\/[^\s]+\/gifts\?token=[^\s]+)/g)].map(
        (m) => m[1] as string,
      ),

    /** Opens a link's page of gifts: the answer, its HTML, its forms' gifts and its portal link. */
    async openLink(link: string) {
      const res = await t.app.request(link)
      const html = await res.text()
      const portal = /href="(\/manage\/[^"]+\/portal\?token=[^"]+)"/
        .exec(html)?.[1]
        ?.replaceAll('&amp;', '&')
      const gifts = [...html.matchAll(/name="subscription" value="([^"]+)"/g)].map((m) => m[1])
      return { res, html, portal, gifts }
    },

    /** Posts a gift's new amount as the page's form does (a preset's cents, or `other` and text). */
    changeAmount(
      link: string,
      subscription: string,
      amount: { amount: string; custom?: string },
      o: { origin?: string; token?: string } = {},
    ) {
      const url = new URL(link, PUBLIC)
      const token = o.token ?? url.searchParams.get('token') ?? ''
      // The form's action keeps the page's display options, never the token.
      url.searchParams.delete('token')
      return t.app.request(`${url.pathname}${url.search}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: o.origin ?? PUBLIC,
        },
        body: new URLSearchParams({ token, subscription, custom: '', ...amount }).toString(),
      })
    },

    async close() {
      await t.close()
      await fake.close()
      await smtp.close()
    },
  }
}
