// The baseline of bench/workers-read: a bare Worker answering the same bytes and header lines
// as the app (passed in the FIXTURES var by bench/workers-read.ts), with the same ETag/304 logic.
interface Fixture {
  body: string
  etag: string
  ok: string[]
  notModified: string[]
}

function headers(lines: string[]): Headers {
  const h = new Headers()
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i] as string
    h.append(
      name,
      name.toLowerCase() === 'x-request-id' ? crypto.randomUUID() : (lines[i + 1] as string),
    )
  }
  return h
}

export default {
  fetch(request: Request, env: { FIXTURES: string }): Response {
    const fixtures = JSON.parse(env.FIXTURES) as Record<string, Fixture>
    const url = new URL(request.url)
    const f = fixtures[url.pathname + url.search]
    if (!f) return new Response(null, { status: 404 })
    if (request.headers.get('if-none-match') === f.etag) {
      return new Response(null, { status: 304, headers: headers(f.notModified) })
    }
    return new Response(f.body, { status: 200, headers: headers(f.ok) })
  },
}
