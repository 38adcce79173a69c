/** One server-sent event as the tests read it: a progress event, or a heartbeat ping. */
export interface SseEvent {
  kind: 'progress' | 'ping'
  data: string
}

/** Server-sent events of one stream, read as they arrive: progress events and heartbeat pings. */
export async function* sseEvents(res: Response): AsyncGenerator<SseEvent> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    let end = buffer.indexOf('\n\n')
    while (end >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      if (block.startsWith(': ping')) yield { kind: 'ping', data: '' }
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (/^event: progress$/m.test(block) && data) yield { kind: 'progress', data }
      end = buffer.indexOf('\n\n')
    }
  }
}
