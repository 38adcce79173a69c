import type { Services } from '../deps.js'
import { campaignStripeOptions } from '../stripe/account.js'
import { readSession, retrieveSession, SESSION_ID } from '../stripe/checkout-read.js'
import type { ThanksOutcome } from './thanks-page.js'

export type ThanksDeps = Pick<Services, 'stripe' | 'config' | 'log'>

/**
 * What the thank-you page says for `sessionId` (Stripe's `{CHECKOUT_SESSION_ID}` in the success
 * URL), and its status: the session is read from Stripe on the server, on the campaign's
 * account, and must be this campaign's and completed. Nothing else in the query is read: an
 * amount there is never shown. `manageUrl` is linked for a monthly or yearly gift.
 */
export async function thanksFor(
  ctx: ThanksDeps,
  campaign: { slug: string; stripeAccount: string | null },
  sessionId: string | undefined,
  manageUrl: string | null,
): Promise<{ status: number; outcome: ThanksOutcome }> {
  const { slug } = campaign
  const error = (status: number, key: 'notFound' | 'unpaid' | 'lookupFailed') => ({
    status,
    outcome: { kind: 'error', key } as const,
  })
  if (sessionId === undefined || !SESSION_ID.test(sessionId)) return error(400, 'notFound')
  if (!ctx.stripe) return error(503, 'lookupFailed')
  let session: Awaited<ReturnType<typeof retrieveSession>>
  try {
    session = await retrieveSession(ctx.stripe, sessionId, {
      ...campaignStripeOptions(campaign),
      timeoutMs: ctx.config.checkoutTimeoutMs,
    })
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    ctx.log.warn('thank-you page: session lookup failed', { campaign: slug, error: message })
    return error(502, 'lookupFailed')
  }
  const reading = session ? readSession(session, slug) : ({ kind: 'not_found' } as const)
  if (reading.kind === 'not_found') return error(404, 'notFound')
  if (reading.kind === 'unpaid') return error(400, 'unpaid')
  const recurring = reading.gift.interval !== 'once'
  return {
    status: 200,
    outcome: { kind: 'gift', gift: reading.gift, manageUrl: recurring ? manageUrl : null },
  }
}
