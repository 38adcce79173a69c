import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CsvNumber, csvField, csvLine } from '../src/domain/csv.js'
import { EXPORT_PAGE } from '../src/routes/admin/export.routes.js'
import { appendEntryQueries } from '../src/store/ledger.js'
import {
  expectError,
  fixedClock,
  makeTestApp,
  newsCampaign,
  type TestApp,
} from './support/harness.js'

/** A strict RFC 4180 reader: the test's own, so the writer is checked against the spec. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i += 2
      } else if (ch === '"') {
        quoted = false
        i++
      } else {
        field += ch
        i++
      }
    } else if (ch === '"' && field === '') {
      quoted = true
      i++
    } else if (ch === ',') {
      row.push(field)
      field = ''
      i++
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i += 2
    } else {
      if (ch === '"' || ch === '\n' || ch === '\r')
        throw new Error(`bare ${JSON.stringify(ch)} at ${i}`)
      field += ch
      i++
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record not CRLF-terminated')
  return rows
}

const records = (text: string) => {
  const [header, ...rows] = parseCsv(text)
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i]])))
}

describe('csv fields', () => {
  it('quotes per RFC 4180 and neutralizes formulas in text, never in numbers', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('+33 1 23')).toBe("'+33 1 23")
    expect(csvField('-2')).toBe("'-2")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('\t=1')).toBe("'\t=1")
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"')
    expect(csvField(new CsvNumber('-12.50'))).toBe('-12.50')
    expect(csvField(-3)).toBe('-3')
    expect(csvField(null)).toBe('')
    expect(csvLine(['a', 1, true])).toBe('a,1,true\r\n')
    expect(() => new CsvNumber('=1')).toThrow()
  })
})

describe('CSV exports', () => {
  const clock = fixedClock('2021-06-15T12:00:00Z')
  let t: TestApp
  beforeEach(async () => {
    clock.set('2021-06-15T12:00:00Z')
    t = await makeTestApp({ deps: { clock } })
    expect((await t.call('POST', '/api/admin/campaigns', newsCampaign)).status).toBe(201)
  })
  afterEach(() => t.close())

  const adjust = (month: string, amount: number, reason: string, donor?: string) => {
    // The ledger is ordered by recording time: a tick apart keeps the expected order.
    clock.set(new Date(clock().getTime() + 1000).toISOString())
    return t.call('POST', '/api/admin/campaigns/news/adjustments', {
      month,
      amount,
      reason,
      ...(donor ? { donor } : {}),
    })
  }

  it('exports the ledger with major-unit amounts, safe text and correct quoting', async () => {
    expect((await adjust('2021-06', 136050, 'cheques, "misc"', '=cmd|calc')).status).toBe(201)
    expect((await adjust('2021-06', -5, '@SUM(A1:A9)\nsecond line')).status).toBe(201)
    expect((await adjust('2021-05', 100, '+refund correction')).status).toBe(201)
    const res = await t.call('GET', '/api/admin/campaigns/news/ledger.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="news-ledger.csv"')
    const rows = records(await res.text())
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatchObject({
      month: '2021-06',
      kind: 'adjustment',
      amount: '1360.50',
      currency: 'USD',
      counted: 'true',
      donor: "'=cmd|calc",
      note: 'cheques, "misc"',
      actor: 'admin',
    })
    expect(rows[1]).toMatchObject({ amount: '-0.05', note: "'@SUM(A1:A9)\nsecond line" })
    expect(rows[2]).toMatchObject({ month: '2021-05', note: "'+refund correction" })
    const june = records(
      await (await t.call('GET', '/api/admin/campaigns/news/ledger.csv?month=2021-05')).text(),
    )
    expect(june.map((r) => r.amount)).toEqual(['1.00'])
  })

  it('uses the currency exponent: zero-decimal JPY and three-decimal KWD', async () => {
    for (const [slug, currency] of [
      ['yen', 'JPY'],
      ['kwd', 'KWD'],
    ] as const) {
      await t.call('POST', '/api/admin/campaigns', { ...newsCampaign, slug, currency })
      await t.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
        month: '2021-06',
        amount: 1234,
        reason: 'x',
      })
    }
    const yen = records(await (await t.call('GET', '/api/admin/campaigns/yen/ledger.csv')).text())
    const kwd = records(await (await t.call('GET', '/api/admin/campaigns/kwd/ledger.csv')).text())
    expect(yen[0]).toMatchObject({ amount: '1234', currency: 'JPY' })
    expect(kwd[0]).toMatchObject({ amount: '1.234', currency: 'KWD' })
  })

  it('streams a ledger larger than one page, every entry once, in order', async () => {
    const n = EXPORT_PAGE * 2 + 7
    const now = clock().toISOString()
    const queries = Array.from({ length: n }, (_, i) =>
      appendEntryQueries(
        t.store,
        {
          entryKey: `bulk:${i}`,
          campaign: 'news',
          month: '2021-06',
          kind: 'adjustment',
          amount: i + 1,
          currency: 'USD',
          counted: true,
          donation: 0,
          donor: null,
          source: 'admin',
          sourceId: null,
          paymentRef: null,
          note: `n${i}`,
          actor: 'bulk',
          eventId: null,
          data: null,
          occurredAt: now,
        },
        `id-${String(i).padStart(6, '0')}`,
        now,
      ),
    ).flat()
    await t.store.atomic(queries)
    const res = await t.call('GET', '/api/admin/campaigns/news/ledger.csv')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    let chunks = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      text += decoder.decode(value, { stream: true })
    }
    // Header, then one chunk per page: the body was never one big string.
    expect(chunks).toBeGreaterThanOrEqual(3)
    const rows = records(text)
    expect(rows).toHaveLength(n)
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort())
    expect(new Set(rows.map((r) => r.entry_key)).size).toBe(n)
  })

  it('exports month history with goals and labels, the current month included', async () => {
    clock.set('2021-07-02T12:00:00Z')
    await t.call('PUT', '/api/admin/campaigns/news/months/2021-06', {
      goal: 500000,
      label: '=JUNE 2021',
    })
    await adjust('2021-06', 136000, 'gifts', 'reader-1')
    const res = await t.call('GET', '/api/admin/campaigns/news/months.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="news-months.csv"')
    expect(records(await res.text())).toEqual([
      {
        month: '2021-07',
        label: 'JULY 2021',
        goal: '5000.00',
        pledged: '0.00',
        fees: '0.00',
        net: '0.00',
        currency: 'USD',
        donations: '0',
        donors: '0',
        updated_at: '',
      },
      {
        month: '2021-06',
        label: "'=JUNE 2021",
        goal: '5000.00',
        pledged: '1360.00',
        fees: '0.00',
        net: '1360.00',
        currency: 'USD',
        donations: '1',
        donors: '1',
        updated_at: '2021-07-02T12:00:01.000Z',
      },
    ])
  })

  it('starts both files with a UTF-8 byte-order mark unless bom=0', async () => {
    await adjust('2021-06', 500, 'Spende', 'Jürgen Müller — 東京')
    const BOM = [0xef, 0xbb, 0xbf]
    for (const path of ['ledger.csv', 'months.csv']) {
      const url = `/api/admin/campaigns/news/${path}`
      // The bytes, not res.text(): a UTF-8 decoder drops the mark it is checked for.
      const withMark = new Uint8Array(await (await t.call('GET', url)).arrayBuffer())
      expect([...withMark.slice(0, 3)], path).toEqual(BOM)
      expect(new Uint8Array(await (await t.call('GET', `${url}?bom=1`)).arrayBuffer())).toEqual(
        withMark,
      )
      const plain = new Uint8Array(await (await t.call('GET', `${url}?bom=0`)).arrayBuffer())
      expect(plain).toEqual(withMark.slice(3))
      expect(new TextDecoder().decode(plain)).toMatch(/^(recorded_at|month),/)
      await expectError(await t.call('GET', `${url}?bom=yes`), 400, 'invalid_parameter')
    }
    const ledger = new TextDecoder().decode(
      await (await t.call('GET', '/api/admin/campaigns/news/ledger.csv?bom=0')).arrayBuffer(),
    )
    expect(ledger).toContain('Jürgen Müller — 東京')
  })

  it('needs the admin token and a known campaign', async () => {
    await expectError(await t.app.request('/api/admin/campaigns/news/ledger.csv'), 401)
    await expectError(await t.call('GET', '/api/admin/campaigns/nope/months.csv'), 404)
    await expectError(await t.call('GET', '/api/admin/campaigns/news/ledger.csv?month=13'), 400)
  })
})
