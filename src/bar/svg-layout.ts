/** Sizes of the type scale and the bar (px), shared by the bar's layout and its track. */
export const SIZE = { name: 15, tagline: 12, tick: 12, amount: 17, pct: 13, label: 12, button: 13 }
/** Height of the progress track (px). */
export const TRACK_H = 14

/** Two decimals are finer than any screen: no `364.64480000000003` in the bytes. */
const round = (v: number) => Math.round(v * 100) / 100

/** Horizontal geometry of a width and direction: `rtl` mirrors every x. */
export function axis(width: number, rtl: boolean) {
  return {
    /** x of a point measured from the start edge. */
    x: (from: number) => round(rtl ? width - from : from),
    /** x of the left side of a box starting `from` the start edge, `w` wide. */
    box: (from: number, w: number) => round(rtl ? width - from - w : from),
  }
}

/** The mirrored-or-not x geometry that every part of the SVG bar draws with. */
export type Axis = ReturnType<typeof axis>
