import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

/** Whether each request's ServerResponse had fast properties (test/support/http-shape-probe.ts). */
async function probe(kind: 'app' | 'bare'): Promise<boolean[]> {
  const { stdout } = await run(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--expose-gc',
      '--import',
      'tsx',
      'test/support/http-shape-probe.ts',
      kind,
    ],
    { timeout: 60_000 },
  )
  const last = stdout.trim().split('\n').at(-1) ?? ''
  return (JSON.parse(last) as { fast: boolean[] }).fast
}

describe("node's response objects keep their shape (src/node/prime-shapes.ts)", () => {
  it('a bare node:http server that idles after six answers builds later responses as dictionaries', async () => {
    // The trap the server avoids: if this stops failing on a newer Node, the priming may go.
    const fast = await probe('bare')
    expect(fast).toHaveLength(10)
    expect(fast.slice(0, 6)).toEqual([true, true, true, true, true, true])
    expect(fast.slice(6)).toEqual([false, false, false, false])
  }, 90_000)

  it('the server builds every response with fast properties, before and after the GC', async () => {
    const fast = await probe('app')
    expect(fast).toEqual(Array(10).fill(true))
  }, 90_000)
})
