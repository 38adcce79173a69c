import { describe, expect, it } from 'vitest'
import { isMoveIn, isReversal, ledgerKey, MOVE_IN_LIKE } from '../../src/domain/keys.js'

/** A reversal is told by its key's prefix, whatever key it reverses. */

describe('isReversal', () => {
  it("knows a reversal's key, and no other key", () => {
    const payment = ledgerKey.payment('pi_1')
    expect(isReversal(ledgerKey.reversal(payment))).toBe(true)
    expect(isReversal(ledgerKey.reversal(ledgerKey.adjustment('news', 'k')))).toBe(true)
    for (const key of [
      payment,
      ledgerKey.refund('re_1'),
      ledgerKey.moveIn(payment),
      ledgerKey.converted(payment),
      // A key that ends like a reversal's prefix, or holds it inside, is not one.
      'admin:adjustment:news:reverse:',
      `move:${ledgerKey.reversal(payment)}:in`,
      '',
    ]) {
      expect(isReversal(key), key).toBe(false)
    }
  })
})

describe('isMoveIn', () => {
  it("knows a move's incoming key, and neither its outgoing key nor keys that merely end alike", () => {
    const payment = ledgerKey.payment('pi_1')
    expect(isMoveIn(ledgerKey.moveIn(payment))).toBe(true)
    expect(isMoveIn(`${MOVE_IN_LIKE.replace('%', payment)}`)).toBe(true)
    for (const key of [
      payment,
      'stripe:payment:pi_1:in',
      'move:stripe:payment:pi_1:out',
      ledgerKey.reversal(payment),
      '',
    ]) {
      expect(isMoveIn(key), key).toBe(false)
    }
  })
})
