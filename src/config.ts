import ipaddr from 'ipaddr.js'
import { z } from 'zod'
import { mailKeyBytes } from './mail/seal.js'

/** An admin token with the label the audit trail shows instead of the token itself. */
export interface AdminToken {
  label: string
  token: string
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** A comma list of secrets; undefined when none is given (the feature is off). */
const secretList = (v: string | undefined) => {
  const secrets = list(v)
  return secrets.length > 0 ? secrets : undefined
}

/** proxy-addr's keywords for address ranges, accepted in TRUSTED_PROXIES. */
const RANGE_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal'])

/** An address, a CIDR range (`10.0.0.0/8`) or a keyword, as proxy-addr's `compile` takes them. */
function isProxyRange(v: string): boolean {
  if (RANGE_KEYWORDS.has(v)) return true
  const [addr = '', bits, ...rest] = v.split('/')
  if (rest.length > 0 || !ipaddr.isValid(addr)) return false
  if (bits === undefined) return true
  const max = ipaddr.parse(addr).kind() === 'ipv4' ? 32 : 128
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max
}

const TOKEN_RE = /^[A-Za-z0-9._~+/-]+=*$/

const env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('file:./data/supportbar.db')
    .refine((v) => /^(file:.+|postgres(ql)?:\/\/.+|d1:.*)$/.test(v), {
      message: 'must be file:PATH (SQLite) or postgres://... (PostgreSQL)',
    }),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  ADMIN_TOKEN: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const tokens: AdminToken[] = []
      list(v).forEach((item, i) => {
        const colon = item.indexOf(':')
        const label = colon > 0 ? item.slice(0, colon) : `token${i + 1}`
        const token = colon > 0 ? item.slice(colon + 1) : item
        if (token.length < 16 || !TOKEN_RE.test(token)) {
          ctx.addIssue({
            code: 'custom',
            message: `token ${label} must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / -`,
          })
        }
        tokens.push({ label, token })
      })
      return tokens
    }),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const secrets = list(v)
      for (const s of secrets) {
        if (!s.startsWith('whsec_'))
          ctx.addIssue({ code: 'custom', message: 'must start with whsec_' })
      }
      return secrets
    }),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, 'must start with sk_test_, sk_live_, rk_test_ or rk_live_')
    .optional(),
  STRIPE_LIVEMODE: z.enum(['true', 'false']).optional(),
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  PAYPAL_CLIENT_ID: z.string().min(1).max(255).optional(),
  PAYPAL_CLIENT_SECRET: z.string().min(1).max(255).optional(),
  PAYPAL_WEBHOOK_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{1,50}$/, "must be the listener's Webhook ID (letters and digits)")
    .optional(),
  PAYPAL_API_URL: z.url({ protocol: /^https?$/ }).default('https://api-m.paypal.com'),
  // Receive-only sources (docs/sources.md): each a comma list (several during a rotation).
  GITHUB_WEBHOOK_SECRET: z.string().optional().transform(secretList),
  KOFI_VERIFICATION_TOKEN: z.string().optional().transform(secretList),
  BMC_WEBHOOK_SECRET: z.string().optional().transform(secretList),
  DONORBOX_WEBHOOK_SECRET: z.string().optional().transform(secretList),
  PATREON_WEBHOOK_SECRET: z.string().optional().transform(secretList),
  OPENCOLLECTIVE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENCOLLECTIVE_TOKEN: z.string().min(1).max(255).optional(),
  // The platforms' APIs, for the backfill and the hourly check (docs/sources.md, "Backfill").
  GITHUB_SPONSORS_TOKEN: z.string().min(1).max(255).optional(),
  GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.github.com/graphql'),
  GITHUB_SPONSORS_LOGIN: z
    .string()
    .regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/,
      'must be a GitHub login (an organization or user)',
    )
    .optional(),
  BMC_API_TOKEN: z.string().min(1).max(2000).optional(),
  BMC_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://developers.buymeacoffee.com/api/v1'),
  DONORBOX_API_USER: z.string().min(1).max(255).optional(),
  DONORBOX_API_KEY: z.string().min(1).max(255).optional(),
  DONORBOX_API_URL: z.url({ protocol: /^https?$/ }).default('https://donorbox.org'),
  PATREON_ACCESS_TOKEN: z.string().min(1).max(2000).optional(),
  PATREON_API_URL: z.url({ protocol: /^https?$/ }).default('https://www.patreon.com'),
  SOURCES_CHECK: z.enum(['off', 'hourly']).default('hourly'),
  PATREON_CURRENCY: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "must be the Patreon campaign's currency code (USD, EUR, ...)")
    .default('USD'),
  RECONCILE_SCHEDULE: z.enum(['off', 'daily']).optional(),
  CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(2000),
  METRICS_CAMPAIGNS: z.string().optional(),
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .default('*')
    .refine(
      (v) =>
        list(v).every((o) =>
          /^(?:\*|'self'|https?:\/\/(?:\*\.)?[a-z0-9.-]+(?::\d{1,5})?)$/i.test(o),
        ),
      "must be *, 'self' or a comma list of origins such as https://example.org or https://*.example.org",
    ),
  PUBLIC_URL: z.url().optional(),
  DONOR_HASH_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  CHECKOUT_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  CHECKOUT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  MANAGE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  CLIENT_IP_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as X-Forwarded-For')
    .optional(),
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined
      if (/^\d+$/.test(v)) return Number(v)
      const ranges = list(v)
      for (const r of ranges) {
        if (!isProxyRange(r)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${r}" is not a hop count, an address, a CIDR range or loopback/linklocal/uniquelocal`,
          })
        }
      }
      return ranges
    }),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be smtp://user:pass@host:port or smtps://...')
    .optional(),
  RESEND_API_KEY: z.string().min(8).optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
      'must be an address or Name <address>',
    )
    .optional(),
  MAIL_KEY: z
    .string()
    .refine((v) => mailKeyBytes(v) !== null, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  MAIL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5000),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(256),
  HTTP_MIN_BODY_RATE: z.coerce.number().int().min(0).max(1_000_000_000).default(1024),
  STREAM_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(16),
  STREAM_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  PNG_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  PNG_QUEUE: z.coerce.number().int().min(1).max(10_000).default(16),
  PNG_RENDERS_PER_ADDRESS: z.coerce.number().int().min(0).max(1_000_000).default(60),
})

/** The environment schema and, from it, the configuration the app reads (camelCase). */
const schema = env
  .superRefine((e, ctx) => {
    const paypal = [e.PAYPAL_CLIENT_ID, e.PAYPAL_CLIENT_SECRET, e.PAYPAL_WEBHOOK_ID]
    if (paypal.some((v) => v !== undefined) && paypal.some((v) => v === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['PAYPAL_WEBHOOK_ID'],
        message: 'PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID go together',
      })
    if (e.RECONCILE_SCHEDULE === 'daily' && !e.STRIPE_SECRET_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['RECONCILE_SCHEDULE'],
        message: 'daily needs STRIPE_SECRET_KEY',
      })
    if (!e.SMTP_URL && !e.RESEND_API_KEY) return
    // A key kept beside the ciphertext would protect nothing: the operator must give one.
    if (!e.MAIL_KEY)
      ctx.addIssue({ code: 'custom', path: ['MAIL_KEY'], message: 'is required to send e-mail' })
    if (!e.MAIL_FROM)
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required to send e-mail' })
  })
  .transform((e) => ({
    port: e.PORT,
    host: e.HOST,
    /** `file:PATH` for SQLite, `postgres://...` for PostgreSQL. */
    databaseUrl: e.DATABASE_URL,
    /** SQLite `synchronous`: NORMAL (fast, may lose the last commits on power loss) or FULL. */
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    adminTokens: e.ADMIN_TOKEN,
    stripeWebhookSecrets: e.STRIPE_WEBHOOK_SECRET,
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    /**
     * PayPal (PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_WEBHOOK_ID, PAYPAL_API_URL); undefined
     * unless all three are set: /webhooks/paypal answers 503 then. Live when the API is PayPal's.
     */
    paypal:
      e.PAYPAL_CLIENT_ID && e.PAYPAL_CLIENT_SECRET && e.PAYPAL_WEBHOOK_ID
        ? {
            clientId: e.PAYPAL_CLIENT_ID,
            clientSecret: e.PAYPAL_CLIENT_SECRET,
            webhookId: e.PAYPAL_WEBHOOK_ID,
            apiUrl: e.PAYPAL_API_URL.replace(/\/+$/, ''),
            livemode: /^https:\/\/api(-m)?\.paypal\.com$/.test(
              e.PAYPAL_API_URL.replace(/\/+$/, ''),
            ),
          }
        : undefined,
    /**
     * The receive-only sources' secrets, each a list (a rotation); undefined where unset: its
     * endpoint answers 503 then (docs/sources.md).
     */
    sources: {
      github: e.GITHUB_WEBHOOK_SECRET,
      kofi: e.KOFI_VERIFICATION_TOKEN,
      buymeacoffee: e.BMC_WEBHOOK_SECRET,
      donorbox: e.DONORBOX_WEBHOOK_SECRET,
      opencollective:
        e.OPENCOLLECTIVE_API_URL && e.OPENCOLLECTIVE_TOKEN
          ? { apiUrl: e.OPENCOLLECTIVE_API_URL, token: e.OPENCOLLECTIVE_TOKEN }
          : undefined,
      patreon: e.PATREON_WEBHOOK_SECRET
        ? { secrets: e.PATREON_WEBHOOK_SECRET, currency: e.PATREON_CURRENCY.toUpperCase() }
        : undefined,
    },
    /**
     * The platforms' APIs the backfill and the hourly check read (docs/sources.md, "Backfill");
     * each undefined without its token: its backfill answers 503 and the check skips it.
     */
    sourceApis: {
      github: e.GITHUB_SPONSORS_TOKEN
        ? {
            apiUrl: e.GITHUB_API_URL,
            token: e.GITHUB_SPONSORS_TOKEN,
            ...(e.GITHUB_SPONSORS_LOGIN ? { login: e.GITHUB_SPONSORS_LOGIN } : {}),
          }
        : undefined,
      buymeacoffee: e.BMC_API_TOKEN
        ? { apiUrl: e.BMC_API_URL.replace(/\/+$/, ''), token: e.BMC_API_TOKEN }
        : undefined,
      donorbox:
        e.DONORBOX_API_USER && e.DONORBOX_API_KEY
          ? {
              apiUrl: e.DONORBOX_API_URL.replace(/\/+$/, ''),
              user: e.DONORBOX_API_USER,
              key: e.DONORBOX_API_KEY,
            }
          : undefined,
      opencollective:
        e.OPENCOLLECTIVE_API_URL && e.OPENCOLLECTIVE_TOKEN
          ? { apiUrl: e.OPENCOLLECTIVE_API_URL, token: e.OPENCOLLECTIVE_TOKEN }
          : undefined,
      patreon: e.PATREON_ACCESS_TOKEN
        ? {
            apiUrl: e.PATREON_API_URL.replace(/\/+$/, ''),
            token: e.PATREON_ACCESS_TOKEN,
            currency: e.PATREON_CURRENCY.toUpperCase(),
          }
        : undefined,
    },
    /** The hourly check of the platforms' APIs (SOURCES_CHECK): on unless off. */
    sourcesCheck: e.SOURCES_CHECK,
    /** Base URL of Stripe's API (STRIPE_API_URL), for stripe-mock or a local fake; unset = Stripe. */
    stripeApiUrl: e.STRIPE_API_URL,
    /** The daily reconciliation (RECONCILE_SCHEDULE); unset: daily when a Stripe key is set. */
    reconcileSchedule: (e.RECONCILE_SCHEDULE ?? (e.STRIPE_SECRET_KEY ? 'daily' : 'off')) as
      | 'off'
      | 'daily',
    /**
     * The mode whose events count; the other mode's are recorded and ignored. STRIPE_LIVEMODE,
     * else the secret key's prefix (`sk_live_`/`rk_live_` live, `sk_test_`/`rk_test_` test);
     * undefined with neither: both count (the service warns at start and on the console).
     */
    stripeLivemode:
      e.STRIPE_LIVEMODE === undefined
        ? e.STRIPE_SECRET_KEY && /^(sk|rk)_live_/.test(e.STRIPE_SECRET_KEY)
          ? true
          : e.STRIPE_SECRET_KEY
            ? false
            : undefined
        : e.STRIPE_LIVEMODE === 'true',
    /** Where `stripeLivemode` comes from, for the console and the start-up warning. */
    stripeModeSource: (e.STRIPE_LIVEMODE !== undefined
      ? 'setting'
      : e.STRIPE_SECRET_KEY
        ? 'key'
        : 'none') as 'setting' | 'key' | 'none',
    /** Secret of the donor ids' keyed hash; when unset, generated once and kept in the database. */
    donorHashKey: e.DONOR_HASH_KEY,
    /** How long rendered bytes may be served from memory before the store is read again. */
    cacheTtlMs: e.CACHE_TTL_MS,
    /**
     * Campaigns with their own series on /metrics (METRICS_CAMPAIGNS, comma-separated slugs, or
     * `all`). Unset: every campaign while there are at most 20 live ones, else the default one.
     */
    metricsCampaigns: e.METRICS_CAMPAIGNS === undefined ? undefined : list(e.METRICS_CAMPAIGNS),
    /** Origins allowed to frame the embed page (CSP frame-ancestors); ['*'] allows any. */
    embedAllowedOrigins: list(e.EMBED_ALLOWED_ORIGINS),
    /** Public base URL, used in embed snippets and the OpenAPI document. */
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    /** Checkout Sessions one client may create per minute (CHECKOUT_RATE_LIMIT). */
    checkoutRateLimit: e.CHECKOUT_RATE_LIMIT,
    /** How long a Checkout Session create may take at Stripe before the reader sees a 502. */
    checkoutTimeoutMs: e.CHECKOUT_TIMEOUT_MS,
    /** Manage-link requests one client may send per hour (MANAGE_RATE_LIMIT). */
    manageRateLimit: e.MANAGE_RATE_LIMIT,
    /**
     * Header a trusted proxy puts the client's address in (X-Forwarded-For, walked from the
     * right past trusted proxies; CF-Connecting-IP on Workers). Unset: X-Forwarded-For when
     * TRUSTED_PROXIES is set, else the socket's address (src/http/client-address.ts).
     */
    clientIpHeader: e.CLIENT_IP_HEADER?.toLowerCase(),
    /**
     * Proxies whose forwarding header is believed (TRUSTED_PROXIES): a hop count (every
     * connection comes through exactly that many), or addresses, CIDR ranges and keywords.
     */
    trustedProxies: e.TRUSTED_PROXIES,
    /** Live streams one client may hold open at once (then 429). */
    streamMaxPerAddress: e.STREAM_MAX_PER_ADDRESS,
    /**
     * Least time between two progress events of one live stream (0: every change at once):
     * with thousands of streams, a frame per stream per commit was most of an instance's CPU.
     */
    streamMinIntervalMs: e.STREAM_MIN_INTERVAL_MS,
    /**
     * PNGs: rasterising threads and the renderings that may wait for one (then 503), Node only;
     * renderings one client may cause a minute by missing the cache (then 429; 0: no limit).
     */
    png: {
      threads: e.PNG_THREADS,
      queue: e.PNG_QUEUE,
      rendersPerAddress: e.PNG_RENDERS_PER_ADDRESS,
    },
    /** Node only: limits on slow or too many clients (docs/operations.md, Limits). */
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      // Node requires the whole request's limit to be at least the headers' one.
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_MS, e.HTTP_HEADERS_TIMEOUT_MS),
      maxConnections: e.HTTP_MAX_CONNECTIONS,
      /** Open connections one address may hold (not applied to trusted proxies). */
      maxConnectionsPerAddress: e.HTTP_MAX_CONNECTIONS_PER_ADDRESS,
      /** Bytes a second a request body must average after its first 2 s (0: no minimum). */
      minBodyRate: e.HTTP_MIN_BODY_RATE,
    },
    /**
     * Thank-you and manage-link e-mails: SMTP (SMTP_URL, Node) or Resend's HTTP API
     * (RESEND_API_KEY, Workers); unset = no e-mail, and no address is captured.
     */
    mail:
      (e.SMTP_URL || e.RESEND_API_KEY) && e.MAIL_KEY && e.MAIL_FROM
        ? {
            smtpUrl: e.SMTP_URL,
            resendApiKey: e.RESEND_API_KEY,
            from: e.MAIL_FROM,
            key: e.MAIL_KEY,
            intervalMs: e.MAIL_INTERVAL_MS,
          }
        : undefined,
  }))

/** The configuration, as derived from the environment schema. */
export type Config = z.output<typeof schema>

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** The README's example token: fine to try the service on a laptop, never anywhere else. */
export const EXAMPLE_TOKEN = 'change-me-to-a-long-secret'

/** A token easy to guess: the README's example, under 24 characters, or under 12 distinct ones. */
export function isWeakToken(token: string): boolean {
  return token === EXAMPLE_TOKEN || token.length < 24 || new Set(token).size < 12
}

/** Whether HOST is a loopback address (only this machine can connect). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

/**
 * Weak admin tokens are accepted only where the service listens on a loopback address; this
 * is the one line that says which ones are weak and how to make a strong one (or undefined).
 */
export function weakTokenProblem(tokens: readonly AdminToken[]): string | undefined {
  const weak = tokens.filter((t) => isWeakToken(t.token)).map((t) => t.label)
  if (weak.length === 0) return undefined
  return `ADMIN_TOKEN ${weak.join(', ')} is easy to guess (the README's example, under 24 characters, or under 12 distinct characters): make one with \`openssl rand -base64 32\``
}

/**
 * Parses configuration from a record (process.env, or a Worker's env), once, and reports every
 * problem together. Empty strings count as unset, as most shells and dashboards produce them.
 */
export function parseConfig(record: Record<string, unknown>): Config {
  const cleaned: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === 'string' && v.trim() !== '') cleaned[k] = v.trim()
  }
  const result = schema.safeParse(cleaned)
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`),
    )
  }
  return result.data
}
