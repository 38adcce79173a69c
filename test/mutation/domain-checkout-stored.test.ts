import { describe, expect, it } from 'vitest'
import { checkoutSettings, defaultCheckout } from '../../src/domain/checkout.js'

/** A campaign's stored checkout settings (campaigns.checkout) read over the currency's defaults. */

describe('checkoutSettings', () => {
  it('reads no stored text, NULL or empty, as the defaults, never as a parse error', () => {
    expect(checkoutSettings('JPY', null)).toEqual(defaultCheckout('JPY'))
    expect(checkoutSettings('JPY', '')).toEqual(defaultCheckout('JPY'))
  })

  it('lays the stored fields over the defaults', () => {
    expect(checkoutSettings('USD', '{"enabled":true,"min":300}')).toEqual({
      ...defaultCheckout('USD'),
      enabled: true,
      min: 300,
    })
  })
})
