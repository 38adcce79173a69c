import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { outboxCounts } from '../src/store/outbox.js'
import { makeTestApp, newsCampaign } from './support/harness.js'
import { htmlProblems } from './support/html-check.js'
import { DONOR, type ManageRig, startManageRig } from './support/manage-rig.js'

// The manage form's refusals and pages: forged posts, limits, bad input, html-validate. The
// link it sends and the portal it opens: manage.test.ts.

let r: ManageRig
beforeEach(async () => {
  r = await startManageRig()
})
afterEach(() => r.close())

describe('the manage form', () => {
  it('refuses forms from another site or without their token, and nothing is queued', async () => {
    const form = await r.openForm()
    const cases = [
      r.ask(DONOR, form, { origin: 'https://evil.example' }),
      r.ask(DONOR, { ...form, csrf: '' }),
      r.ask(DONOR, { ...form, cookie: '' }),
      r.ask(DONOR, { cookie: (await r.openForm()).cookie, csrf: form.csrf }),
    ]
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      expect(await res.text()).toContain('This form had expired or came from another site')
    }
    expect(await outboxCounts(r.t.store)).toEqual({})
  })

  it('sends one link per address in ten minutes, and limits requests per client', async () => {
    await r.monthlyGift(DONOR)
    const form = await r.openForm()
    expect((await r.ask(DONOR, form)).status).toBe(200)
    expect((await r.ask(DONOR, form)).status).toBe(200)
    expect((await r.ask('a@example.org', form)).status).toBe(200)
    expect((await r.ask('b@example.org', form)).status).toBe(200)
    const limited = await r.ask('c@example.org', form)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await limited.text()).toContain('Too many requests from your connection.')
    // Another client is not limited by this one.
    expect((await r.ask('c@example.org', form, { ip: '198.51.100.99' })).status).toBe(200)
    const manage = await r.t.store.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('kind', '=', 'manage')
      .execute()
    expect(manage).toHaveLength(4)
    expect(manage.map((row) => row.id).join()).not.toContain('example.org')
    await r.sender().runOnce()
    expect(r.smtp.received.filter((m) => m.to[0] === DONOR)).toHaveLength(1)
  })

  it('passes html-validate: the form, its answer, a refusal, an expired link, managing off', async () => {
    const form = await r.openForm('/manage/news?locale=ar')
    const pages: [string, string][] = [
      ['form', (await r.openForm()).html],
      ['form ar', form.html],
      ['sent', await (await r.ask(DONOR, form, { path: '/manage/news?locale=ar' })).text()],
      ['bad e-mail', await (await r.ask('x', form)).text()],
      ['forged', await (await r.t.app.request('/manage/news/portal?token=x')).text()],
      ['unknown', await (await r.t.app.request('/manage/nope')).text()],
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
    const form = await r.openForm('/manage/news?locale=ar')
    expect(form.html).toContain('<html lang="ar" dir="rtl">')
    expect(form.html).toContain('إدارة تبرعك لـ The Daily News')
    const bad = await r.ask('not an address', form, { path: '/manage/news?locale=ar' })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('أدخل بريدًا إلكترونيًا مثل name@example.org.')
    const unknown = await r.t.app.request('/manage/nope')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    const option = await r.t.app.request('/manage/news?theme=neon')
    expect(option.status).toBe(400)
    expect(option.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(await outboxCounts(r.t.store)).toEqual({})
  })
})
