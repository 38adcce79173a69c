import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetMemos } from '../../src/domain/memo.js'
import { monthOf } from '../../src/domain/months.js'

/**
 * monthOf remembers the month of each UTC quarter hour from 2000 on (a month starts on one in
 * every zone since then), so the webhook path, which asks for the same few quarter hours over
 * and over, builds the month through Intl once per quarter hour and zone; before 2000 (zones
 * with offsets in odd minutes) it asks Intl every time.
 */

let intl: ReturnType<typeof vi.spyOn>
beforeEach(() => {
  forgetMemos()
  intl = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts')
})
afterEach(() => {
  intl.mockRestore()
})

describe('monthOf, remembered per quarter hour', () => {
  it('asks Intl once for instants in one quarter hour, from the first instant of 2000', () => {
    const first = Date.UTC(2000, 0, 1)
    expect(first).toBe(946_684_800_000)
    expect(monthOf(new Date(first), 'Europe/Berlin')).toBe('2000-01')
    expect(monthOf(new Date(first), 'Europe/Berlin')).toBe('2000-01')
    expect(monthOf(new Date(first + 15 * 60 * 1000 - 1), 'Europe/Berlin')).toBe('2000-01')
    expect(intl).toHaveBeenCalledTimes(1)
    // The next quarter hour, or another zone, is built again.
    expect(monthOf(new Date(first + 15 * 60 * 1000), 'Europe/Berlin')).toBe('2000-01')
    expect(monthOf(new Date(first), 'America/New_York')).toBe('1999-12')
    expect(intl).toHaveBeenCalledTimes(3)
  })

  it('remembers a month later on too', () => {
    const t = Date.UTC(2026, 5, 30, 21, 50)
    expect(monthOf(new Date(t), 'Pacific/Auckland')).toBe('2026-07')
    expect(monthOf(new Date(t + 60_000), 'Pacific/Auckland')).toBe('2026-07')
    expect(intl).toHaveBeenCalledTimes(1)
  })

  it('asks Intl every time before 2000', () => {
    const last = Date.UTC(2000, 0, 1) - 1
    expect(monthOf(new Date(last), 'UTC')).toBe('1999-12')
    expect(monthOf(new Date(last), 'UTC')).toBe('1999-12')
    expect(intl).toHaveBeenCalledTimes(2)
  })
})
