import { describe, expect, it } from 'vitest'
import { mergeBarSettings, parseBarSettings } from '../../src/domain/bar-settings.js'

/**
 * A campaign's bar settings as stored JSON: each field kept only when it has its type and, for
 * amounts and counts, is a whole number above zero; a change applied key by key.
 */

describe('reading stored bar settings', () => {
  it('keeps every field of a valid value', () => {
    const full = {
      buttonLabel: 'Give',
      tagline: 'Independent news',
      show: ['donors', 'days'],
      milestones: [{ amount: 100000, label: 'a camera' }],
      stretchGoals: [800000],
      donorGoal: 100,
    }
    expect(parseBarSettings(JSON.stringify(full))).toStrictEqual(full)
  })

  it('sets no field that is absent', () => {
    expect(parseBarSettings('{}')).toStrictEqual({})
    expect(parseBarSettings('{"tagline":"Hi"}')).toStrictEqual({ tagline: 'Hi' })
    expect(parseBarSettings('{"show":["days"]}')).toStrictEqual({ show: ['days'] })
  })

  it('drops text fields that are not text', () => {
    expect(parseBarSettings('{"buttonLabel":5,"tagline":["x"],"donorGoal":3}')).toStrictEqual({
      donorGoal: 3,
    })
  })

  it('keeps only goals that are whole numbers above zero', () => {
    const stretch = [800000, 0, -100, 2.5, '900000', 1e20, null, 900000]
    expect(parseBarSettings(JSON.stringify({ stretchGoals: stretch }))).toStrictEqual({
      stretchGoals: [800000, 900000],
    })
    for (const donorGoal of [0, -1, 1.5, '100', 2 ** 53, null, true]) {
      expect(parseBarSettings(JSON.stringify({ donorGoal, tagline: 't' }))).toStrictEqual({
        tagline: 't',
      })
    }
  })

  it('keeps only milestones with an amount above zero and a label', () => {
    const milestones = [
      { amount: 100000, label: 'a camera' },
      null,
      'a camera',
      7,
      { amount: 0, label: 'nothing' },
      { amount: -5, label: 'less' },
      { amount: '200000', label: 'text amount' },
      { amount: 200000 },
      { amount: 200000, label: 42 },
      { label: 'no amount' },
      { amount: 300000, label: 'a van' },
    ]
    expect(parseBarSettings(JSON.stringify({ milestones, tagline: 't' }))).toStrictEqual({
      tagline: 't',
      milestones: [
        { amount: 100000, label: 'a camera' },
        { amount: 300000, label: 'a van' },
      ],
    })
  })

  it('keeps only facts a bar can show', () => {
    const show = ['donors', 'weather', 'sentence', 3, null, 'monthly', 'days']
    expect(parseBarSettings(JSON.stringify({ show }))).toStrictEqual({
      show: ['donors', 'sentence', 'monthly', 'days'],
    })
  })

  it('ignores lists that are not lists', () => {
    expect(
      parseBarSettings('{"milestones":{"amount":5,"label":"x"},"stretchGoals":5,"show":"days"}'),
    ).toStrictEqual({})
  })

  it.each(['null', '5', '"text"', '[{"tagline":"x"}]', 'true', '', '{"tagline":'])(
    'counts %j as no settings',
    (json) => {
      expect(parseBarSettings(json)).toStrictEqual({})
    },
  )
})

describe('changing bar settings', () => {
  const base = { buttonLabel: 'Give', tagline: 'Independent news', donorGoal: 100 }

  it('sets the keys given and keeps the others', () => {
    expect(mergeBarSettings(base, { tagline: 'New', stretchGoals: [900000] })).toStrictEqual({
      buttonLabel: 'Give',
      tagline: 'New',
      donorGoal: 100,
      stretchGoals: [900000],
    })
  })

  it('clears a key given as null', () => {
    expect(mergeBarSettings(base, { tagline: null, donorGoal: null })).toStrictEqual({
      buttonLabel: 'Give',
    })
  })

  it('keeps a key given as undefined', () => {
    expect(mergeBarSettings(base, { tagline: undefined })).toStrictEqual(base)
  })

  it('leaves the settings it started from as they were', () => {
    const before = structuredClone(base)
    mergeBarSettings(base, { tagline: null, buttonLabel: 'Join' })
    expect(base).toStrictEqual(before)
  })
})
