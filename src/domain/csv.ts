import { LEADING_INVISIBLE, withoutBidiControls } from './text.js'

/**
 * CSV (RFC 4180): fields separated by commas, records by CRLF, a field quoted when it holds a
 * comma, a double quote, CR or LF, and quotes inside doubled.
 *
 * Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or CR that
 * some spreadsheets skip before one) is prefixed with a single quote, so a donor name or an
 * adjustment reason can never become `=HYPERLINK(...)` in an admin's spreadsheet. Numbers are
 * passed as `CsvNumber` and are never prefixed: `-12.50` stays a number.
 */

/**
 * The UTF-8 byte-order mark. Excel (and other spreadsheets opened by double-click) read a CSV
 * without one in the system's legacy code page, garbling every non-ASCII name; with it they
 * read UTF-8. Tools that expect plain UTF-8 can ask for a file without it.
 */
export const UTF8_BOM = '\uFEFF'

/** A numeric field, written as is (e.g. an amount in major units from `toMajorString`). */
export class CsvNumber {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new RangeError(`not a number: ${text}`)
  }
}

export type CsvCell = string | number | boolean | null | undefined | CsvNumber

/** = + - @ (and their fullwidth forms ＝＋－＠, which spreadsheets also read), tab or CR. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/

/** One field, neutralized and quoted as needed. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (value instanceof CsvNumber) return value.text
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
    return String(value)
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  // Zero-width and bidi characters in front of a formula hide it from a plain check, and bidi
  // overrides reorder what an admin reads: both go, then the check runs on what is left.
  const visible = withoutBidiControls(value.replace(LEADING_INVISIBLE, ''))
  const text = FORMULA_START.test(visible) ? `'${visible}` : visible
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One record, CRLF-terminated. */
export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`
}
