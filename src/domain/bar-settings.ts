/**
 * What a campaign sets for its bar beyond goal and label: its own button text and a one-line
 * tagline, in the campaign's language. Stored as one JSON text column (`campaigns.bar`) so
 * that new display settings need no new migration; validated by the admin API on the way in.
 */
/** Extra facts a bar can show under the amount. */
export const SHOW_ITEMS = ['sentence', 'donors', 'days', 'monthly', 'supporters'] as const
export type ShowItem = (typeof SHOW_ITEMS)[number]

export interface BarSettings {
  /** Replaces the catalog's "Support" on the button. */
  buttonLabel?: string
  /** One line under the name. */
  tagline?: string
  /** The facts shown by default (an embed's `show` option overrides). */
  show?: ShowItem[]
  /** Markers on the track: an amount (minor units) and a short label ("a new camera"). */
  milestones?: Milestone[]
  /** Goals (minor units) that take over, in turn, once the month's goal is passed. */
  stretchGoals?: number[]
  /** A donor-count goal ("42 of 100 supporters"), drawn as a second, thinner bar. */
  donorGoal?: number
}

export interface Milestone {
  amount: number
  label: string
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0

/** The settings from their stored JSON; anything unreadable counts as none (never a 500). */
export function parseBarSettings(json: string | null | undefined): BarSettings {
  if (!json) return {}
  try {
    // Any JSON value: a number, a text or a list has none of these fields, and null throws.
    const o = JSON.parse(json) as Record<string, unknown>
    const out: BarSettings = {}
    if (typeof o.buttonLabel === 'string') out.buttonLabel = o.buttonLabel
    if (typeof o.tagline === 'string') out.tagline = o.tagline
    if (Array.isArray(o.milestones)) {
      out.milestones = o.milestones.filter(
        (m: { amount?: unknown; label?: unknown } | null): m is Milestone =>
          m !== null && isCount(m.amount) && typeof m.label === 'string',
      )
    }
    if (Array.isArray(o.stretchGoals)) out.stretchGoals = o.stretchGoals.filter(isCount)
    if (isCount(o.donorGoal)) out.donorGoal = o.donorGoal
    if (Array.isArray(o.show)) {
      out.show = o.show.filter((x): x is ShowItem => SHOW_ITEMS.includes(x as ShowItem))
    }
    return out
  } catch {
    return {}
  }
}

/** Applies a patch: a value sets a key, `null` clears it, an absent key stays. */
export function mergeBarSettings(
  base: BarSettings,
  patch: { [K in keyof BarSettings]?: BarSettings[K] | null },
): BarSettings {
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else if (v !== undefined) out[k] = v
  }
  return out as BarSettings
}
