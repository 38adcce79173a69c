import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

describe('supportbar demo', () => {
  it('starts a real bar a newcomer can open at once, and cleans up on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // Shown only if the test fails (vitest silent: passed-only).
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      console.error(chunk.toString().trimEnd())
    })
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = ''
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString()
          if (text.includes('Ctrl-C')) resolve(text)
        })
        child.once('exit', (code) => reject(new Error(`demo exited with ${code}: ${text}`)))
      })
      const progressUrl = /progress JSON\s+(\S+)/.exec(out)?.[1] as string
      expect(/embed \(iframe\)\s+(\S+)/.exec(out)?.[1]).toMatch(/\/embed\/demo$/)
      const token = /admin token \(this demo only\): (\S+)/.exec(out)?.[1] as string
      const file = /database (\S+)/.exec(out)?.[1] as string
      expect(existsSync(file)).toBe(true)

      const res = await fetch(progressUrl)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({
        slug: 'demo',
        // The current month, where the demo's own gifts below land too.
        month: new Date().toISOString().slice(0, 7),
        currency: 'USD',
        goal: 500000,
        pledged: 136000,
        donors: 4,
        // en-150 writes the symbol after the amount, kept together by a no-break space.
        formatted: { goal: '5,000\u00a0$', half: '2,500\u00a0$', pledged: '1,360\u00a0$' },
      })
      const embedUrl = /embed \(iframe\)\s+(\S+)/.exec(out)?.[1] as string
      const embed = await fetch(embedUrl)
      expect(embed.status).toBe(200)
      const html = await embed.text()
      expect(html).toMatch(/1,360\s\$/)
      const base = new URL(progressUrl).origin
      const csv = await fetch(`${base}/api/admin/campaigns/demo/months.csv`, {
        headers: { Authorization: `Bearer ${token}` },
      })
      const thisMonth = new Date().toISOString().slice(0, 7)
      expect(await csv.text()).toMatch(
        new RegExp(`${thisMonth},[A-Z]+ \\d{4},5000.00,1360.00,0.00,1360.00,USD,4,4,`),
      )

      // The whole gift without a Stripe account: donate page -> stand-in Checkout -> signed
      // events -> this month's bar.
      const give = await fetch(`${base}/donate/demo`, {
        method: 'POST',
        body: new URLSearchParams({ amount: '2500', interval: 'once' }),
        redirect: 'manual',
      })
      expect(give.status).toBe(303)
      const payUrl = give.headers.get('location') as string
      expect(payUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/cs_test_/)
      const payPage = await (await fetch(payUrl)).text()
      expect(payPage).toContain('DEMO')
      expect(payPage).toContain('$25.00')
      const paid = await fetch(payUrl, { method: 'POST', redirect: 'manual' })
      expect(paid.status).toBe(303)
      expect(paid.headers.get('location')).toMatch(
        new RegExp(`^${base}/donate/demo/thanks\\?session_id=cs_test_`),
      )
      const now = (await (await fetch(`${base}/api/campaigns/demo/progress`)).json()) as {
        pledged: number
        donors: number
        donateUrl: string
      }
      expect(now).toMatchObject({
        pledged: 136000 + 2500,
        donors: 5,
        donateUrl: `${base}/donate/demo`,
      })

      // A monthly gift, then the stand-in's "Simulate next month's renewal": the renewal counts
      // in the next month (the demo campaign's timezone is UTC), this month is unchanged.
      const monthly = await fetch(`${base}/donate/demo`, {
        method: 'POST',
        body: new URLSearchParams({ amount: '1500', interval: 'month' }),
        redirect: 'manual',
      })
      const subUrl = monthly.headers.get('location') as string
      expect((await fetch(subUrl, { method: 'POST', redirect: 'manual' })).status).toBe(303)
      const subPage = await (await fetch(subUrl)).text()
      expect(subPage).toContain('DEMO')
      expect(subPage).toContain('No renewal yet.')
      const month = new Date().toISOString().slice(0, 7)
      const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1))
        .toISOString()
        .slice(0, 7)
      const progress = async (m: string) =>
        (await (await fetch(`${base}/api/campaigns/demo/progress?month=${m}`)).json()) as {
          pledged: number
          donations: number
          recurring: { supporters: number; monthly: number }
        }
      const before = await progress(month)
      expect(before).toMatchObject({
        pledged: 136000 + 4000,
        donations: 6,
        recurring: { supporters: 1, monthly: 1500 },
      })
      expect(await progress(next)).toMatchObject({ pledged: 0, donations: 0 })
      const renew = await fetch(`${subUrl}/renew`, { method: 'POST', redirect: 'manual' })
      expect(renew.status).toBe(303)
      expect(await (await fetch(subUrl)).text()).toContain('Renewals simulated: 1.')
      expect(await progress(month)).toEqual(before)
      expect(await progress(next)).toMatchObject({ pledged: 1500, donations: 1 })
      // The stand-in lists its sessions, the monthly one with its renewal page.
      const list = await (await fetch(`${new URL(subUrl).origin}/`)).text()
      expect(list).toContain(new URL(subUrl).pathname)

      // Every signed event the stand-in sent was answered 2xx.
      expect(stderr).not.toContain('demo checkout:')

      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      expect(existsSync(file)).toBe(false)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 30_000)
})
