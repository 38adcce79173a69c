import type Stripe from 'stripe'
import { type AmountInput, parseAmount } from '../domain/amount-input.js'
import type { CheckoutSettings } from '../domain/checkout.js'
import { hmacSha256 } from '../hash.js'
import { type Campaign, getCampaign } from '../store/campaigns.js'
import { campaignStripeOptions } from '../stripe/account.js'
import { changeGiftAmount, listCampaignGifts, type ManagedGift } from '../stripe/gifts.js'
import { checkLinkToken, type ManageKeys } from './keys.js'
import type { ManageDeps } from './service.js'

/** A link's gifts: the campaign and the customer's active gifts to it, or why not. */
export type GiftsAnswer =
  | { ok: true; campaign: Campaign; gifts: ManagedGift[] }
  | { ok: false; reason: 'forged' | 'expired' | 'failed' }

/** What the donor asked for: a preset's minor units, or an amount typed in (`other`). */
export interface AmountAsked {
  /** The chosen radio: minor units of a preset, `other`, or empty. */
  choice: string
  custom: string
}

/** Why a new amount was not taken, as the page words it. */
export type AmountProblem =
  | { kind: 'format'; examples: string[] }
  | { kind: 'bounds' }
  | { kind: 'notYours' }
  | { kind: 'failed' }

/**
 * Reads the new amount of a gift (pure): a preset's minor units as posted, or the typed amount
 * by the one amount rule (src/domain/amount-input.ts) for the page's locale, then the campaign's
 * bounds (checkout `min` and `max`).
 */
export function readNewAmount(
  asked: AmountAsked,
  currency: string,
  locale: string,
  bounds: Pick<CheckoutSettings, 'min' | 'max'>,
):
  | { ok: true; minor: number }
  | ({ ok: false } & Exclude<AmountProblem, { kind: 'notYours' | 'failed' }>) {
  const typed = asked.choice === 'other' || (asked.choice === '' && asked.custom.trim() !== '')
  const r: AmountInput = typed
    ? parseAmount(asked.custom, currency, locale)
    : /^\d{1,12}$/.test(asked.choice)
      ? { ok: true, minor: Number(asked.choice) }
      : { ok: false, reason: 'invalid', examples: [] }
  if (!r.ok) {
    return r.reason === 'invalid'
      ? { ok: false, kind: 'bounds' }
      : { ok: false, kind: 'format', examples: r.examples }
  }
  if (r.minor < bounds.min || r.minor > bounds.max) return { ok: false, kind: 'bounds' }
  return { ok: true, minor: r.minor }
}

/**
 * The manage page's gifts: every action checks the link's token first (its MAC, then its hour),
 * and only the token's customer's active gifts to the token's campaign, as Stripe lists them
 * now, can be changed.
 */
export function giftsService(ctx: ManageDeps, stripe: Stripe, keys: () => Promise<ManageKeys>) {
  const nowS = () => Math.floor(ctx.now().getTime() / 1000)
  const timeoutMs = ctx.config.checkoutTimeoutMs

  async function open(slug: string, token: string): Promise<GiftsAnswer> {
    const check = await checkLinkToken(await keys(), slug, token, nowS())
    if (!check.ok) return check
    const campaign = await getCampaign(ctx.store, slug)
    if (!campaign) return { ok: false, reason: 'forged' }
    try {
      const gifts = await listCampaignGifts(stripe, check.customer, campaign, {
        ...campaignStripeOptions(campaign),
        timeoutMs,
      })
      return { ok: true, campaign, gifts }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      ctx.log.warn('manage: listing gifts failed', { campaign: slug, error })
      return { ok: false, reason: 'failed' }
    }
  }

  /**
   * A new amount for gift `id` from its next payment on. The Idempotency-Key names the gift,
   * its current price and the new amount: the same form sent twice makes one change, and a later
   * change back to an earlier amount is a new request.
   */
  async function change(
    found: Extract<GiftsAnswer, { ok: true }>,
    id: string,
    amount: number,
  ): Promise<{ ok: true; gift: ManagedGift } | { ok: false; problem: AmountProblem }> {
    const gift = found.gifts.find((g) => g.id === id)
    if (!gift) return { ok: false, problem: { kind: 'notYours' } }
    const mac = await hmacSha256('supportbar/manage-amount/v1', 'base64url')
    const key = `manage-amount-${(await mac(`${gift.id}\n${gift.item}\n${gift.price}\n${amount}`)).slice(0, 32)}`
    try {
      const changed = await changeGiftAmount(stripe, gift, amount, {
        ...campaignStripeOptions(found.campaign),
        timeoutMs,
        idempotencyKey: key,
      })
      return { ok: true, gift: changed ?? { ...gift, amount } }
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err)
      ctx.log.warn('manage: changing an amount failed', { campaign: found.campaign.slug, error })
      return { ok: false, problem: { kind: 'failed' } }
    }
  }

  return { open, change }
}
