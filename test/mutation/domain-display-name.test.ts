import { describe, expect, it } from 'vitest'
import { cleanDisplayName, DISPLAY_NAME_MAX } from '../../src/domain/display-name.js'

/** A donor's display name cut to its longest: whole characters, no space left at the cut. */

describe('a display name longer than the wall shows', () => {
  it('is cut to the limit', () => {
    expect(DISPLAY_NAME_MAX).toBe(40)
    expect(cleanDisplayName('x'.repeat(45))).toBe('x'.repeat(40))
    expect(cleanDisplayName('x'.repeat(40))).toBe('x'.repeat(40))
  })

  it('loses the space the cut leaves at its end', () => {
    expect(cleanDisplayName(`${'a'.repeat(39)} Smith`)).toBe('a'.repeat(39))
  })

  it('is cut between characters, never inside one', () => {
    const name = '🎉'.repeat(41)
    expect(cleanDisplayName(name)).toBe('🎉'.repeat(40))
  })
})
