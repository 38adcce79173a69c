import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PNG, SVG } from './logo/images.js'

const run = promisify(execFile)

// Every call is a fresh Node process that loads the whole app through tsx: seconds each on a
// loaded machine, so these tests get more than the default 30 s.
describe('the CLI for people', { timeout: 120_000 }, () => {
  let dir: string
  const cli = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
        env: { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}`, LOG_LEVEL: 'info' },
      })
      return { code: 0, stdout: r.stdout, stderr: r.stderr }
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string }
      return { code: e.code, stdout: e.stdout, stderr: e.stderr }
    }
  }
  const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, unknown>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supportbar-cli-'))
    for (const [slug, currency, goal] of [
      ['news', 'USD', '5000'],
      ['yen', 'JPY', '500000'],
      ['dinar', 'KWD', '1000.500'],
    ] as const) {
      const r = await cli(
        'campaign',
        'create',
        '--slug',
        slug,
        '--name',
        slug,
        '--currency',
        currency,
        '--goal',
        goal,
      )
      expect(r.code, r.stderr).toBe(0)
    }
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads amounts in major units by the currency exponent, or minor units with --minor', async () => {
    const goals = JSON.parse((await cli('campaign', 'list')).stdout) as {
      campaigns: { slug: string; defaultGoal: number }[]
    }
    expect(Object.fromEntries(goals.campaigns.map((c) => [c.slug, c.defaultGoal]))).toEqual({
      news: 500000,
      yen: 500000,
      dinar: 1000500,
    })
    expect(json(await cli('adjust', 'news', '2021-06', '13.60', '--reason', 'gift')).amount).toBe(
      1360,
    )
    expect(json(await cli('adjust', 'yen', '2021-06', '1500', '--reason', 'gift')).amount).toBe(
      1500,
    )
    expect(json(await cli('adjust', 'dinar', '2021-06', '1.25', '--reason', 'gift')).amount).toBe(
      1250,
    )
    expect(
      json(await cli('adjust', 'news', '2021-06', '250', '--minor', '--reason', 'x')).amount,
    ).toBe(250)
    const yenCents = await cli('adjust', 'yen', '2021-06', '15.5', '--reason', 'gift')
    expect(yenCents.code).toBe(2)
    expect(yenCents.stderr).toContain('has too many decimals for JPY: write 15')
    const ambiguous = await cli('adjust', 'news', '2021-06', '12,50', '--reason', 'gift')
    expect(ambiguous.code).toBe(2)
    expect(ambiguous.stderr).toContain('is ambiguous: write 12.50 (or 1,250) in USD')
    expect(json(await cli('adjust', 'news', '2021-06', '1,250', '--reason', 'gift')).amount).toBe(
      125000,
    )
    const minorDecimal = await cli('adjust', 'news', '2021-06', '1.5', '--minor', '--reason', 'x')
    expect(minorDecimal.code).toBe(2)
    expect(minorDecimal.stderr).toContain('with --minor, write whole minor units')
  })

  it('takes a negative correction, as a positional and as an option value', async () => {
    const neg = await cli('adjust', 'news', '2021-06', '-5.00', '--reason', 'counted twice')
    expect(neg.code, neg.stderr).toBe(0)
    expect(json(neg).amount).toBe(-500)
    const minor = await cli('adjust', 'news', '2021-06', '-500', '--minor', '--reason', 'again')
    expect(json(minor).amount).toBe(-500)
    // Reversed once, with its reason; a second time is refused in words.
    const id = json(minor).id as string
    const listed = json(await cli('ledger', 'news', '--month', '2021-06')).entries as {
      id: string
    }[]
    expect(listed.map((e) => e.id)).toContain(id)
    const back = await cli('reverse', 'news', id, '--reason', 'entered twice')
    expect(back.code, back.stderr).toBe(0)
    expect(json(back)).toMatchObject({ kind: 'reversal', amount: 500, note: 'entered twice' })
    const twice = await cli('reverse', 'news', id, '--reason', 'again')
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('This entry is already reversed')
    const goal = await cli('goal', 'set', 'news', '2021-06', '-5')
    expect(goal.code).toBe(1)
    expect(goal.stderr.trim()).toBe(
      'supportbar goal set: Invalid body: goal: must not be negative (invalid_body)',
    )
  })

  it('names a Stripe connected account on create and update, clears it with an empty value, and refuses a malformed one in words', async () => {
    const created = await cli(
      'campaign',
      'create',
      '--slug',
      'newsroom',
      '--name',
      'Newsroom',
      '--currency',
      'EUR',
      '--goal',
      '100',
      '--stripe-account',
      'acct_1CliNewsroom',
    )
    expect(created.code, created.stderr).toBe(0)
    expect(json(created).stripeAccount).toBe('acct_1CliNewsroom')
    const bad = await cli('campaign', 'update', 'newsroom', '--stripe-account', 'acct-1')
    expect(bad.code).toBe(1)
    expect(bad.stderr.trim()).toBe(
      'supportbar campaign update: Invalid body: stripeAccount: must be a Stripe connected account id such as acct_1A2b3C4d5E6f7G8h (Dashboard > Connect > Accounts) (invalid_body)',
    )
    const cleared = await cli('campaign', 'update', 'newsroom', '--stripe-account', '')
    expect(cleared.code, cleared.stderr).toBe(0)
    expect(json(cleared).stripeAccount).toBe(null)
    const nothing = await cli('campaign', 'update', 'newsroom')
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain(
      'give --name, --timezone, --locale, --donate-url, --stripe-account, --bar-amount or --sources',
    )
    // What the bar shows: gross by default, net on request, nothing else.
    expect(json(created).barAmount).toBe('gross')
    const net = await cli('campaign', 'update', 'newsroom', '--bar-amount', 'net')
    expect(net.code, net.stderr).toBe(0)
    expect(json(net).barAmount).toBe('net')
    const wrong = await cli('campaign', 'update', 'newsroom', '--bar-amount', 'fees')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('barAmount')
    // The providers it claims: PayPal's money that names no campaign counts here.
    const claimed = await cli('campaign', 'update', 'newsroom', '--sources', 'paypal')
    expect(claimed.code, claimed.stderr).toBe(0)
    expect(json(claimed).sources).toEqual(['paypal'])
    const released = await cli('campaign', 'update', 'newsroom', '--sources', '')
    expect(released.code, released.stderr).toBe(0)
    expect(json(released).sources).toEqual([])
  })

  it('sets amounts per interval in major units, and clears one with an empty value', async () => {
    const set = await cli(
      'campaign',
      'checkout',
      'news',
      '--presets-month',
      '3,7.50',
      '--presets-year',
      '60',
    )
    expect(set.code, set.stderr).toBe(0)
    expect((json(set).checkout as { presetsByInterval: unknown }).presetsByInterval).toEqual({
      month: [300, 750],
      year: [6000],
    })
    const cleared = await cli('campaign', 'checkout', 'news', '--presets-year', '')
    expect(cleared.code, cleared.stderr).toBe(0)
    expect((json(cleared).checkout as { presetsByInterval: unknown }).presetsByInterval).toEqual({
      month: [300, 750],
    })
  })

  it('reads a list of amounts by the locale: a comma list is refused where the comma is the decimal sign', async () => {
    const create = await cli(
      'campaign',
      'create',
      '--slug',
      'zeitung',
      '--name',
      'Zeitung',
      '--currency',
      'EUR',
      '--goal',
      '5000',
      '--locale',
      'de-DE',
    )
    expect(create.code, create.stderr).toBe(0)
    const before = json(await cli('campaign', 'list'))
    // 5,12,50 in German: 5, 12 and 50, or 5 and 12,50? Never guessed.
    const ambiguous = await cli('campaign', 'checkout', 'zeitung', '--presets', '5,12,50')
    expect(ambiguous.code).toBe(2)
    expect(ambiguous.stderr).toContain(
      '--presets "5,12,50" is ambiguous in de-DE, where a comma is the decimal sign: separate the amounts with ";"',
    )
    expect(json(await cli('campaign', 'list'))).toEqual(before)
    const set = await cli('campaign', 'checkout', 'zeitung', '--presets', '5; 12,50; 1.250')
    expect(set.code, set.stderr).toBe(0)
    expect((json(set).checkout as { presets: unknown }).presets).toEqual([500, 1250, 125000])
    const minor = await cli('campaign', 'checkout', 'zeitung', '--presets', '500,1250', '--minor')
    expect((json(minor).checkout as { presets: unknown }).presets).toEqual([500, 1250])
    // In English the comma separates amounts, as before; `;` works there too.
    const en = await cli('campaign', 'checkout', 'news', '--presets', '5,12.50,25')
    expect((json(en).checkout as { presets: unknown }).presets).toEqual([500, 1250, 2500])
  })

  it("sets the donate page's intervals, fee cover, appeal, impact lines and links", async () => {
    const set = await cli(
      'campaign',
      'checkout',
      'zeitung',
      '--yearly',
      'yes',
      '--default-interval',
      'month',
      '--fee-cover',
      '1,5%+0,25',
    )
    expect(set.code, set.stderr).toBe(0)
    expect(json(set).checkout).toMatchObject({
      allowYearly: true,
      defaultInterval: 'month',
      feeCover: { enabled: true, rateBps: 150, fixed: 25 },
    })
    const badFee = await cli('campaign', 'checkout', 'zeitung', '--fee-cover', '1,5')
    expect(badFee.code).toBe(2)
    expect(badFee.stderr).toContain('write the rate in percent and the fixed part, e.g. 2.9%+0.30')
    const badInterval = await cli('campaign', 'checkout', 'zeitung', '--default-interval', 'week')
    expect(badInterval.stderr).toContain('--default-interval takes once, month or year')

    const impact = join(dir, 'impact.txt')
    writeFileSync(impact, '12,50: ein Tag im Gericht\n5: eine Akteneinsicht\n')
    const page = await cli(
      'campaign',
      'page',
      'zeitung',
      '--appeal',
      'Wir sind **leserfinanziert**.',
      '--impact-file',
      impact,
      '--privacy',
      'https://zeitung.example/datenschutz',
    )
    expect(page.code, page.stderr).toBe(0)
    expect(json(page).page).toEqual({
      appeal: 'Wir sind **leserfinanziert**.',
      impact: { '1250': 'ein Tag im Gericht', '500': 'eine Akteneinsicht' },
      privacyUrl: 'https://zeitung.example/datenschutz',
    })
    // An ambiguous amount in the file is refused as anywhere else; '' clears a field.
    writeFileSync(impact, '1.5: x\n')
    const bad = await cli('campaign', 'page', 'zeitung', '--impact-file', impact)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--impact-file line 1 "1.5"')
    const cleared = await cli('campaign', 'page', 'zeitung', '--appeal', '', '--privacy', '')
    expect(cleared.code, cleared.stderr).toBe(0)
    expect(json(cleared).page).toEqual({
      impact: { '1250': 'ein Tag im Gericht', '500': 'eine Akteneinsicht' },
    })
  })

  it('sets a logo from a file, refuses what is not an image in words, and removes it', async () => {
    const png = join(dir, 'logo.png')
    const svg = join(dir, 'logo.svg')
    writeFileSync(png, PNG)
    writeFileSync(svg, SVG)
    const set = await cli('campaign', 'logo', 'news', '--file', png)
    expect(set.code, set.stderr).toBe(0)
    const logo = json(set).logo as { url: string; contentType: string; bytes: number }
    expect(logo).toMatchObject({ contentType: 'image/png', bytes: PNG.length })
    expect(logo.url).toMatch(/^\/logo\/news\/[0-9a-f]{16}\.png$/)

    const bad = await cli('campaign', 'logo', 'news', '--file', svg)
    expect(bad.code).toBe(1)
    expect(bad.stderr.trim()).toMatch(
      /^supportbar campaign logo: This is not a PNG, JPEG or WebP image .*\(invalid_logo\)$/,
    )
    const missing = await cli('campaign', 'logo', 'news', '--file', join(dir, 'nope.png'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot read')
    const neither = await cli('campaign', 'logo', 'news')
    expect(neither.code).toBe(2)
    expect(neither.stderr).toContain('give --file PATH or --remove')

    const removed = await cli('campaign', 'logo', 'news', '--remove')
    expect(removed.code, removed.stderr).toBe(0)
    expect(json(removed).logo).toBeNull()
  })

  it('prints each command its own --help with options and an example', async () => {
    for (const [args, words] of [
      [
        ['adjust', '--help'],
        [
          'Usage: supportbar adjust SLUG YYYY-MM AMOUNT',
          '--reason',
          '--minor',
          'Example:',
          'supportbar adjust news 2021-06 -5.00',
        ],
      ],
      [
        ['campaign', 'create', '-h'],
        ['Usage: supportbar campaign create', '--currency', '--donate-url', 'Example:'],
      ],
      [
        ['goal', 'set', '--help'],
        ['Usage: supportbar goal set', '--label', 'Example:'],
      ],
      [
        ['help', 'totals'],
        ['Usage: supportbar totals SLUG', '--month'],
      ],
    ] as const) {
      const r = await cli(...args)
      expect(r.code).toBe(0)
      for (const w of words) expect(r.stdout, args.join(' ')).toContain(w)
    }
    const general = await cli('--help')
    expect(general.stdout).toContain('campaign create')
    expect(general.stdout).toContain('--minor')
    // Every command's name stands apart from its summary, the longest ones too.
    expect(general.stdout).toMatch(/^ {2}campaign checkout {2,}Take gifts/m)
    const lines = general.stdout.split('\n').filter((l) => /^ {2}[a-z]/.test(l))
    expect(new Set(lines.map((l) => l.search(/ {2}[A-Z]/))).size).toBe(1)
  })

  it('says each mistake once, in words, with the right exit code', async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ['adjust', 'ghost', '2021-06', '5', '--reason', 'x'],
        1,
        /^supportbar adjust: No campaign with slug "ghost" \(not_found\)$/,
      ],
      [
        ['adjust', 'news', '2021-06', '5'],
        2,
        /^supportbar adjust: missing --reason\. Run supportbar adjust --help\.$/,
      ],
      [
        ['adjust', 'news', '2021-06', '5', '--reason', 'x', '--label', 'y'],
        2,
        /^supportbar adjust: Unknown option '--label'\. Run supportbar adjust --help\.$/,
      ],
      [['frobnicate'], 2, /^supportbar: unknown command "frobnicate"\. Run supportbar --help\.$/],
      [
        ['totals', 'news', '--month', '2021-13'],
        1,
        /^supportbar totals: Invalid query: month: must be a month/,
      ],
      [
        ['reconcile', '--payout', 'po_1', '--from', '2021-06-01T00:00:00Z'],
        2,
        /^supportbar reconcile: give --payout, or --from and --to, not both\. Run supportbar reconcile --help\.$/,
      ],
      [
        ['reconcile', '--from', '2021-06-01T00:00:00Z'],
        2,
        /^supportbar reconcile: missing --to\. Run supportbar reconcile --help\.$/,
      ],
      [
        ['reconcile', '--payout', 'po_1Q2w3E'],
        1,
        /^supportbar reconcile: Reconciliation needs STRIPE_SECRET_KEY \(unavailable\)$/,
      ],
    ]
    for (const [args, code, line] of cases) {
      const r = await cli(...args)
      expect(r.code, args.join(' ')).toBe(code)
      const lines = r.stderr.trim().split('\n')
      expect(lines, r.stderr).toHaveLength(1)
      expect(lines[0]).toMatch(line)
      expect(r.stdout).toBe('')
    }
  })
})
