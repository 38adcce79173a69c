/**
 * Bidi controls that reorder the text after them (LRE RLE PDF LRO RLO, U+202A–U+202E; LRI RLI
 * FSI PDI, U+2066–U+2069): in a title or an admin's screen they can make `gro.elpmaxe` read as
 * `example.org`, or flip an amount. Text users control loses them before it is shown.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g

/** `text` without bidi embedding, override and isolate controls (pure). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '')
}

/**
 * Invisible characters a spreadsheet skips or that hide what follows: zero-width space, joiners,
 * LRM/RLM (U+200B–U+200F), the bidi controls, word joiner (U+2060) and the BOM (U+FEFF).
 */
export const LEADING_INVISIBLE = /^[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]+/
