import { describe, expect, it } from 'vitest'
import { amountListItems } from '../../src/domain/amount-input.js'
import { providerKey, providerOf, providerRef, splitRef } from '../../src/domain/keys.js'

/** Provider-neutral refs and keys: Stripe's ids stay bare, every other provider's carry a prefix. */

describe('splitRef', () => {
  it("reads a bare Stripe id as Stripe's, whole", () => {
    expect(splitRef('pi_123')).toEqual({ provider: 'stripe', id: 'pi_123' })
  })
  it('splits at the first colon only, so a natural id may hold colons', () => {
    expect(splitRef('paypal:8MC585209K746392H')).toEqual({
      provider: 'paypal',
      id: '8MC585209K746392H',
    })
    expect(splitRef('paypal:a:b')).toEqual({ provider: 'paypal', id: 'a:b' })
  })
  it('reads a leading colon as an empty provider, never as Stripe', () => {
    expect(splitRef(':x')).toEqual({ provider: '', id: 'x' })
  })
})

describe('providerOf', () => {
  it('names the provider of a ref it knows, and Stripe for the rest', () => {
    expect(providerOf('paypal:8MC585209K746392H')).toBe('paypal')
    expect(providerOf('pi_1')).toBe('stripe')
    expect(providerOf('unknown:1')).toBe('stripe')
  })
})

describe('providerRef and providerKey', () => {
  it("leaves Stripe's ids bare and prefixes the others", () => {
    expect(providerRef('stripe', 'pi_1')).toBe('pi_1')
    expect(providerRef('paypal', 'CAP1')).toBe('paypal:CAP1')
  })
  it('builds provider:kind:naturalId', () => {
    expect(providerKey('paypal', 'refund', 'R1')).toBe('paypal:refund:R1')
  })
})

describe('amountListItems', () => {
  it('splits on ; in any locale, trimming and dropping empty items', () => {
    expect(amountListItems(' 5 ; 12,50;;50 ', 'de-DE')).toEqual(['5', '12,50', '50'])
    expect(amountListItems('5;12.50', 'en-US')).toEqual(['5', '12.50'])
  })
  it('splits on , where the decimal sign is not a comma, trimming each item', () => {
    expect(amountListItems('5, 12.50 ,50', 'en-US')).toEqual(['5', '12.50', '50'])
  })
  it('refuses a comma list where the comma is the decimal sign', () => {
    expect(amountListItems('5,12,50', 'de-DE')).toBeNull()
  })
  it('reads one amount with no separator as a list of one in either locale', () => {
    expect(amountListItems(' 12 ', 'de-DE')).toEqual(['12'])
    expect(amountListItems('12', 'en-US')).toEqual(['12'])
  })
})
