// Shared by the benchmarks: start a server script as a child process and wait for its URL.
import { type ChildProcess, spawn } from 'node:child_process'

export interface Child {
  child: ChildProcess
  url: string
}

/** Runs `script` under tsx (`src/cli.ts` gets `serve`) and resolves with the URL it logs. */
export function start(script: string, env: Record<string, string>): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, ...(script.endsWith('cli.ts') ? ['serve'] : [])],
    {
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /"url":"([^"]+)"/.exec(out)
      if (m?.[1]) resolve({ child, url: m[1] })
    })
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)))
  })
}

/** Stops a child and waits for it to be gone, so the next run has the CPU to itself. */
export function stop({ child }: Child): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.removeAllListeners('exit')
    child.once('exit', () => resolve())
    child.kill()
  })
}
