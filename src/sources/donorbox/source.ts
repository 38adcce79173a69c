import { mappedOk } from '../../stripe/incoming.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { VerifyError } from '../../stripe/verify.js'
import { parseJson } from '../fields.js'
import { checkHmacHex } from '../signatures.js'
import type { Source } from '../source.js'
import { mapDonorbox } from './map.js'

/** DONORBOX_WEBHOOK_SECRET's secrets (several during a rotation). */
export type DonorboxSettings = readonly string[]

/** How far from now a signature's timestamp may be, either way (as Stripe's). */
export const DONORBOX_TOLERANCE_S = 300

/**
 * Donorbox (`POST /webhooks/donorbox`): `Donorbox-Signature: <unix ts>,<hex>` where hex is the
 * HMAC-SHA256 of `ts + "." + raw body` (donorbox.zendesk.com/hc/en-us/articles/17982194843028);
 * a timestamp more than 300 s from now is refused. Donorbox's deliveries carry no event id: each
 * is stored as `donorbox:<donation id>:<refunded level>`, so the same state sent again is a
 * duplicate and a new refund level is a new event.
 */
export const donorbox: Source<DonorboxSettings> = {
  name: 'donorbox',
  label: 'Donorbox',
  settings: 'DONORBOX_WEBHOOK_SECRET',
  async verify({ raw, header }, secrets, now) {
    const sent = header('donorbox-signature')
    if (!sent) throw new VerifyError('missing_signature', 'No Donorbox-Signature header')
    const m = /^\s*(\d{1,12})\s*,\s*([0-9a-fA-F]+)\s*$/.exec(sent)
    if (!m) throw new VerifyError('invalid_signature', 'Donorbox-Signature is not <ts>,<hex>')
    const ts = Number(m[1])
    if (Math.abs(now.getTime() / 1000 - ts) > DONORBOX_TOLERANCE_S) {
      throw new VerifyError(
        'stale_timestamp',
        'Donorbox-Signature timestamp is more than 300 s from now',
      )
    }
    await checkHmacHex(`${m[1]}.${raw}`, m[2], secrets, 'Donorbox-Signature')
    return parseJson(raw, 'Signed Donorbox body')
  },
  incoming(body, _delivery, now) {
    const mapped = mapDonorbox(body)
    const paid = mapped.money.find((m) => m.kind === 'payment')
    if (!paid || !mappedOk(mapped))
      throw new MalformedEvent('Signed Donorbox body is not a donation')
    const refunded = mapped.money
      .filter((m) => m.kind === 'refund')
      .reduce((s, m) => s - m.amount, 0)
    return {
      id: `donorbox:${paid.sourceId}:r${refunded}`,
      type: refunded > 0 ? 'donation.refunded' : 'donation.created',
      created: Math.floor(now.getTime() / 1000),
      livemode: true,
      provider: 'donorbox',
      account: null,
      apiVersion: null,
      body,
      ...mapped,
    }
  },
}
