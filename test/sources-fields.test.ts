import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { cumulativeStep } from '../src/ingest/cumulative.js'
import { minorOfInt, minorOfMajor, monthOf } from '../src/sources/fields.js'
import { hmacMd5Hex, hmacSha256Hex } from '../src/sources/signatures.js'

/** The pure pieces every source shares: amounts to minor units, never through a float. */
describe('amounts from the platforms', () => {
  it('reads decimal strings and JSON numbers by the currency exponent, exactly', () => {
    expect(minorOfMajor('3.00', 'USD', 'x')).toBe(300)
    expect(minorOfMajor('100.0', 'USD', 'x')).toBe(10000)
    // Buy Me a Coffee's API writes four decimals ("5.0000"): zeros past the exponent are dropped.
    expect(minorOfMajor('5.0000', 'USD', 'x')).toBe(500)
    expect(minorOfMajor(12.5, 'USD', 'x')).toBe(1250)
    expect(minorOfMajor(0.59, 'USD', 'x')).toBe(59)
    expect(minorOfMajor('.5', 'USD', 'x')).toBe(50)
    expect(minorOfMajor('1000', 'JPY', 'x')).toBe(1000)
    expect(minorOfMajor('1.234', 'KWD', 'x')).toBe(1234)
    expect(minorOfMajor('19.99', 'USD', 'x')).toBe(1999)
  })

  it('refuses amounts finer than the currency, exponents, and non-amounts', () => {
    for (const [v, c] of [
      ['3.001', 'USD'],
      ['10.5', 'JPY'],
      ['1e3', 'USD'],
      ['', 'USD'],
      ['abc', 'USD'],
      [Number.NaN, 'USD'],
      [null, 'USD'],
    ] as const) {
      expect(() => minorOfMajor(v, c, 'x'), String(v)).toThrow()
    }
    expect(() => minorOfInt(-1, 'x')).toThrow()
    expect(() => minorOfInt(1.5, 'x')).toThrow()
    expect(minorOfInt(500, 'x')).toBe(500)
  })

  it('names the UTC month of a synthetic charge', () => {
    expect(monthOf(Date.parse('2026-11-30T23:59:59Z') / 1000)).toBe('2026-11')
    expect(monthOf(Date.parse('2026-12-01T00:00:00Z') / 1000)).toBe('2026-12')
  })
})

describe('signatures', () => {
  it("computes HMAC-SHA256 and HMAC-MD5 as Node's crypto does", async () => {
    expect(await hmacSha256Hex('k', 'm')).toBe(createHmac('sha256', 'k').update('m').digest('hex'))
    expect(hmacMd5Hex('hereisaverycomplexsecret', '{"data":{}}')).toBe(
      createHmac('md5', 'hereisaverycomplexsecret').update('{"data":{}}').digest('hex'),
    )
  })
})

describe('a cumulative refund', () => {
  const m = {
    entryKey: 'donorbox:refund:1',
    kind: 'refund' as const,
    paymentRef: 'donorbox:1',
    amount: -5000,
    currency: 'USD',
    occurredAt: 0,
    sourceId: '1',
    campaign: null,
    donor: null,
    paymentCreated: null,
    balanceTransaction: null,
    data: {},
    cumulative: true,
  }
  it('adds only the step from the levels already entered, keyed by its level', () => {
    expect(cumulativeStep(m, [])).toMatchObject({
      entryKey: 'donorbox:refund:1:5000',
      amount: -5000,
    })
    const after20 = [{ entryKey: 'donorbox:refund:1:2000', amount: -2000 }]
    expect(cumulativeStep(m, after20)).toMatchObject({
      entryKey: 'donorbox:refund:1:5000',
      amount: -3000,
    })
    expect(
      cumulativeStep(m, [...after20, { entryKey: 'donorbox:refund:1:5000', amount: -3000 }]),
    ).toBeNull()
    expect(
      cumulativeStep({ ...m, amount: -2000 }, [
        { entryKey: 'donorbox:refund:1:5000', amount: -5000 },
      ]),
    ).toBeNull()
    expect(cumulativeStep(m, [])).not.toHaveProperty('cumulative')
  })
})
