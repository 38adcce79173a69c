import { describe, expect, it } from 'vitest'
import { unknownAccountReason } from '../../src/ingest/accounts.js'
import { accountOfReason } from '../../src/stripe/setup.js'

/** src/stripe/setup.ts: the account an `unknown_account` reason names is read from its start only. */

describe('accountOfReason', () => {
  it("reads the account of the ingest's own reason", () => {
    expect(accountOfReason(unknownAccountReason('acct_1Ab'))).toBe('acct_1Ab')
  })

  it('reads no account from a reason that only quotes one after other text', () => {
    expect(accountOfReason(`Event evt_1 failed: ${unknownAccountReason('acct_1Ab')}`)).toBeNull()
  })
})
