// The load side of bench/burst.ts: requests over node:http with a deadline each (a request
// that never settles cannot hold the bench), and live streams whose frames are tallied without
// keeping them (2,000 streams × every change would be millions of frames).
import { Agent, request } from 'node:http'

/** How one request ended: its HTTP status, 0 for an error, -1 for no answer by its deadline. */
export interface Answer {
  status: number
  /** From the moment it was asked for (waiting for a connection included) to its last byte, ms. */
  ms: number
  /** From the moment it went out on a connection to its last byte, ms (absent: never sent). */
  sent?: number
  /** When it ended (performance.now()). */
  at: number
}

/**
 * Sends one request on `agent` and resolves (never rejects) with how it ended; past
 * `timeoutMs` from the send it is destroyed and counted as unanswered.
 */
type Post = { body: string; headers: Record<string, string> }

export function send(
  agent: Agent,
  url: string,
  path: string,
  timeoutMs: number,
  post?: Post,
): Promise<Answer> {
  const t0 = performance.now()
  return new Promise((resolve) => {
    let done = false
    const end = (status: number) => {
      if (done) return
      done = true
      clearTimeout(timer)
      const at = performance.now()
      resolve({ status, ms: at - t0, sent: at - t0, at })
    }
    const req = request(
      `${url}${path}`,
      { agent, method: post ? 'POST' : 'GET', headers: post?.headers },
      (res) => {
        res.on('data', () => {})
        res.on('end', () => end(res.statusCode ?? 0))
        res.on('error', () => end(0))
      },
    )
    const timer = setTimeout(() => {
      end(-1)
      req.destroy()
    }, timeoutMs)
    req.on('error', () => end(0))
    req.end(post?.body)
  })
}

/**
 * Requests to one instance over at most `sockets` keep-alive connections, the rest waiting in
 * a queue of the bench's own (node's agent queue costs O(n) per removal, which at 100,000
 * waiting requests stalls the bench for seconds). A request that has waited half its deadline
 * is never sent and ends with status -2; its time counts from when it was asked for.
 */
export class Lane {
  readonly #agent: Agent
  readonly #waiting: { t0: number; path: string; post?: Post; resolve: (a: Answer) => void }[] = []
  #head = 0
  #active = 0

  constructor(
    private readonly url: string,
    private readonly sockets: number,
    private readonly timeoutMs: number,
  ) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets })
  }

  /** Requests waiting for a connection. */
  get queued(): number {
    return this.#waiting.length - this.#head
  }

  submit(path: string, post?: Post): Promise<Answer> {
    return new Promise((resolve) => {
      this.#waiting.push({ t0: performance.now(), path, resolve, ...(post ? { post } : {}) })
      this.#pump()
    })
  }

  /** Starts waiting requests while connections are free; those past their deadline end -2. */
  #pump() {
    while (this.#active < this.sockets && this.#head < this.#waiting.length) {
      const job = this.#waiting[this.#head++]
      if (this.#head > 4096 && this.#head * 2 > this.#waiting.length) {
        this.#waiting.splice(0, this.#head)
        this.#head = 0
      }
      if (!job) continue
      const now = performance.now()
      const left = this.timeoutMs - (now - job.t0)
      // Sent only with at least half its deadline left: past that a FIFO queue longer than the
      // deadline would send nothing but requests too late to be answered in time, and the
      // instances' work would count for nothing.
      if (left < this.timeoutMs / 2) {
        job.resolve({ status: -2, ms: now - job.t0, at: now })
        continue
      }
      this.#active++
      void send(this.#agent, this.url, job.path, left, job.post).then((a) => {
        this.#active--
        job.resolve({ ...a, ms: a.at - job.t0 })
        this.#pump()
      })
    }
  }

  close() {
    this.#agent.destroy()
  }
}

/**
 * The live streams of one instance, tallied: for each donation count n, when a frame showing
 * at least n first arrived on any of its streams (`first[n]`), and the same for a few sampled
 * streams (`sampled[k][n]`), which tells what one viewer waits, not only the quickest.
 */
export class StreamTally {
  readonly first: number[] = []
  readonly sampled: number[][] = []
  open = 0
  refused = 0
  failed = 0
  ended = 0
  frames = 0
  readonly #requests = new Set<ReturnType<typeof request>>()

  /** Opens one stream; resolves once it is open (200), refused or failed; never rejects. */
  openStream(url: string, path: string, sample: boolean, timeoutMs: number): Promise<void> {
    const seen = sample ? this.sampled[this.sampled.push([]) - 1] : undefined
    return new Promise((resolve) => {
      let settled = false
      const settle = (outcome: 'open' | 'refused' | 'failed') => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        this[outcome]++
        resolve()
      }
      const req = request(`${url}${path}`, { agent: false }, (res) => {
        if (res.statusCode !== 200) {
          res.resume()
          settle('refused')
          return
        }
        settle('open')
        res.setEncoding('utf8')
        let buf = ''
        res.on('data', (chunk: string) => {
          // Only whole events (ended by a blank line) are read; the rest waits for more.
          buf += chunk
          const cut = buf.lastIndexOf('\n\n')
          if (cut < 0) return
          const whole = buf.slice(0, cut)
          buf = buf.slice(cut + 2)
          // A progress frame's own count is the top-level one, followed by "donors" (bySource
          // holds a "donations" of each source too).
          for (const m of whole.matchAll(/"donations":(\d+),"donors"/g)) {
            this.frames++
            this.#note(Number(m[1]), seen)
          }
        })
        res.on('end', () => this.ended++)
        res.on('error', () => {})
      })
      this.#requests.add(req)
      const timer = setTimeout(() => {
        settle('failed')
        req.destroy()
      }, timeoutMs)
      req.on('error', () => settle('failed'))
      req.on('close', () => this.#requests.delete(req))
      req.end()
    })
  }

  #note(donations: number, seen: number[] | undefined) {
    const now = performance.now()
    while (this.first.length <= donations) this.first.push(now)
    if (seen) while (seen.length <= donations) seen.push(now)
  }

  /** The highest donation count any stream has shown (-1 before the first frame). */
  get shown(): number {
    return this.first.length - 1
  }

  closeAll() {
    for (const req of this.#requests) req.destroy()
  }
}
