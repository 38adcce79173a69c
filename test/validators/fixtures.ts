import { mkdtempSync, writeFileSync, writeSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium } from 'playwright-core'
import { expect } from 'vitest'
import { pinnedFontFiles, svgToPng } from '../../src/node/png.js'
import { fixedClock, makeTestApp, newsCampaign, type TestApp } from '../support/harness.js'
import { webhookEnv } from '../support/stripe-events.js'

export const MONTH = '2021-06'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Campaigns in several languages and states, so validators see every kind of output: an
 * English one, a German and a Japanese one (other currencies, names with non-ASCII), one
 * without a goal, one over its goal and one that has ended.
 */
export const CAMPAIGNS = [
  { ...newsCampaign },
  {
    ...newsCampaign,
    slug: 'zeitung',
    name: 'Die Tageszeitung – Förderkreis',
    currency: 'EUR',
    locale: 'de-DE',
    timezone: 'Europe/Berlin',
  },
  {
    ...newsCampaign,
    slug: 'shimbun',
    name: '毎日新聞を支える会',
    currency: 'JPY',
    defaultGoal: 500000,
    locale: 'ja-JP',
    timezone: 'Asia/Tokyo',
  },
  { ...newsCampaign, slug: 'nogoal', name: 'No goal', defaultGoal: 0 },
  { ...newsCampaign, slug: 'over', name: 'Over the top' },
  { ...newsCampaign, slug: 'ended', name: 'Last year', donateUrl: null },
] as const

/** An app on a SQLite file with the campaigns above and some money in June 2021. */
export async function validatorApp(): Promise<TestApp> {
  const t = await makeTestApp({
    env: webhookEnv,
    deps: { clock: fixedClock('2021-06-15T12:00:00Z'), rasterize: svgToPng },
  })
  for (const c of CAMPAIGNS) {
    expect((await t.call('POST', '/api/admin/campaigns', c)).status).toBe(201)
  }
  const gifts: [string, number, string][] = [
    ['news', 136000, 'Ana'],
    ['zeitung', 250050, 'Jürgen Müller'],
    ['shimbun', 120000, '山田太郎'],
    ['nogoal', 4200, 'Bo'],
    ['over', 900000, '=HYPERLINK("http://x")'],
    ['ended', 1000, 'Cy'],
  ]
  for (const [slug, amount, donor] of gifts) {
    const res = await t.call('POST', `/api/admin/campaigns/${slug}/adjustments`, {
      month: MONTH,
      amount,
      reason: `-offline, "gifts"\nfrom ${donor}`,
      donor,
    })
    expect(res.status).toBe(201)
  }
  await t.call('PATCH', '/api/admin/campaigns/ended', { archived: true })
  return t
}

/** Serves an app on 127.0.0.1 for the browser. */
export async function serveApp(t: TestApp): Promise<{ url: string; close(): void }> {
  const server: ServerType = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => {
    if (server.listening) resolve()
    else server.once('listening', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() }
}

/** Debian's Chromium, headless, as the other browser tests start it. */
export function launchChromium(opts: { pinnedFonts?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    ...(opts.pinnedFonts
      ? { env: { ...process.env, FONTCONFIG_FILE: pinnedFontconfig() } as Record<string, string> }
      : {}),
  })
}

/**
 * A fontconfig file whose only fonts are the pinned files the PNG route draws with (the
 * dejavu-fonts-ttf package): Chromium launched with it resolves every name of the SVG's font
 * list, system-ui and sans-serif included, to those files, whatever the machine has installed
 * or prefers. Linux only, as Debian's Chromium is.
 */
function pinnedFontconfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'supportbar-fonts-'))
  const file = join(dir, 'fonts.conf')
  const fontDir = dirname(pinnedFontFiles()[0] ?? '')
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${fontDir}</dir>
  <cachedir>${join(dir, 'cache')}</cachedir>
  <!-- Debian's rendering defaults (conf.d 10-hinting-slight, 10-yes-antialias, 11-lcdfilter-default). -->
  <match target="font">
    <edit name="antialias" mode="assign"><bool>true</bool></edit>
    <edit name="hinting" mode="assign"><bool>true</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintslight</const></edit>
    <edit name="lcdfilter" mode="assign"><const>lcddefault</const></edit>
  </match>
  <alias><family>system-ui</family><prefer><family>DejaVu Sans</family></prefer></alias>
  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
</fontconfig>
`,
  )
  return file
}

/**
 * The SVG variants every renderer must draw the same: each theme, compact or not, a custom
 * accent, three languages, no goal, over the goal, an ended and an unknown campaign, and the
 * month history chart.
 */
export const SVG_VARIANTS: string[] = [
  ...['light', 'dark', 'auto'].flatMap((theme) => [
    `/embed/news.svg?month=${MONTH}&theme=${theme}`,
    `/embed/news.svg?month=${MONTH}&theme=${theme}&compact=1`,
    `/embed/news.svg?month=${MONTH}&theme=${theme}&accent=ff8800&width=400`,
  ]),
  `/embed/zeitung.svg?month=${MONTH}&theme=light`,
  `/embed/shimbun.svg?month=${MONTH}&theme=dark`,
  `/embed/nogoal.svg?month=${MONTH}&theme=light`,
  `/embed/over.svg?month=${MONTH}&theme=auto&width=1200`,
  `/embed/ended.svg?theme=light`,
  '/embed/news/history.svg?months=6&theme=light',
  '/embed/zeitung/history.svg?months=3&theme=dark',
  `/embed/unknown.svg?theme=dark`,
]

/**
 * Prints a validator's counts straight to the process's stdout: the suite keeps console output
 * of passing tests quiet, and these counts are wanted on every run, passing or not.
 */
export function reportCounts(text: string): void {
  writeSync(1, `[validators] ${text}\n`)
}
