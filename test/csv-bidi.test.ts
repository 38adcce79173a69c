import { describe, expect, it } from 'vitest'
import { csvField } from '../src/domain/csv.js'
import { withoutBidiControls } from '../src/domain/text.js'
import { makeTestApp, newsCampaign } from './support/harness.js'

describe('CSV cells a spreadsheet would run', () => {
  it('neutralises fullwidth ＝＋－＠ like = + - @', () => {
    for (const start of ['=', '+', '-', '@', '＝', '＋', '－', '＠']) {
      expect(csvField(`${start}HYPERLINK("http://evil")`)).toBe(
        `"'${start}HYPERLINK(""http://evil"")"`,
      )
    }
  })

  it('sees a formula behind zero-width or bidi characters, and drops them', () => {
    for (const hidden of ['\u200B', '\u200E', '\u202E', '\u2066', '\uFEFF', '\u200D\u202B']) {
      expect(csvField(`${hidden}=1+2`)).toBe("'=1+2")
      expect(csvField(`${hidden}＠SUM(A1)`)).toBe("'＠SUM(A1)")
    }
    expect(csvField('Cheque \u202Egro.elpmaxe\u202C from a reader')).toBe(
      'Cheque gro.elpmaxe from a reader',
    )
    expect(csvField('Ada Lovelace')).toBe('Ada Lovelace')
  })
})

describe('bidi overrides in console text', () => {
  it('are removed from every text the console shows', async () => {
    expect(
      withoutBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j'),
    ).toBe('abcdefghij')
    const t = await makeTestApp()
    try {
      const res = await t.call('POST', '/api/admin/campaigns', {
        ...newsCampaign,
        name: 'News \u202Egro.live\u202C fund',
      })
      expect(res.status).toBe(201)
      // Signed in as a browser would, then the campaign list page.
      const login = await t.app.request('/admin/login', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: 'http://localhost',
        },
        body: new URLSearchParams({ token: 'test-admin-token-0123456789' }).toString(),
      })
      const cookie = (login.headers.get('Set-Cookie') ?? '').split(';')[0] ?? ''
      const page = await (await t.app.request('/admin', { headers: { Cookie: cookie } })).text()
      expect(page).toContain('News gro.live fund')
      expect(page).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/)
    } finally {
      await t.close()
    }
  })
})
