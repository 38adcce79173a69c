import type { Services } from '../deps.js'
import { RateLimiter } from '../donate/rate-limit.js'
import { donatePageUrl } from '../donate/urls.js'
import { toBase64url } from '../hash.js'
import { sealer } from '../mail/seal.js'
import { getCampaign } from '../store/campaigns.js'
import { queueMail } from '../store/outbox.js'
import { campaignStripeOptions } from '../stripe/account.js'
import { createPortalSession } from '../stripe/portal.js'
import { giftsService } from './gifts.js'
import { checkFormToken, checkLinkToken, formToken, type ManageKeys, manageKeys } from './keys.js'

/** What the manage pages use. */
export type ManageDeps = Pick<Services, 'store' | 'config' | 'log' | 'now' | 'stripe'>

/** A window in which one address of one campaign gets at most one link. */
const RECIPIENT_WINDOW_MS = 10 * 60_000
/** MANAGE_RATE_LIMIT counts requests per client address in this window. */
const CLIENT_WINDOW_MS = 3_600_000

/** Why managing gifts is off on this service (for the operator, in English), or null. */
export function manageOff(ctx: Pick<Services, 'stripe' | 'config'>): string | null {
  if (!ctx.stripe) return 'Managing gifts is off: the service has no STRIPE_SECRET_KEY'
  if (!ctx.config.mail) {
    return 'Managing gifts is off: e-mail is not set up (SMTP_URL or RESEND_API_KEY, MAIL_FROM, MAIL_KEY)'
  }
  if (!ctx.config.publicUrl) {
    return 'Managing gifts is off: PUBLIC_URL is not set, so e-mailed links could not lead back here'
  }
  return null
}

/**
 * One plain e-mail address, or null: letters, digits and RFC 5322's other atom characters before
 * the @, a dotted domain after it. No spaces, commas, quotes or angle brackets, so what reaches
 * the mail transport is one recipient, never a list or a display name.
 */
const EMAIL = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u

/** The address the form was given, trimmed, when it is one (Stripe is asked for exact matches). */
export function emailOf(text: string): string | null {
  const email = text.trim()
  return email.length <= 254 && EMAIL.test(email) ? email : null
}

export type PortalAnswer =
  | { ok: true; url: string }
  | { ok: false; reason: 'forged' | 'expired' | 'failed' }

/**
 * Managing a recurring gift: the e-mail form's anti-forgery tokens, queueing the link's e-mail
 * (the lookup happens when the outbox sends it: src/manage/compose.ts), and opening the
 * customer portal from a link. Only built where `manageOff` is null.
 */
export function manageService(ctx: ManageDeps) {
  const mail = ctx.config.mail
  if (!mail || !ctx.stripe || !ctx.config.publicUrl) throw new Error('managing gifts is off')
  const stripe = ctx.stripe
  const publicUrl = ctx.config.publicUrl
  const limiter = new RateLimiter(ctx.config.manageRateLimit, CLIENT_WINDOW_MS, () =>
    ctx.now().getTime(),
  )
  const seal = sealer(mail.key)
  let keys: Promise<ManageKeys> | undefined
  const keysOnce = () => {
    keys ??= manageKeys(mail.key)
    return keys
  }
  const nowS = () => Math.floor(ctx.now().getTime() / 1000)

  return {
    /** The page a link opens: the donor's gifts, and changing their amounts. */
    gifts: giftsService(ctx, stripe, keysOnce),
    /** A fresh cookie value for the form (32 random bytes). */
    newCookie: () => toBase64url(crypto.getRandomValues(new Uint8Array(32))),
    /** The hidden field that goes with a cookie. */
    formToken: async (cookie: string, slug: string) => formToken(await keysOnce(), cookie, slug),
    checkForm: async (cookie: string | undefined, sent: string, slug: string) =>
      checkFormToken(await keysOnce(), cookie, sent, slug),

    /**
     * Queues the e-mail with the links for `email`, whether or not it is a donor's: the same
     * work (seal, one insert) for every address, so the answer's content and timing tell
     * nothing. One row per address, campaign and ten minutes: asking again in that time sends
     * nothing more. Returns the seconds to wait when this client asked too often, else 0.
     */
    async request(slug: string, email: string, locale: string, client: string): Promise<number> {
      const wait = limiter.hit(client)
      if (wait > 0) return wait
      const now = ctx.now()
      const window = Math.floor(now.getTime() / RECIPIENT_WINDOW_MS)
      const who = await (await keysOnce()).recipient(`${email.toLowerCase()}\n${slug}\n${window}`)
      const id = `manage:${slug}:${who.slice(0, 32)}`
      await queueMail(
        ctx.store,
        {
          id,
          kind: 'manage',
          campaign: slug,
          address: await seal.seal(email, id),
          data: { locale },
        },
        now.toISOString(),
      )
      return 0
    },

    /** Opens the customer portal for a link's token: its URL, or why not. */
    async openPortal(slug: string, token: string): Promise<PortalAnswer> {
      const check = await checkLinkToken(await keysOnce(), slug, token, nowS())
      if (!check.ok) return check
      try {
        // The customer is on the campaign's Stripe account (Connect): its portal is made there.
        const stripeAccount = (await getCampaign(ctx.store, slug))?.stripeAccount ?? null
        const url = await createPortalSession(
          stripe,
          check.customer,
          donatePageUrl(publicUrl, slug),
          { ...campaignStripeOptions({ stripeAccount }), timeoutMs: ctx.config.checkoutTimeoutMs },
        )
        return { ok: true, url }
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err)
        ctx.log.warn('manage: customer portal session failed', { campaign: slug, error })
        return { ok: false, reason: 'failed' }
      }
    },
  }
}

export type ManageService = ReturnType<typeof manageService>
