import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { consoleClient } from './support/console-client.js'
import { expectError, expectTotalsMatchLedger, snapshot, type TestApp } from './support/harness.js'
import { captureCompleted } from './support/paypal-events.js'
import { progress, send, useFakePaypal, withCampaigns } from './support/paypal-rig.js'

useFakePaypal()

describe('a campaign claims PayPal (sources)', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await withCampaigns()
  })
  afterEach(async () => {
    await expectTotalsMatchLedger(t.store)
    await t.close()
  })

  it('takes PayPal money that names no campaign; one campaign per provider (409)', async () => {
    const claim = await t.call('PATCH', '/api/admin/campaigns/radio', { sources: ['paypal'] })
    expect(claim.status, await claim.clone().text()).toBe(200)
    expect(((await claim.json()) as { sources: string[] }).sources).toEqual(['paypal'])
    const before = await snapshot(t.store)
    await expectError(
      await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['paypal'] }),
      409,
      'conflict',
    )
    await expectError(
      await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['stripe'] }),
      422,
    )
    await expectError(
      await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['paypal', 'paypal'] }),
      422,
    )
    expect(await snapshot(t.store)).toEqual(before)
    const listed = (await (await t.call('GET', '/api/admin/campaigns')).json()) as {
      campaigns: { slug: string; sources: string[] }[]
    }
    expect(listed.campaigns.map((c) => [c.slug, c.sources])).toEqual([
      ['news', []],
      ['radio', ['paypal']],
    ])

    // No custom_id: the claiming campaign, not the default one; a custom_id still wins.
    await send(t, captureCompleted('C6000000000000006', '25.00'))
    await send(t, captureCompleted('C7000000000000007', '3.00', { customId: 'news' }))
    // Stripe's money that names no campaign still goes to the default (news).
    expect((await progress(t, 'radio')).pledged).toBe(2500)
    expect((await progress(t, 'news')).pledged).toBe(300)

    // Released, then claimed by the other campaign.
    expect((await t.call('PATCH', '/api/admin/campaigns/radio', { sources: [] })).status).toBe(200)
    expect(
      (await t.call('PATCH', '/api/admin/campaigns/news', { sources: ['paypal'] })).status,
    ).toBe(200)
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'campaign.update')
      .execute()
    expect(audit).toHaveLength(3)
  })

  it("claims PayPal from the console's campaign form, and says so on the page", async () => {
    const b = consoleClient(t)
    await b.signIn()
    const form = {
      _csrf: await b.csrf('/admin/campaigns/radio'),
      name: 'Radio',
      goal: '5,000.00',
      locale: 'en-US',
      timezone: 'Europe/Paris',
      donateUrl: 'https://example.org/donate',
    }
    expect((await b.post('/admin/campaigns/radio', { ...form, sourcePaypal: 'on' })).status).toBe(
      303,
    )
    expect(
      (await (await t.call('GET', '/api/admin/campaigns/radio')).json()) as object,
    ).toMatchObject({
      sources: ['paypal'],
    })
    expect(await (await b.get('/admin/campaigns/radio')).text()).toMatch(
      /name="sourcePaypal" value="on" checked/,
    )
    // Claimed by radio: news cannot take it too, and the console says why.
    const newsForm = { ...form, _csrf: await b.csrf('/admin/campaigns/news'), name: 'News' }
    const refused = await b.post('/admin/campaigns/news', { ...newsForm, sourcePaypal: 'on' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('paypal (by radio)')
    // Saved without the box: radio releases it.
    expect((await b.post('/admin/campaigns/radio', form)).status).toBe(303)
    expect(
      (await (await t.call('GET', '/api/admin/campaigns/radio')).json()) as object,
    ).toMatchObject({
      sources: [],
    })
  })
})
