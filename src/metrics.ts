/**
 * Prometheus text exposition (format 0.0.4), hand-written: prom-client is Node-only and this
 * must run on Workers too. Counters and one histogram live in memory, per app instance (per
 * isolate on Workers); campaign gauges are read from the store at scrape time.
 */

export type Labels = Record<string, string>

/** Webhook processing latency buckets, in seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

const escapeLabel = (v: string) =>
  v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  return parts.length ? `{${parts.join(',')}}` : ''
}

const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf')

interface Family {
  help: string
  type: 'counter' | 'gauge' | 'histogram'
}

interface Histogram {
  labels: Labels
  buckets: number[]
  sum: number
  count: number
}

/** A sample of a gauge family, as collected at scrape time. */
export interface GaugeSample {
  name: string
  help: string
  labels: Labels
  value: number
}

/** The counter of work refused to hold under load (label `reason`). */
export const REFUSED_METRIC = 'supportbar_refused_total'

export class Metrics {
  readonly #families = new Map<string, Family>()
  readonly #counters = new Map<string, Map<string, { labels: Labels; value: number }>>()
  readonly #histograms = new Map<string, Map<string, Histogram>>()

  constructor() {
    this.#families.set('supportbar_http_requests_total', {
      type: 'counter',
      help: 'HTTP requests by method, route pattern and status',
    })
    this.#families.set('supportbar_webhook_events_total', {
      type: 'counter',
      help: 'Stripe webhook deliveries by event type and outcome (processed, ignored, duplicate, failed, rejected)',
    })
    this.#families.set('supportbar_auth_failures_total', {
      type: 'counter',
      help: 'Wrong admin tokens, by where they were sent (console sign-in or the admin API)',
    })
    this.#families.set('supportbar_auth_throttled_total', {
      type: 'counter',
      help: 'Requests refused (429) because their address sent too many wrong admin tokens',
    })
    this.#families.set('supportbar_refused_total', {
      type: 'counter',
      help: 'Work refused to hold under load, by reason (connections_per_address, streams_per_address, png_busy, png_per_address, slow_body)',
    })
    this.#families.set('supportbar_webhook_unsupported_api_version_total', {
      type: 'counter',
      help: 'Signed Stripe events refused for an API version older than the oldest supported, by version',
    })
    this.#families.set('supportbar_webhook_processing_seconds', {
      type: 'histogram',
      help: 'Time from a verified webhook to its committed effect',
    })
  }

  inc(name: string, labels: Labels, by = 1): void {
    this.incKeyed(name, labelText(labels), () => labels, by)
  }

  /**
   * `inc` for hot paths: the caller gives a cheap key that identifies the label values, and
   * the labels are built only the first time that key is seen.
   */
  incKeyed(name: string, key: string, labels: () => Labels, by = 1): void {
    this.cell(name, key, labels).value += by
  }

  /**
   * The counter cell of one series, made at 0 if new, for a caller that counts the same
   * series over and over (the Node fast lane) to keep and add to: add to it at once, or a
   * series that never happened shows up at 0.
   */
  cell(name: string, key: string, labels: () => Labels): { value: number } {
    let series = this.#counters.get(name)
    if (!series) {
      series = new Map()
      this.#counters.set(name, series)
    }
    let s = series.get(key)
    if (!s) {
      s = { labels: labels(), value: 0 }
      series.set(key, s)
    }
    return s
  }

  observe(name: string, labels: Labels, seconds: number): void {
    let series = this.#histograms.get(name)
    if (!series) {
      series = new Map()
      this.#histograms.set(name, series)
    }
    const key = labelText(labels)
    let h = series.get(key)
    if (!h) {
      h = { labels, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }
      series.set(key, h)
    }
    LATENCY_BUCKETS.forEach((le, i) => {
      if (seconds <= le && h) h.buckets[i] = (h.buckets[i] ?? 0) + 1
    })
    h.sum += seconds
    h.count += 1
  }

  /** The exposition text: the in-memory series, then the gauges collected by the caller. */
  render(gauges: readonly GaugeSample[] = []): string {
    const lines: string[] = []
    for (const [name, family] of this.#families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`)
      for (const s of this.#counters.get(name)?.values() ?? []) {
        lines.push(`${name}${labelText(s.labels)} ${num(s.value)}`)
      }
      for (const h of this.#histograms.get(name)?.values() ?? []) {
        LATENCY_BUCKETS.forEach((le, i) => {
          const l = labelText({ ...h.labels, le: String(le) })
          lines.push(`${name}_bucket${l} ${h.buckets[i] ?? 0}`)
        })
        lines.push(`${name}_bucket${labelText({ ...h.labels, le: '+Inf' })} ${h.count}`)
        lines.push(`${name}_sum${labelText(h.labels)} ${num(h.sum)}`)
        lines.push(`${name}_count${labelText(h.labels)} ${h.count}`)
      }
    }
    const byName = new Map<string, GaugeSample[]>()
    for (const g of gauges) byName.set(g.name, [...(byName.get(g.name) ?? []), g])
    for (const [name, samples] of byName) {
      lines.push(`# HELP ${name} ${samples[0]?.help ?? ''}`, `# TYPE ${name} gauge`)
      for (const g of samples) lines.push(`${name}${labelText(g.labels)} ${num(g.value)}`)
    }
    return `${lines.join('\n')}\n`
  }
}
