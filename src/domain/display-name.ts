/** Longest display name shown on a donor wall, in characters (code points). */
export const DISPLAY_NAME_MAX = 40

// Control characters, bidi embeddings/overrides/isolates and marks, zero-width joiners and
// other format characters that could reorder or hide the text around the name.
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu

/**
 * A display name a donor typed, made safe to show anywhere (pure): NFC, no control or bidi
 * formatting characters, spaces collapsed, at most DISPLAY_NAME_MAX characters. Null when
 * nothing is left. Escaping for HTML/SVG is still the renderer's job.
 */
export function cleanDisplayName(raw: string | null | undefined): string | null {
  if (!raw) return null
  const text = raw.normalize('NFC').replace(HIDDEN, '').replace(/\s+/gu, ' ').trim()
  if (!text) return null
  // By code points, so a name is never cut inside a character; a cut may leave a last space.
  return Array.from(text).slice(0, DISPLAY_NAME_MAX).join('').trim()
}
