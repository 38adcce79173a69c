import { describe, expect, it } from 'vitest'
import { donorId, donorMac } from '../../src/ingest/donor-hash.js'
import { IngestError } from '../../src/ingest/errors.js'

// src/ingest/donor-hash.ts (who a donor is, without saying who) and src/ingest/errors.ts.

describe('donorId', () => {
  it('is none without a hint, or with a hint that names no one', async () => {
    const mac = await donorMac('k')
    expect(await donorId(mac, null)).toBeNull()
    expect(await donorId(mac, { customer: null, email: null })).toBeNull()
    expect(await donorId(mac, { customer: null, email: '  ' })).toBeNull()
  })

  it('keys by the e-mail first, lower-cased and trimmed, else by the customer', async () => {
    const mac = await donorMac('k')
    const byMail = await donorId(mac, { customer: 'cus_1', email: ' Ada@Example.org ' })
    expect(byMail).toMatch(/^d_[0-9a-f]{32}$/)
    expect(await donorId(mac, { customer: null, email: 'ada@example.org' })).toBe(byMail)
    const byCustomer = await donorId(mac, { customer: 'cus_1', email: null })
    expect(byCustomer).toMatch(/^d_[0-9a-f]{32}$/)
    expect(byCustomer).not.toBe(byMail)
    expect(await donorId(mac, { customer: 'cus_1', email: '  ' })).toBe(byCustomer)
    expect(await donorId(await donorMac('other'), { customer: 'cus_1', email: null })).not.toBe(
      byCustomer,
    )
  })
})

describe('IngestError', () => {
  it('carries its reason and says its name', () => {
    const e = new IngestError('unknown_payment', 'Payment pi_1 not found')
    expect(e.name).toBe('IngestError')
    expect(e.reason).toBe('unknown_payment')
    expect(e.message).toBe('Payment pi_1 not found')
  })
})
