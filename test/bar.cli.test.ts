import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'supportbar-cli-bar-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('supportbar campaign bar', () => {
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: `file:${join(dir, 'cli.db')}` },
    })

  it("sets and clears the bar's button label and tagline through the admin API", async () => {
    await cli('migrate')
    await cli(
      'campaign',
      'create',
      '--slug',
      'news',
      '--name',
      'News',
      '--currency',
      'EUR',
      '--goal',
      '5000',
    )
    const set = await cli('campaign', 'bar', 'news', '--button', 'Give', '--tagline', 'Daily')
    expect(JSON.parse(set.stdout).bar).toEqual({ buttonLabel: 'Give', tagline: 'Daily' })
    const cleared = await cli('campaign', 'bar', 'news', '--tagline', '')
    expect(JSON.parse(cleared.stdout).bar).toEqual({ buttonLabel: 'Give' })
    // The API's own check refuses a second line, and the CLI says so with a failing exit.
    await expect(cli('campaign', 'bar', 'news', '--tagline', 'a\nb')).rejects.toMatchObject({
      stderr: expect.stringContaining('one line'),
    })
    await expect(cli('campaign', 'bar', 'news')).rejects.toMatchObject({
      stderr: expect.stringContaining('--button'),
    })
  }, 90_000)

  it('turns checkout on and sets its amounts (major units) through the admin API', async () => {
    const on = await cli(
      'campaign',
      'checkout',
      'news',
      '--on',
      '--presets',
      '10,20',
      '--monthly',
      'no',
    )
    expect(JSON.parse(on.stdout).checkout).toEqual({
      enabled: true,
      presets: [1000, 2000],
      presetsByInterval: {},
      min: 50,
      max: 99999999,
      allowMonthly: false,
      allowYearly: false,
      defaultInterval: 'once',
      feeCover: { enabled: false, rateBps: 0, fixed: 0 },
    })
    // Under Stripe's minimum charge for EUR: the API refuses it and the CLI fails.
    await expect(cli('campaign', 'checkout', 'news', '--min', '0.10')).rejects.toMatchObject({
      stderr: expect.stringContaining('at least 50'),
    })
    await expect(cli('campaign', 'checkout', 'news')).rejects.toMatchObject({
      stderr: expect.stringContaining('--on'),
    })
  }, 90_000)
})
