/**
 * Structured JSON logs, one object per line, with no secrets: every string goes through
 * `redact`, which masks bearer tokens, Stripe keys, webhook secrets and signatures, and emails.
 * No Node-only module: the same logger runs on Workers (console is the sink there too).
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFields = Record<string, unknown>

export interface Logger {
  readonly level: LogLevel
  /** True if a line at `level` would be written: skip building fields that would be dropped. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=:-]+/gi, '$1 [redacted]'],
  [/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]+/g, '$1_$2_[redacted]'],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, 'whsec_[redacted]'],
  // A Stripe-Signature header value: t=...,v1=...,v0=...
  [/\bv[01]=[0-9a-f]{16,}/gi, 'v1=[redacted]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
]

/** Masks secrets and emails in a string. */
export function redact(text: string): string {
  let out = text
  for (const [re, by] of SECRET_PATTERNS) out = out.replace(re, by)
  return out
}

const SECRET_KEYS = /^(authorization|token|secret|password|signature|stripe-signature|email)$/i

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value)
  if (value === null || typeof value !== 'object' || depth > 4) return value
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : clean(v, depth + 1)
  }
  return out
}

/** Where log lines go: by default console (stdout for debug/info, stderr for warn/error). */
export type LogSink = (level: Exclude<LogLevel, 'silent'>, line: string) => void

export const consoleSink: LogSink = (level, line) => {
  if (level === 'warn' || level === 'error') console.error(line)
  else console.log(line)
}

/** A logger that writes lines at `level` and above; `now` stamps them. */
export function createLogger(
  level: LogLevel,
  sink: LogSink = consoleSink,
  now: () => Date = () => new Date(),
): Logger {
  const min = RANK[level]
  const write =
    (l: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: LogFields = {}) => {
      if (RANK[l] < min) return
      const entry = clean({ time: now().toISOString(), level: l, msg, ...fields })
      sink(l, JSON.stringify(entry))
    }
  return {
    level,
    enabled: (l) => RANK[l] >= min,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  }
}
