/**
 * Text widths for laying out the SVG, which has no text flow. For printable ASCII, the wider
 * of two faces per glyph (1/1000 em): Helvetica/Arial (whose metrics Liberation Sans shares,
 * from the AFM files) and DejaVu Sans (what Debian's Chromium and resvg fall back to,
 * measured in Chromium with canvas measureText at 1000 px); a generous width for other
 * scripts, one em for CJK and emoji, and a small margin for hinting and kerning. Measuring
 * too wide only costs an earlier ellipsis; too narrow would let text run under the button.
 */

// Widths of U+0020..U+007E, regular and bold (600 and 700 draw the same in DejaVu Sans).
const REGULAR = [
  318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637,
  637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 556, 1015, 685, 687, 722, 771, 667,
  611, 778, 752, 295, 500, 667, 558, 863, 749, 788, 667, 788, 722, 667, 611, 732, 685, 989, 686,
  667, 686, 391, 337, 391, 838, 556, 500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580,
  278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
]
const BOLD = [
  349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696,
  696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 763, 734, 831, 684,
  684, 821, 837, 373, 556, 775, 638, 996, 837, 851, 733, 851, 771, 721, 683, 813, 774, 1104, 771,
  725, 726, 458, 366, 458, 838, 556, 500, 675, 716, 593, 716, 679, 436, 716, 712, 343, 343, 666,
  343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924, 646, 652, 583, 712, 366, 712, 838,
]
const MARGIN = 1.04

/** Width of one code point in 1/1000 em. */
function advance(c: number, bold: boolean): number {
  if (c >= 0x20 && c <= 0x7e) return (bold ? BOLD : REGULAR)[c - 0x20] ?? 700
  // Combining marks, zero-width joiners and variation selectors take no room.
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) || (c >= 0xfe00 && c <= 0xfe0f))
    return 0
  if (c === 0xa0 || c === 0x202f || c === 0x2009) return 350
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
  return bold ? 860 : 780
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
