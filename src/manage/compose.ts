import type Stripe from 'stripe'
import { formatMoney } from '../domain/money.js'
import type { Logger } from '../log.js'
import { manageMessage } from '../mail/render.js'
import type { Compose } from '../mail/sender.js'
import { getCampaign } from '../store/campaigns.js'
import type { Store } from '../store/store.js'
import { campaignStripeOptions } from '../stripe/account.js'
import { findDonorCustomers } from '../stripe/portal.js'
import { linkToken, type ManageKeys, manageKeys } from './keys.js'

export interface ManageComposerDeps {
  store: Store
  stripe: Stripe
  /** PUBLIC_URL: the links are absolute. */
  publicUrl: string | undefined
  mailKey: string
  clock?: () => Date
  log?: Logger
}

/** The display locale the donor asked in, kept in the row's data (no address there). */
function localeOf(data: string | null): string | undefined {
  try {
    const v = JSON.parse(data ?? 'null') as { locale?: unknown } | null
    return typeof v?.locale === 'string' ? v.locale : undefined
  } catch {
    return undefined
  }
}

/**
 * Composes a manage-link e-mail when the outbox sends it, not when the donor asks: the Stripe
 * lookup (customers with that address who give to the campaign by subscription) runs here, so
 * the form's answer cannot depend on it. No such customer: null, and the sender drops the row
 * and its address. Each customer found gets a link signed for one hour from now.
 */
export function manageComposer(deps: ManageComposerDeps): Compose {
  const clock = deps.clock ?? (() => new Date())
  const base = deps.publicUrl?.replace(/\/+$/, '')
  let keys: Promise<ManageKeys> | undefined
  return async (row, address) => {
    if (row.kind !== 'manage' || !base) return null
    const campaign = await getCampaign(deps.store, row.campaign)
    if (!campaign) return null
    const donors = await findDonorCustomers(
      deps.stripe,
      address,
      campaign,
      campaignStripeOptions(campaign),
    )
    if (donors.length === 0) return null
    keys ??= manageKeys(deps.mailKey)
    const k = await keys
    const nowS = Math.floor(clock().getTime() / 1000)
    const locale = localeOf(row.data) ?? row.locale
    const page = `${base}/manage/${encodeURIComponent(campaign.slug)}/gifts`
    const links = await Promise.all(
      donors.map(async (d) => ({
        url: `${page}?token=${encodeURIComponent(await linkToken(k, campaign.slug, d.customer, nowS))}`,
        // Several customers (a gift started twice): each link says which gifts it manages.
        detail:
          donors.length > 1
            ? d.gifts.map((g) => formatMoney(g.amount, g.currency, { locale })).join(', ')
            : undefined,
      })),
    )
    return manageMessage({ campaignName: campaign.name, locale, links })
  }
}
