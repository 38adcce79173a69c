import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** `supportbar serve` as a real process, until it exits (or is stopped once listening). */
function serve(
  env: Record<string, string>,
  asNobody = false,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', HOME: tmpdir(), ...env },
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (stdout.includes('supportbar listening')) child.kill('SIGTERM')
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** One line in words, no stack trace. */
function expectOneLine(stderr: string, words: RegExp) {
  const lines = stderr.trim().split('\n')
  expect(lines, stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^supportbar: /)
  expect(lines[0]).toMatch(words)
  expect(stderr).not.toMatch(/\n\s+at /)
}

const root = process.getuid?.() === 0

describe('start-up problems: one clear line and a non-zero exit', () => {
  let dir: string
  let busy: Server
  let busyPort: number

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'supportbar-startup-'))
    chmodSync(dir, 0o755)
    busy = createServer().listen(0, '127.0.0.1')
    await new Promise((r) => busy.once('listening', r))
    busyPort = (busy.address() as { port: number }).port
  })
  afterAll(() => {
    busy?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('port in use; LOG_LEVEL=debug adds the stack', async () => {
    const env = { PORT: String(busyPort), DATABASE_URL: `file:${join(dir, 'port.db')}` }
    const r = await serve(env)
    expect(r.code).toBe(1)
    expectOneLine(r.stderr, new RegExp(`port ${busyPort} .*already in use.*set PORT`))
    const debug = await serve({ ...env, LOG_LEVEL: 'debug' })
    expect(debug.code).toBe(1)
    expect(debug.stderr).toMatch(/already in use/)
    expect(debug.stderr).toMatch(/\n\s+at /)
  })

  it('PostgreSQL unreachable, refusing the user, or without the database', async () => {
    const down = await serve({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/supportbar' })
    expect(down.code).toBe(1)
    expectOneLine(down.stderr, /PostgreSQL at 127\.0\.0\.1:1\/supportbar refused the connection/)
    const user = await serve({
      DATABASE_URL: 'postgres://no_such_role:secret@127.0.0.1:5432/postgres',
    })
    expect(user.code).toBe(1)
    expectOneLine(user.stderr, /refused the user no_such_role/)
    expect(user.stderr).not.toContain('secret')
    const db = await serve({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/no_such_db_x' })
    expect(db.code).toBe(1)
    expectOneLine(db.stderr, /"no_such_db_x" does not exist: create it/)
  })

  it('a read-only database file, and a folder where the file cannot be made', async () => {
    const ro = join(dir, 'ro')
    mkdirSync(ro)
    chmodSync(ro, 0o755)
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], {
      env: { ...process.env, DATABASE_URL: `file:${join(ro, 'a.db')}` },
    })
    expect(made.status).toBe(0)
    // Root may write anything: the server runs as nobody then; otherwise the file is made 0444.
    if (!root) {
      chmodSync(join(ro, 'a.db'), 0o444)
      chmodSync(ro, 0o555)
    }
    const file = await serve({ DATABASE_URL: `file:${join(ro, 'a.db')}` }, root)
    expect(file.code).toBe(1)
    expectOneLine(file.stderr, /the database file .*a\.db is read-only/)
    const fresh = await serve({ DATABASE_URL: `file:${join(ro, 'new.db')}` }, root)
    expect(fresh.code).toBe(1)
    expectOneLine(fresh.stderr, /cannot open the database file .*new\.db/)
    expect(existsSync(join(ro, 'new.db'))).toBe(false)
  })

  it('a missing folder is created and said; one that cannot be made is refused', async () => {
    const ok = await serve({ DATABASE_URL: `file:${join(dir, 'new', 'deeper', 'x.db')}` })
    expect(ok.stdout).toContain(`creating the folder ${join(dir, 'new', 'deeper')}`)
    expect(ok.stdout).toContain('supportbar listening')
    expect(existsSync(join(dir, 'new', 'deeper', 'x.db'))).toBe(true)
    const locked = join(dir, 'locked')
    mkdirSync(locked)
    chmodSync(locked, 0o555)
    const no = await serve({ DATABASE_URL: `file:${join(locked, 'sub', 'x.db')}` }, root)
    expect(no.code).toBe(1)
    expectOneLine(no.stderr, /cannot create the folder .*locked\/sub .*permission denied/)
  })

  it('a read-only file system', async (ctx) => {
    const mnt = join(dir, 'rofs')
    mkdirSync(mnt)
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', mnt])
    if (mounted.status !== 0) {
      ctx.skip(`mounting a read-only tmpfs needs privileges here: ${mounted.stderr}`)
    }
    try {
      const r = await serve({ DATABASE_URL: `file:${join(mnt, 'x.db')}` })
      expect(r.code).toBe(1)
      expectOneLine(r.stderr, /read-only|cannot open the database file/)
      const sub = await serve({ DATABASE_URL: `file:${join(mnt, 'sub', 'x.db')}` })
      expect(sub.code).toBe(1)
      expectOneLine(sub.stderr, /cannot create the folder .*\(the file system is read-only\)/)
    } finally {
      spawnSync('umount', [mnt])
    }
  })
})

describe('npm start', () => {
  /** `node scripts/start.mjs` (what npm start runs) until it answers; its stderr. */
  const start = () =>
    new Promise<{ stderr: string; status: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, PORT: '0', DATABASE_URL: 'file::memory:', LOG_LEVEL: 'error' },
      })
      let out = ''
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
      })
      child.stdout.on('data', async (d: Buffer) => {
        out += d.toString()
        const url = /"url":"([^"]+)"/.exec(out)?.[1]
        if (!url) return
        child.stdout.removeAllListeners('data')
        const res = await fetch(`${url}/healthz`)
        answered = res.status
        child.kill('SIGTERM')
      })
      let answered: number | undefined
      child.once('exit', (code) =>
        answered === undefined
          ? reject(new Error(`exited ${code}: ${stderr}`))
          : resolve({ stderr, status: answered }),
      )
    })

  it('builds only when a source is newer than the build', async () => {
    // The first start builds if this tree was never built (or changed since).
    expect((await start()).status).toBe(200)
    const again = await start()
    expect(again.status).toBe(200)
    expect(again.stderr).not.toContain('building')
  }, 120_000)
})
