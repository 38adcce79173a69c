/**
 * A monthly charge's dates (pure): the same day of the month as the first, in UTC, clamped to
 * the month's last day (a sponsorship started on 31 January renews on 28 or 29 February).
 */
export function monthlyAnniversary(first: number, k: number): number {
  const d = new Date(first * 1000)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth() + k
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate()
  const at = Date.UTC(
    y,
    m,
    Math.min(d.getUTCDate(), last),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  )
  return Math.floor(at / 1000)
}

/** The anniversaries of `first` (itself included) within [since, until], unix seconds. */
export function anniversariesWithin(first: number, since: number, until: number): number[] {
  const out: number[] = []
  for (let k = 0; k < 1200; k++) {
    const t = monthlyAnniversary(first, k)
    if (t > until) break
    if (t >= since) out.push(t)
  }
  return out
}
