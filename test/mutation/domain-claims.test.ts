import { describe, expect, it } from 'vitest'
import { claimOf } from '../../src/domain/keys.js'

// src/domain/keys.ts: the claim a campaign makes on a source's own campaign id.
describe('claimOf', () => {
  it("names the provider, then the source's campaign id", () => {
    expect(claimOf('donorbox', '12345')).toBe('donorbox:12345')
  })
})
