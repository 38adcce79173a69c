import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../support/harness.js'
import { CAMPAIGNS, reportCounts, validatorApp } from './fixtures.js'

/**
 * Both CSV exports of every campaign through csv-parse with nothing relaxed: RFC 4180 quoting,
 * CRLF records, the same number of fields on every row, the byte-order mark where promised.
 * Text cells a spreadsheet would run as a formula must come out neutralised.
 */
const STRICT = {
  bom: true,
  columns: true,
  record_delimiter: '\r\n',
  relax_column_count: false,
  relax_quotes: false,
  skip_empty_lines: false,
  skip_records_with_error: false,
  trim: false,
} as const

/** Starts like a formula (= + - @, tab, CR) and is not a plain number. */
const FORMULA = /^[=+\-@\t\r]/
const NUMBER = /^-?\d+(\.\d+)?$/

describe('CSV exports under a strict CSV parser', () => {
  let t: TestApp

  beforeAll(async () => {
    t = await validatorApp()
  })
  afterAll(() => t?.close())

  it('parses both exports of every campaign, with and without the byte-order mark', async () => {
    let files = 0
    let records = 0
    for (const { slug } of CAMPAIGNS) {
      for (const name of ['ledger.csv', 'months.csv']) {
        for (const bom of ['', '?bom=0']) {
          const res = await t.call('GET', `/api/admin/campaigns/${slug}/${name}${bom}`)
          expect(res.status).toBe(200)
          const bytes = new Uint8Array(await res.arrayBuffer())
          const marked = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
          expect(marked, `${slug}/${name}${bom}`).toBe(bom === '')
          const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
          expect(text.endsWith('\r\n')).toBe(true)
          const rows = parse(text, STRICT) as Record<string, string>[]
          expect(rows.length).toBeGreaterThan(0)
          for (const row of rows) {
            for (const [column, cell] of Object.entries(row)) {
              if (FORMULA.test(cell)) expect(cell, `${slug}/${name} ${column}`).toMatch(NUMBER)
            }
          }
          files++
          records += rows.length
        }
      }
    }
    reportCounts(`csv-parse (strict): ${files} files, ${records} records, 0 errors`)
    const ledger = parse(
      await (await t.call('GET', '/api/admin/campaigns/over/ledger.csv')).text(),
      STRICT,
    ) as Record<string, string>[]
    // The hostile donor and note of the fixtures arrive whole and inert.
    expect(ledger[0]).toMatchObject({
      donor: `'=HYPERLINK("http://x")`,
      note: `'-offline, "gifts"\nfrom =HYPERLINK("http://x")`,
      amount: '9000.00',
    })
  })

  it('is caught by the strict parser when a file is broken', () => {
    expect(() => parse('a,b\r\n1,2,3\r\n', STRICT)).toThrow()
    expect(() => parse('a,b\r\n"1"x,2\r\n', STRICT)).toThrow()
  })
})
