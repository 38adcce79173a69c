import { mappedOk } from '../../stripe/incoming.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { idOf, objectOf, parseJson } from '../fields.js'
import { checkHmacHex } from '../signatures.js'
import type { Source } from '../source.js'
import { type BmcEnvelope, mapBmc } from './map.js'

/** BMC_WEBHOOK_SECRET's secrets (several during a rotation). */
export type BmcSettings = readonly string[]

/**
 * Buy Me a Coffee (`POST /webhooks/buymeacoffee`): `x-signature-sha256` = hex HMAC-SHA256 of the
 * raw body under the webhook's signing secret (help.buymeacoffee.com/en/articles/15743173), no
 * timestamp. Stored as `buymeacoffee:<event_id>`.
 */
export const bmc: Source<BmcSettings> = {
  name: 'buymeacoffee',
  label: 'Buy Me a Coffee',
  settings: 'BMC_WEBHOOK_SECRET',
  async verify({ raw, header }, secrets) {
    await checkHmacHex(raw, header('x-signature-sha256'), secrets, 'x-signature-sha256')
    return parseJson(raw, 'Signed Buy Me a Coffee body')
  },
  incoming(body) {
    const e = objectOf(body, 'Signed Buy Me a Coffee body') as BmcEnvelope
    const id = idOf(e.event_id, 'Signed Buy Me a Coffee event')
    if (
      typeof e.type !== 'string' ||
      typeof e.created !== 'number' ||
      !Number.isSafeInteger(e.created)
    ) {
      throw new MalformedEvent(`Signed Buy Me a Coffee event ${id} has no type or created`)
    }
    const mapped = mapBmc(e, e.created)
    if (!mappedOk(mapped))
      throw new MalformedEvent(`Signed Buy Me a Coffee event ${id} has not its shape`)
    return {
      // A test ("Send Test", live_mode false) apart from live events' ids.
      id: e.live_mode === true ? `buymeacoffee:${id}` : `buymeacoffee:test-${id}`,
      type: e.type.slice(0, 100),
      created: e.created,
      livemode: e.live_mode === true,
      provider: 'buymeacoffee',
      account: null,
      apiVersion: null,
      body,
      ...mapped,
    }
  },
}
