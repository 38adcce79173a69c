import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ledgerKey, providerOf, splitRef } from '../src/domain/keys.js'
import { certUrlAllowed } from '../src/paypal/certs.js'
import { crc32 } from '../src/paypal/crc32.js'
import { minorOf, upCapture } from '../src/paypal/map-fields.js'
import { certificateFacts } from '../src/paypal/x509.js'
import { makeKeyAndCert } from './support/fake-paypal.js'

describe('PayPal mapping helpers (pure)', () => {
  it("crc32 is zlib's, unsigned", () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(3421780262)
    expect(crc32(new Uint8Array())).toBe(0)
  })

  it('turns decimal strings into minor units by the currency exponent, never a float', () => {
    expect(minorOf('12.34', 'USD', 'x')).toEqual({ amount: 1234, currency: 'USD' })
    expect(minorOf('0.29', 'usd', 'x')).toEqual({ amount: 29, currency: 'USD' })
    expect(minorOf('.5', 'EUR', 'x')).toEqual({ amount: 50, currency: 'EUR' })
    expect(minorOf('1000', 'JPY', 'x')).toEqual({ amount: 1000, currency: 'JPY' })
    expect(minorOf('1.234', 'KWD', 'x')).toEqual({ amount: 1234, currency: 'KWD' })
    expect(minorOf('1234567.89', 'USD', 'x')).toEqual({ amount: 123456789, currency: 'USD' })
    for (const [v, c] of [
      ['12.345', 'USD'],
      ['1.5', 'JPY'],
      ['1e3', 'USD'],
      ['12,00', 'EUR'],
      ['', 'USD'],
      ['1.00', 'XXX'],
    ]) {
      expect(() => minorOf(v, c, 'x'), `${v} ${c}`).toThrow()
    }
  })

  it('finds the capture a refund reverses from its up link', () => {
    expect(
      upCapture([
        { rel: 'self', href: 'https://api.paypal.com/v2/payments/refunds/R1' },
        { rel: 'up', href: 'https://api.paypal.com/v2/payments/captures/2GG279541U471931P' },
      ]),
    ).toBe('2GG279541U471931P')
    expect(upCapture([{ rel: 'self', href: 'https://x/v2/payments/captures/A' }])).toBeNull()
  })

  it('keys other providers as provider:kind:naturalId and leaves Stripe keys as they were', () => {
    expect(ledgerKey.payment('pi_123')).toBe('stripe:payment:pi_123')
    expect(ledgerKey.payment('ch_123')).toBe('stripe:payment:ch_123')
    expect(ledgerKey.payment('paypal:5O190127TN364715T')).toBe('paypal:payment:5O190127TN364715T')
    expect(splitRef('pi_1')).toEqual({ provider: 'stripe', id: 'pi_1' })
    expect(providerOf('paypal:X')).toBe('paypal')
    expect(providerOf('in_1')).toBe('stripe')
  })

  it('fetches certificates only from PayPal or the configured API host', () => {
    const api = 'https://api-m.sandbox.paypal.com'
    expect(certUrlAllowed('https://api.paypal.com/v1/notifications/certs/CERT-1', api)).toBe(true)
    expect(certUrlAllowed('https://api-m.sandbox.paypal.com/c', api)).toBe(true)
    expect(certUrlAllowed('http://api.paypal.com/c', api)).toBe(false)
    expect(certUrlAllowed('https://paypal.com.evil.example/c', api)).toBe(false)
    expect(certUrlAllowed('https://evilpaypal.com/c', api)).toBe(false)
    expect(certUrlAllowed('https://user@api.paypal.com/c', api)).toBe(false)
    expect(certUrlAllowed('http://127.0.0.1:9/c', 'http://127.0.0.1:9')).toBe(true)
    expect(certUrlAllowed('http://127.0.0.1:10/c', 'http://127.0.0.1:9')).toBe(false)
  })

  it("reads a certificate's validity and public key as node:crypto does", () => {
    const { cert } = makeKeyAndCert(3)
    const facts = certificateFacts(cert)
    const x = new X509Certificate(cert)
    expect(facts.notBefore.getTime()).toBe(Date.parse(x.validFrom))
    expect(facts.notAfter.getTime()).toBe(Date.parse(x.validTo))
    expect(
      Buffer.from(facts.spki).equals(x.publicKey.export({ type: 'spki', format: 'der' })),
    ).toBe(true)
  })
})
