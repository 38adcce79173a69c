import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import parsePrometheusTextFormat from 'parse-prometheus-text-format'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admin, type TestApp } from '../support/harness.js'
import { MONTH, reportCounts, validatorApp } from './fixtures.js'

const PROMTOOL = '/usr/bin/promtool'

/**
 * /metrics after real traffic (reads, embeds, admin calls, errors) through a Prometheus text
 * exposition parser, and through promtool's `check metrics` (Debian's prometheus package,
 * installed by scripts/test-prereqs.sh).
 */
describe('/metrics in the Prometheus text format', () => {
  let t: TestApp
  let text: string

  beforeAll(async () => {
    t = await validatorApp()
    for (const path of [
      `/api/campaigns/news/progress?month=${MONTH}`,
      `/embed/zeitung.svg?month=${MONTH}`,
      `/embed/shimbun?month=${MONTH}`,
      '/embed/unknown',
      '/api/campaigns/news/progress?month=13',
      '/widget.js',
    ]) {
      await t.app.request(path)
    }
    await t.call('GET', '/api/admin/campaigns')
    const res = await t.app.request('/metrics', { headers: admin })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    text = await res.text()
  })
  afterAll(() => t?.close())

  it('parses whole: every family typed and described, every sample line read', () => {
    const families = parsePrometheusTextFormat(text)
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
    // A histogram's _bucket, _sum and _count lines become one sample with buckets.
    let read = 0
    for (const f of families) {
      expect(f.help, f.name).not.toBe('')
      expect(f.type, f.name).not.toBe('UNTYPED')
      for (const m of f.metrics) {
        read += m.buckets ? Object.keys(m.buckets).length + 2 : 1
        if (m.value !== undefined) expect(Number.isNaN(Number(m.value)), f.name).toBe(false)
      }
    }
    reportCounts(
      `metrics parser: ${families.length} families, ${read} sample lines of ${lines.length}`,
    )
    expect(families.length).toBeGreaterThan(3)
    expect(read).toBe(lines.length)
    expect(new Set(families.map((f) => f.name)).size).toBe(families.length)
  })

  // Required in CI (test-prereqs.sh installs it); skipped on a machine without it.
  it.runIf(existsSync(PROMTOOL) || process.env.CI)('passes promtool check metrics', () => {
    let out = ''
    try {
      out = execFileSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' })
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string }
      throw new Error(`promtool check metrics failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`)
    }
    reportCounts(`promtool check metrics: clean${out.trim() ? ` (${out.trim()})` : ''}`)
  })
})
