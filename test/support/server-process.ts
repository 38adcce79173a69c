import { type ChildProcess, spawn } from 'node:child_process'

export interface ServerProcess {
  child: ChildProcess
  url: string
  fetch(path: string, init?: RequestInit): Promise<Response>
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>
}

/** Starts the real server (`supportbar serve`, the CLI entry) as a child process with this env. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Through the test's console, which vitest shows only when the test fails (silent: passed-only).
  child.stderr?.on('data', (chunk: Buffer) => console.error(chunk.toString().trimEnd()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /"url":"([^"]+)"/.exec(out)
      if (m?.[1]) {
        const url = m[1]
        resolve({
          child,
          url,
          fetch: (path, init) => fetch(`${url}${path}`, init),
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM')
            await exited
          },
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
}
