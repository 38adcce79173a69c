import { afterAll, beforeAll, expect } from 'vitest'
import { FakePaypal } from './fake-paypal.js'
import { makeTestApp, newsCampaign, type TestApp } from './harness.js'

/** The PayPal tests' rig: a fake PayPal for the file, signed posts, progress, two campaigns. */
export const radio = { ...newsCampaign, slug: 'radio', name: 'Radio', timezone: 'Europe/Paris' }

/** Starts a fake PayPal for the calling test file; `rig.fake` from its tests on. */
export const rig = { fake: undefined as unknown as FakePaypal }
export function useFakePaypal() {
  beforeAll(async () => {
    rig.fake = await new FakePaypal().start()
  })
  afterAll(() => rig.fake.stop())
}

export async function post(
  t: TestApp,
  event: unknown,
  sign: Parameters<FakePaypal['sign']>[1] = {},
) {
  const body = JSON.stringify(event)
  return t.app.request('/webhooks/paypal', {
    method: 'POST',
    headers: rig.fake.sign(body, sign),
    body,
  })
}

export async function send(t: TestApp, event: unknown, status = 200) {
  const res = await post(t, event)
  expect(res.status, await res.clone().text()).toBe(status)
  return (await res.json()) as { received: true; id: string; outcome: string }
}

export type Progress = {
  pledged: number
  gross: number
  fees: number
  donations: number
  recurring: { supporters: number; monthly: number }
  bySource: Record<string, { pledged: number; donations: number }>
}
export async function progress(t: TestApp, slug: string, month = '2026-11') {
  const res = await t.app.request(`/api/campaigns/${slug}/progress?month=${month}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Progress
}

/** A test app pointed at the fake, with news (the default campaign) and radio. */
export async function withCampaigns(
  env: Record<string, string> = rig.fake.env(),
  deps: Parameters<typeof makeTestApp>[0] = {},
) {
  const t = await makeTestApp({ ...deps, env })
  for (const c of [{ ...newsCampaign, isDefault: true }, radio]) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  return t
}
