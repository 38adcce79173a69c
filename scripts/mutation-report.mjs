#!/usr/bin/env node
// The mutation score as Stryker last measured it, from its committed incremental file
// (test/mutation/stryker-incremental.json), in Markdown: the score of each area and file, each
// mutant that survived or ran under no test, and each mutant disabled in the code with its
// reason. A file whose code changed since its run is marked stale: its figures are not current.
//
//   node scripts/mutation-report.mjs [incremental-file]
import { readdirSync, readFileSync, statSync } from 'node:fs'

const file = process.argv[2] ?? 'test/mutation/stryker-incremental.json'
const report = JSON.parse(readFileSync(file, 'utf8'))
const config = JSON.parse(readFileSync('stryker.config.json', 'utf8'))

/** Whether a path is in the configured `mutate` globs (`**`, `*`; `!` excludes). */
function inScope(path) {
  const toRe = (g) =>
    new RegExp(
      `^${g
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '@@GLOBSTAR@@')
        .replace(/\*/g, '[^/]*')
        .replace(/@@GLOBSTAR@@/g, '(?:.*/)?')}$`,
    )
  let hit = false
  for (const g of config.mutate) {
    if (g.startsWith('!')) {
      if (toRe(g.slice(1)).test(path)) hit = false
    } else if (toRe(g).test(path)) hit = true
  }
  return hit
}

const AREAS = [
  ['src/domain', (p) => p.startsWith('src/domain/')],
  ['src/ingest', (p) => p.startsWith('src/ingest/')],
  ['src/stripe', (p) => p.startsWith('src/stripe/')],
  ['render cache, ledger, totals', () => true],
]
const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
const pct = (d, u) => (d + u === 0 ? '—' : `${((100 * d) / (d + u)).toFixed(1)} %`)

const rows = []
const undetected = []
const stale = []
for (const [path, f] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  if (!inScope(path)) continue
  let current = null
  try {
    current = readFileSync(path, 'utf8')
  } catch {
    continue
  }
  if (current !== f.source) stale.push(path)
  let d = 0
  let u = 0
  const lines = f.source.split('\n')
  for (const m of f.mutants) {
    if (DETECTED.has(m.status)) d++
    else if (UNDETECTED.has(m.status)) {
      u++
      const line = m.location.start.line
      undetected.push({
        path,
        line,
        status: m.status,
        mutator: m.mutatorName,
        code: (lines[line - 1] ?? '').trim(),
        replacement: (m.replacement ?? '').replace(/\s+/g, ' '),
      })
    }
  }
  rows.push({ path, d, u, area: AREAS.find(([, test]) => test(path))[0] })
}

const out = []
out.push(`| area | mutants (detected + not) | detected | score |`, '| --- | --- | --- | --- |')
let D = 0
let U = 0
for (const [area] of AREAS) {
  const r = rows.filter((x) => x.area === area)
  const d = r.reduce((s, x) => s + x.d, 0)
  const u = r.reduce((s, x) => s + x.u, 0)
  D += d
  U += u
  out.push(`| ${area} | ${d + u} | ${d} | ${pct(d, u)} |`)
}
out.push(`| **all** | ${D + U} | ${D} | **${pct(D, U)}** |`, '')
out.push('| file | mutants | undetected | score |', '| --- | --- | --- | --- |')
for (const r of rows) {
  const mark = stale.includes(r.path) ? ' (stale: changed since its run)' : ''
  out.push(`| \`${r.path}\`${mark} | ${r.d + r.u} | ${r.u} | ${pct(r.d, r.u)} |`)
}
out.push('', `Files in scope never run: ${neverRun().join(', ') || 'none'}.`)
out.push('', `### Undetected mutants (${undetected.length})`, '')
for (const m of undetected) {
  out.push(
    `- \`${m.path}:${m.line}\` ${m.status} ${m.mutator}: \`${m.code.slice(0, 90)}\` → \`${m.replacement.slice(0, 60)}\``,
  )
}
out.push('', '### Mutants disabled in the code, with the reason given there', '')
for (const d of disabled()) out.push(`- \`${d.path}:${d.line}\` ${d.text}`)
process.stdout.write(`${out.join('\n')}\n`)

function neverRun() {
  const scoped = listTs('src').filter(inScope)
  return scoped.filter((p) => !(p in report.files)).map((p) => `\`${p}\``)
}

function disabled() {
  const found = []
  for (const path of listTs('src').filter(inScope)) {
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((l, i) => {
        const m = /\/\/\s*Stryker disable(?: next-line)? (.*)$/.exec(l)
        if (m) found.push({ path, line: i + 1, text: m[1] })
      })
  }
  return found
}

function listTs(dir) {
  const acc = []
  for (const name of readdirSync(dir)) {
    const p = `${dir}/${name}`
    if (statSync(p).isDirectory()) acc.push(...listTs(p))
    else if (p.endsWith('.ts')) acc.push(p)
  }
  return acc
}
