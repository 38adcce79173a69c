import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LOGO_MAX_BYTES } from '../src/domain/logo.js'
import { PNG, SVG } from './logo/images.js'
import { consoleClient } from './support/console-client.js'
import { makeTestApp, newsCampaign, snapshot, type TestApp } from './support/harness.js'
import { htmlProblems } from './support/html-check.js'

/** The console's logo page: upload, refusals as pages in words, removal; all through the API. */
describe('console logo page', () => {
  let t: TestApp
  let b: ReturnType<typeof consoleClient>
  const PAGE = '/admin/campaigns/news/logo'
  const png = { field: 'logo', name: 'logo.png', type: 'image/png', bytes: PNG }

  beforeEach(async () => {
    t = await makeTestApp()
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
    b = consoleClient(t)
    expect((await b.signIn()).status).toBe(303)
  })
  afterEach(async () => {
    await t.close()
  })

  const logoOf = async () =>
    (
      (await (await t.call('GET', '/api/admin/campaigns/news')).json()) as {
        logo: { url: string } | null
      }
    ).logo

  it('is linked from the campaign and passes html-validate', async () => {
    expect(await (await b.get('/admin/campaigns/news')).text()).toContain(`href="${PAGE}"`)
    const html = await (await b.get(PAGE)).text()
    expect(html).toContain('enctype="multipart/form-data"')
    expect(html).toContain('has no logo yet')
    expect(await htmlProblems(html, 'logo page')).toEqual([])
  })

  it('uploads a PNG through the API, shows it, and removes it', async () => {
    const csrf = await b.csrf(PAGE)
    const res = await b.upload(PAGE, { _csrf: csrf }, png)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`${PAGE}?ok=logo`)
    const logo = await logoOf()
    expect(logo?.url).toMatch(/^\/logo\/news\/[0-9a-f]{16}\.png$/)
    const html = await (await b.get(`${PAGE}?ok=logo`)).text()
    expect(html).toContain('The logo is saved.')
    expect(html).toContain(`src="${logo?.url}"`)
    const audit = await (await t.call('GET', '/api/admin/audit?action=campaign.logo')).json()
    expect((audit as { records: { actor: string }[] }).records[0]?.actor).toBe('admin')

    const gone = await b.post(`${PAGE}/remove`, { _csrf: csrf })
    expect(gone.status).toBe(303)
    expect(gone.headers.get('location')).toBe(`${PAGE}?ok=nologo`)
    expect(await logoOf()).toBeNull()
  })

  it('answers a bad file, no file, an oversized one or a forged form with a page; nothing changes', async () => {
    const csrf = await b.csrf(PAGE)
    const before = await snapshot(t.store)
    const svg = await b.upload(PAGE, { _csrf: csrf }, { ...png, name: 'x.png', bytes: SVG })
    expect(svg.status).toBe(400)
    expect(svg.headers.get('content-type')).toContain('text/html')
    expect(await svg.text()).toContain('This is not a PNG, JPEG or WebP image')

    const empty = await b.upload(PAGE, { _csrf: csrf }, { ...png, bytes: new Uint8Array(0) })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Choose an image file to upload.')

    const big = new Uint8Array(LOGO_MAX_BYTES + 1)
    big.set(PNG.subarray(0, 8))
    const tooBig = await b.upload(PAGE, { _csrf: csrf }, { ...png, bytes: big })
    expect(tooBig.status).toBe(413)
    expect(await tooBig.text()).toContain('larger than 256 KB')

    const forged = await b.upload(PAGE, { _csrf: 'nope' }, png)
    expect(forged.status).toBe(403)
    const elsewhere = await b.upload(PAGE, { _csrf: csrf }, png, 'https://evil.example')
    expect(elsewhere.status).toBe(403)
    expect(await snapshot(t.store)).toEqual(before)
  })
})
