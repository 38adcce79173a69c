import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { postEvent, unix, webhookEnv } from '../support/stripe-events.js'
import { paymentFlow } from '../support/stripe-flows.js'
import { filled, withFields } from '../support/wall.js'
import { type Rig, startRig } from './rig.js'

/** The web component with `show="supporters"` on another origin: a consenting name arrives live. */
describe('the web component shows the latest supporters, in Chromium', () => {
  let t: TestApp
  let rig: Rig

  beforeAll(async () => {
    t = await makeTestApp({ env: webhookEnv })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    rig = await startRig((req) => t.app.fetch(req))
  }, 30_000)
  afterAll(async () => {
    await rig?.close()
    await t?.close()
  })

  it('draws no line without names, then the consenting name alone once its gift arrives', async () => {
    const { page, errors } = await rig.open(
      `<script src="${rig.apiUrl}/widget.js"></script>` +
        `<support-bar campaign="news" src="${rig.apiUrl}" show="supporters,donors"></support-bar>`,
    )
    const text = () =>
      page.locator('support-bar').evaluate((el) => (el.shadowRoot ?? el).textContent ?? '')
    await expect.poll(text).toContain('0 donors')
    expect(await text()).not.toContain('Thanks to')
    const at = unix('2026-12-01T12:00:00Z')
    for (const [name, consent] of [
      ['Ada Lovelace', 'yes'],
      ['Hidden Person', 'no'],
    ] as const) {
      const events = withFields(
        paymentFlow({ amount: 500, at, campaign: 'news' }).events,
        filled(name, consent),
      )
      for (const e of events) {
        expect((await postEvent((p, i) => t.app.request(p, i), e)).status).toBe(200)
      }
    }
    await expect.poll(text, { timeout: 15_000 }).toContain('Thanks to Ada Lovelace')
    expect(await text()).not.toContain('Hidden Person')
    expect(errors).toEqual([])
    await page.close()
  }, 60_000)
})
