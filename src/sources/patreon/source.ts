import { mappedOk } from '../../stripe/incoming.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { objectOf, parseJson } from '../fields.js'
import { checkHmacHex } from '../signatures.js'
import type { Source } from '../source.js'
import { mapPatreon, patreonOrigin } from './map.js'

/** PATREON_WEBHOOK_SECRET's secrets, and the campaign's currency (PATREON_CURRENCY). */
export interface PatreonSettings {
  secrets: readonly string[]
  currency: string
}

/**
 * Patreon (`POST /webhooks/patreon`): `X-Patreon-Signature` = hex HMAC-MD5 of the raw body under
 * the webhook's secret (Patreon/platform-documentation _webhooks_v2.md), no timestamp; the
 * trigger in `X-Patreon-Event`. Patreon's deliveries carry no event id: each is stored under the
 * state it reports (member, trigger, charge date and status, patron status, amount), so the
 * same state again is a duplicate.
 */
export const patreon: Source<PatreonSettings> = {
  name: 'patreon',
  label: 'Patreon',
  settings: 'PATREON_WEBHOOK_SECRET',
  async verify({ raw, header }, settings) {
    await checkHmacHex(
      raw,
      header('x-patreon-signature'),
      settings.secrets,
      'X-Patreon-Signature',
      'md5',
    )
    return parseJson(raw, 'Signed Patreon body')
  },
  incoming(body, { header }, now, settings) {
    const b = objectOf(body, 'Signed Patreon body')
    const trigger = (header('x-patreon-event') ?? '').slice(0, 60)
    const received = Math.floor(now.getTime() / 1000)
    const mapped = mapPatreon(b, trigger, received, settings.currency)
    if (!mappedOk(mapped)) throw new MalformedEvent(`Signed Patreon ${trigger} has not its shape`)
    const d = b.data as { id?: unknown; attributes?: Record<string, unknown> }
    const a = d.attributes ?? {}
    const state = [
      trigger,
      a.last_charge_date,
      a.last_charge_status,
      a.patron_status,
      a.currently_entitled_amount_cents,
    ]
      .map((v) => String(v ?? '').slice(0, 40))
      .join('|')
    return {
      id: `patreon:${String(d.id)}:${state}`.slice(0, 255),
      type: trigger || 'unknown',
      created: received,
      livemode: true,
      provider: 'patreon',
      account: null,
      apiVersion: null,
      body,
      origin: patreonOrigin(b),
      ...mapped,
    }
  },
}
