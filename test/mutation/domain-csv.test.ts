import { describe, expect, it } from 'vitest'
import { CsvNumber, csvField, csvLine } from '../../src/domain/csv.js'

/** CSV cells the exports rarely or never produce: booleans, empty cells, refused numbers. */

describe('CSV cells', () => {
  it('writes booleans as words', () => {
    expect(csvField(true)).toBe('true')
    expect(csvField(false)).toBe('false')
    expect(csvLine([false, 0, null, new CsvNumber('1.50')])).toBe('false,0,,1.50\r\n')
  })

  it('writes null and undefined as an empty field', () => {
    expect(csvField(undefined)).toBe('')
    expect(csvField(null)).toBe('')
    expect(csvLine(['a', undefined, 'b'])).toBe('a,,b\r\n')
  })

  it('takes only decimal numbers as numeric fields, saying what it refused', () => {
    expect(csvField(new CsvNumber('-12.50'))).toBe('-12.50')
    for (const text of ['12.50abc', '1,50', '=1+2', '1.', '.5', '']) {
      expect(() => new CsvNumber(text)).toThrow(new RangeError(`not a number: ${text}`))
    }
  })

  it('refuses a number that is not finite, saying which', () => {
    expect(() => csvField(Number.NaN)).toThrow(new RangeError('not a finite number: NaN'))
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow(
      new RangeError('not a finite number: Infinity'),
    )
  })
})
