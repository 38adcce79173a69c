import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { createApp } from '../../src/app.js'
import { LOGO_MAX_BYTES } from '../../src/domain/logo.js'
import type { Store } from '../../src/store/store.js'
import { admin, adminJson, newsCampaign, snapshot } from '../support/harness.js'
import { PNG, SVG, WEBP } from './images.js'

export interface LogoRig {
  app: ReturnType<typeof createApp>
  store: Store
  close(): Promise<void>
}

interface Logo {
  url: string
  version: string
  contentType: string
  bytes: number
}

/**
 * A campaign's logo on one store: uploaded through the admin API, kept in the database, served
 * at a versioned URL with cache headers, shown on the donate page, replaced and removed; every
 * bad upload refused in the one error shape with nothing changed.
 */
export function logoSuite(name: string, start: () => Promise<LogoRig>) {
  describe(`a campaign's logo (${name})`, () => {
    let rig: LogoRig
    const put = (body: Uint8Array<ArrayBuffer>, type = 'image/png', slug = 'news') =>
      rig.app.request(`/api/admin/campaigns/${slug}/logo`, {
        method: 'PUT',
        headers: { ...admin, 'Content-Type': type },
        body,
      })
    const campaign = async () => {
      const res = await rig.app.request('/api/admin/campaigns/news', { headers: admin })
      return (await res.json()) as { logo: Logo | null }
    }
    const refused = async (res: Response, status: number, code: string) => {
      expect(res.status).toBe(status)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe(code)
      expect(body.error.message.length).toBeGreaterThan(10)
    }

    beforeAll(async () => {
      rig = await start()
      const res = await rig.app.request('/api/admin/campaigns', {
        method: 'POST',
        headers: adminJson,
        body: JSON.stringify({ ...newsCampaign, checkout: { enabled: true } }),
      })
      expect(res.status).toBe(201)
    })
    afterAll(async () => {
      await rig.close()
    })

    it('starts without one, and the donate page shows none', async () => {
      expect((await campaign()).logo).toBeNull()
      const page = await (await rig.app.request('/donate/news')).text()
      expect(page).not.toContain('<img class="db-logo"')
    })

    it('takes a PNG, keeps it, and serves its bytes at a versioned URL cached for good', async () => {
      const res = await put(PNG)
      expect(res.status).toBe(200)
      const { logo } = (await res.json()) as { logo: Logo }
      expect(logo).toMatchObject({ contentType: 'image/png', bytes: PNG.length })
      expect(logo.version).toMatch(/^[0-9a-f]{16}$/)
      expect(logo.url).toBe(`/logo/news/${logo.version}.png`)
      expect((await campaign()).logo).toEqual(logo)

      const img = await rig.app.request(logo.url)
      expect(img.status).toBe(200)
      expect(img.headers.get('content-type')).toBe('image/png')
      expect(img.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(img.headers.get('x-content-type-options')).toBe('nosniff')
      const etag = img.headers.get('etag')
      expect(etag).toBe(`"${logo.version}"`)
      expect(new Uint8Array(await img.arrayBuffer())).toEqual(PNG)
      const again = await rig.app.request(logo.url, { headers: { 'If-None-Match': etag ?? '' } })
      expect(again.status).toBe(304)

      const page = await (await rig.app.request('/donate/news')).text()
      expect(page).toContain(`<img class="db-logo" src="${logo.url}" alt=""`)
    })

    it('records the change in the audit trail, as meta (never the bytes)', async () => {
      const res = await rig.app.request('/api/admin/audit?action=campaign.logo', { headers: admin })
      const { records } = (await res.json()) as {
        records: { action: string; after: { logo: { contentType: string } } }[]
      }
      expect(records.length).toBeGreaterThanOrEqual(1)
      expect(records[0]?.after.logo.contentType).toBe('image/png')
      expect(JSON.stringify(records)).not.toContain(Buffer.from(PNG).toString('base64'))
    })

    it('refuses what is not a PNG, JPEG or WebP by its bytes, and changes nothing', async () => {
      const before = await snapshot(rig.store)
      await refused(await put(SVG, 'image/png'), 400, 'invalid_logo')
      await refused(await put(new TextEncoder().encode('GIF89a......')), 400, 'invalid_logo')
      await refused(await put(new Uint8Array(0)), 400, 'invalid_logo')
      await refused(await put(SVG, 'image/svg+xml'), 415, 'unsupported_media_type')
      await refused(await put(PNG, 'application/json'), 415, 'unsupported_media_type')
      const big = new Uint8Array(LOGO_MAX_BYTES + 1)
      big.set(PNG.subarray(0, 8))
      await refused(await put(big), 413, 'payload_too_large')
      await refused(await put(PNG, 'image/png', 'nope'), 404, 'not_found')
      expect(await snapshot(rig.store)).toEqual(before)
    })

    it('takes a logo of exactly the limit', async () => {
      const edge = new Uint8Array(LOGO_MAX_BYTES)
      edge.set(PNG.subarray(0, 8))
      const res = await put(edge, 'application/octet-stream')
      expect(res.status).toBe(200)
      expect(((await res.json()) as { logo: Logo }).logo.bytes).toBe(LOGO_MAX_BYTES)
    })

    it('replaced by a WebP: a new URL; the old one is gone', async () => {
      const old = (await campaign()).logo as Logo
      const res = await put(WEBP, 'image/webp')
      expect(res.status).toBe(200)
      const { logo } = (await res.json()) as { logo: Logo }
      expect(logo.url).toBe(`/logo/news/${logo.version}.webp`)
      expect(logo.version).not.toBe(old.version)
      expect((await rig.app.request(old.url)).status).toBe(404)
      const img = await rig.app.request(logo.url)
      expect(img.headers.get('content-type')).toBe('image/webp')
      expect(new Uint8Array(await img.arrayBuffer())).toEqual(WEBP)
      // The right version under another extension is not it.
      expect((await rig.app.request(`/logo/news/${logo.version}.png`)).status).toBe(404)
      const bad = await rig.app.request('/logo/news/x.png')
      expect(bad.status).toBe(400)
    })

    it('removed: the campaign has none, the URL is a 404 and the page shows none', async () => {
      const { logo } = (await campaign()) as { logo: Logo }
      const res = await rig.app.request('/api/admin/campaigns/news/logo', {
        method: 'DELETE',
        headers: admin,
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { logo: null }).logo).toBeNull()
      expect((await campaign()).logo).toBeNull()
      expect((await rig.app.request(logo.url)).status).toBe(404)
      expect(await (await rig.app.request('/donate/news')).text()).not.toContain(
        '<img class="db-logo"',
      )
      const rows = await rig.store.db.selectFrom('campaign_logos').selectAll().execute()
      expect(rows).toEqual([])
    })
  })
}
