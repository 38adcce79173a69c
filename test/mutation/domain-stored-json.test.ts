import { describe, expect, it } from 'vitest'
import { parseBarSettings } from '../../src/domain/bar-settings.js'
import { parsePageContent } from '../../src/domain/donate-page.js'

/** Stored settings that cannot be read count as none, never a 500. */

describe('stored JSON that cannot be read', () => {
  it.each(['{not json', '[', 'undefined', '{"buttonLabel":'])(
    'bar settings %s are none',
    (json) => {
      expect(parseBarSettings(json)).toEqual({})
    },
  )

  it.each(['{not json', '[', '{"appeal":', 'null', '5', '"text"', 'true', 'false', '0', ''])(
    'page content %j is none',
    (json) => {
      expect(parsePageContent(json)).toStrictEqual({})
    },
  )

  it.each(['{not json', '[', '{"appeal":'])('page content %s is none', (json) => {
    expect(parsePageContent(json)).toEqual({})
  })

  it('reads what can be read', () => {
    expect(parseBarSettings('{"buttonLabel":"Give","donorGoal":100}')).toEqual({
      buttonLabel: 'Give',
      donorGoal: 100,
    })
    expect(parsePageContent('{"appeal":"Help us"}')).toEqual({ appeal: 'Help us' })
  })
})
