/**
 * The bar's SVG as a rasteriser without the `direction` property draws it right (resvg, for the
 * PNG on Node and on Workers). Right to left, the SVG is drawn mirrored with `direction="rtl"`
 * on its root so that browsers read `text-anchor` logically (src/bar/svg.tsx); resvg ignores
 * `direction` and lays every text out left to right, so the texts hung off the image's right
 * edge and the percentage ran into the amount. For it, an RTL drawing gets physical anchors
 * (`start` ↔ `end`, none → `end`), the gap before the percentage turned to the right, and the
 * bidi marks dropped (they order runs for an RTL layout; resvg's own bidi pass orders the
 * Arabic). A left-to-right SVG is returned as it is. Only this module's own output is read:
 * its `<text>` tags carry no `>` inside an attribute.
 */
export function forRasterizer(svg: string): string {
  if (!/^<svg\b[^>]*\sdirection="rtl"/.test(svg)) return svg
  return svg
    .replace(/<text\b([^>]*)>/g, (_tag, attrs: string) => {
      const anchor = /\stext-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start'
      const physical = anchor === 'start' ? 'end' : anchor === 'end' ? 'start' : anchor
      return `<text${attrs.replace(/\s+text-anchor="\w+"/, '')} text-anchor="${physical}">`
    })
    .replace(/(<tspan\b[^>]*\sdx=")-(\d)/g, '$1$2')
    .replace(/[\u200e\u200f\u061c]/g, '')
}
