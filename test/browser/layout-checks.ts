/**
 * Checks that run inside Chromium (passed to page.evaluate, so each is self-contained):
 * bounding boxes, clipping, roles and WCAG contrast of a drawn bar.
 */

export interface BarReport {
  problems: string[]
  /** True when the bar's background is dark. */
  dark: boolean
}

/**
 * The bar under `selector` (the iframe's `html`, or a `<support-bar>`, whose shadow root is
 * searched): every box inside the bar, no text cut without an ellipsis, label clear of the
 * button, the root's lang and dir, and 4.5:1 contrast for every text.
 */
export function checkBar(arg: { selector: string; expectLang: string; dir: string }): BarReport {
  const host = document.querySelector(arg.selector) as Element
  const root: ParentNode = (host as HTMLElement).shadowRoot ?? document
  const sb = root.querySelector('.sb') as HTMLElement
  const problems: string[] = []
  const box = sb.getBoundingClientRect()
  const name = (e: Element) => `${e.tagName.toLowerCase()}.${e.className}`
  const rgb = (c: string) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c)
    return m ? { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: Number(m[4] ?? 1) } : null
  }
  const lum = (c: { r: number; g: number; b: number }) => {
    const f = (v: number) => {
      const s = v / 255
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
  }
  const background = (e: Element | null): { r: number; g: number; b: number } => {
    for (let n = e; n; n = n.parentElement ?? (n.getRootNode() as ShadowRoot).host ?? null) {
      const c = rgb(getComputedStyle(n).backgroundColor)
      if (c && c.a > 0.9) return c
      if (n === sb) break
    }
    return rgb(getComputedStyle(sb).backgroundColor) ?? { r: 255, g: 255, b: 255 }
  }
  if (sb.getAttribute('lang') !== arg.expectLang) problems.push(`lang ${sb.getAttribute('lang')}`)
  if ((sb.getAttribute('dir') ?? 'ltr') !== arg.dir) problems.push(`dir ${sb.getAttribute('dir')}`)
  for (const e of sb.querySelectorAll('*')) {
    const r = e.getBoundingClientRect()
    const cs = getComputedStyle(e)
    if (cs.display === 'none' || (r.width === 0 && r.height === 0)) continue
    // Inside a line cut with an ellipsis, the overflow is hidden on purpose: the line is checked.
    const cut = e.parentElement?.closest('.sb *')
    const inCut =
      cut !== null &&
      cut !== undefined &&
      sb.contains(cut) &&
      getComputedStyle(cut).textOverflow === 'ellipsis' &&
      getComputedStyle(cut).overflowX === 'hidden'
    if (!inCut && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) {
      problems.push(
        `outside ${name(e)} ${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(box.left)}..${Math.round(box.right)}`,
      )
    }
    const clipped = (e as HTMLElement).scrollWidth > (e as HTMLElement).clientWidth + 1
    if (clipped && cs.overflowX !== 'visible' && cs.textOverflow !== 'ellipsis') {
      problems.push(`clipped ${name(e)}`)
    }
    const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim())
    if (text) {
      const fg = rgb(cs.color)
      const bg = background(e)
      if (fg) {
        const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number]
        const ratio = (hi + 0.05) / (lo + 0.05)
        if (ratio < 4.5) problems.push(`contrast ${ratio.toFixed(2)} ${name(e)}`)
      }
    }
  }
  // Ticks apart, label clear of the button.
  const ticks = [...sb.querySelectorAll('.sb-tick')].map((e) => e.getBoundingClientRect())
  ticks.sort((a, b) => a.left - b.left)
  for (let i = 1; i < ticks.length; i++) {
    if ((ticks[i - 1] as DOMRect).right > (ticks[i] as DOMRect).left + 0.5)
      problems.push('ticks overlap')
  }
  const label = sb.querySelector('.sb-label')?.getBoundingClientRect()
  const button = sb.querySelector('.sb-button')?.getBoundingClientRect()
  if (label && button && label.width > 0) {
    const apart = label.right <= button.left + 0.5 || label.left >= button.right - 0.5
    if (!apart) problems.push('label under the button')
  }
  if (!sb.querySelector('[role=progressbar][aria-valuetext]')) problems.push('no progressbar')
  const bg = background(sb)
  return { problems, dark: lum(bg) < 0.2 }
}

/** Compact mode of the bar under `selector`: track, amount and button on one line, in order. */
export function compactLine(selector: string) {
  const host = document.querySelector(selector) as Element
  const root: ParentNode = (host as HTMLElement).shadowRoot ?? document
  const box = (s: string) => (root.querySelector(s) as Element).getBoundingClientRect()
  const parts = [box('.sb-track'), box('.sb-amount'), box('.sb-button')]
  const mid = (r: DOMRect) => r.top + r.height / 2
  return {
    oneLine: parts.every((r) => Math.abs(mid(r) - mid(parts[0] as DOMRect)) < 4),
    inOrder: parts.every((r, i) => i === 0 || (parts[i - 1] as DOMRect).right <= r.left + 0.5),
    hidden: ['.sb-name', '.sb-label', '.sb-ticks'].every(
      (s) => getComputedStyle(root.querySelector(s) as Element).display === 'none',
    ),
  }
}

export interface SvgReport {
  problems: string[]
  dark: boolean
}

/** True if `source` parses as XML (run on any page: the SVG's own CSP forbids fetch). */
export function parsesAsXml(source: string): boolean {
  const parsed = new DOMParser().parseFromString(source, 'image/svg+xml')
  return parsed.getElementsByTagName('parsererror').length === 0
}

/**
 * The SVG document open in the page: every `<text>` inside the image (its real glyph box,
 * as Chromium measures it), none overlapping the button, the link outside the role=img
 * group with a name, and contrast of each text on the background.
 */
export function checkSvg(): SvgReport {
  const svg = document.documentElement as unknown as SVGSVGElement
  const problems: string[] = []
  const width = svg.width.baseVal.value
  const height = svg.height.baseVal.value
  const button = svg.querySelector('a rect') as SVGRectElement | null
  const b = button?.getBBox()
  const rgb = (c: string) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(c)
    return m ? { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]) } : { r: 0, g: 0, b: 0 }
  }
  const lum = (c: { r: number; g: number; b: number }) => {
    const f = (v: number) => {
      const s = v / 255
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b)
  }
  const bgRect = svg.querySelector('g[role=img] > rect') as SVGRectElement
  const bg = rgb(getComputedStyle(bgRect).fill)
  for (const text of svg.querySelectorAll('text')) {
    const t = text.getBBox()
    const label = (text.textContent ?? '').slice(0, 20)
    if (t.x < -0.5 || t.x + t.width > width + 0.5) problems.push(`outside x: ${label}`)
    if (t.y < -0.5 || t.y + t.height > height + 0.5) problems.push(`outside y: ${label}`)
    const inLink = text.closest('a') !== null
    if (b && !inLink) {
      const overlapX = t.x < b.x + b.width && t.x + t.width > b.x
      const overlapY = t.y < b.y + b.height && t.y + t.height > b.y
      if (overlapX && overlapY) problems.push(`under the button: ${label}`)
    }
    if (b && inLink && (t.x < b.x - 0.5 || t.x + t.width > b.x + b.width + 0.5)) {
      problems.push(`button text outside the button: ${label}`)
    }
    const fg = rgb(getComputedStyle(text).fill)
    const back = inLink && button ? rgb(getComputedStyle(button).fill) : bg
    const [hi, lo] = [lum(fg), lum(back)].sort((x, y) => y - x) as [number, number]
    if ((hi + 0.05) / (lo + 0.05) < 4.5) problems.push(`contrast: ${label}`)
  }
  const group = svg.querySelector('g[role=img]')
  if (!group?.getAttribute('aria-labelledby')) problems.push('image has no name')
  if (group?.querySelector('a')) problems.push('link inside the image')
  const link = svg.querySelector('a')
  if (link && !link.getAttribute('aria-label')) problems.push('link has no name')
  return { problems, dark: lum(bg) < 0.2 }
}
