/**
 * Text widths for laying out the SVG, which has no text flow: advance widths of Helvetica /
 * Arial (the metrics Liberation Sans shares, in 1/1000 em) for printable ASCII, wide glyphs
 * for CJK and emoji, and a margin for the system faces browsers pick instead (Segoe UI,
 * Roboto and San Francisco run up to ~6 % wider). Measuring too wide only costs an earlier
 * ellipsis; too narrow would let text run under the button.
 */

// Widths of U+0020..U+007E, regular and bold, from the Helvetica AFM files.
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
  611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
  278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]
const MARGIN = 1.08

/** Width of one code point in 1/1000 em. */
function advance(c: number, bold: boolean): number {
  if (c >= 0x20 && c <= 0x7e) return ((bold ? BOLD : REGULAR)[c - 0x20] ?? 556) * 1
  // Combining marks, zero-width joiners and variation selectors take no room.
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f))
    return 0
  if (c === 0xa0 || c === 0x202f || c === 0x2009) return 278
  // Hangul, CJK, kana, full-width forms: one em each; emoji and other astral symbols too.
  if (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    c >= 0x1f000
  )
    return 1000
  if (c >= 0x2000 && c <= 0x2bff) return 1000 // punctuation, arrows, symbols: be generous
  // Latin, Greek, Cyrillic, Arabic, Hebrew, Indic: about an uppercase letter.
  return bold ? 722 : 667
}

/** Width in px of `text` at `size` px (bold for font-weight 600 and up). */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0
  for (const ch of text) units += advance(ch.codePointAt(0) ?? 0, bold)
  return (units * size * MARGIN) / 1000
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * `text` cut to fit `max` px, with a visible ellipsis; cut between graphemes, so an emoji or
 * an accented letter is never split. Returns '' when not even the ellipsis fits.
 */
export function fitText(text: string, size: number, max: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text
  const ellipsis = textWidth('…', size, bold)
  let out = ''
  let used = 0
  for (const { segment } of graphemes.segment(text)) {
    const w = textWidth(segment, size, bold)
    if (used + w + ellipsis > max) break
    out += segment
    used += w
  }
  if (ellipsis > max) return ''
  return `${out.trimEnd()}…`
}
