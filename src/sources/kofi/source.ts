import { mappedOk } from '../../stripe/incoming.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { idOf, objectOf, parseJson, unixOf } from '../fields.js'
import { checkToken } from '../signatures.js'
import type { Source } from '../source.js'
import { type KofiData, mapKofi } from './map.js'

/** KOFI_VERIFICATION_TOKEN's tokens (several during a change of token). */
export type KofiSettings = readonly string[]

/**
 * Ko-fi (`POST /webhooks/kofi`): application/x-www-form-urlencoded with one field `data`, a JSON
 * object whose `verification_token` is the page's token, sent as plain text; compared in
 * constant time. Stored as `kofi:<message_id>` (Ko-fi retries with the same message_id).
 */
export const kofi: Source<KofiSettings> = {
  name: 'kofi',
  label: 'Ko-fi',
  settings: 'KOFI_VERIFICATION_TOKEN',
  async verify({ raw }, tokens) {
    const data = new URLSearchParams(raw).get('data')
    if (data === null) throw new MalformedEvent('Ko-fi body has no form field data')
    const body = objectOf(parseJson(data, 'Ko-fi field data'), 'Ko-fi field data')
    await checkToken(body.verification_token, tokens, 'Ko-fi verification_token')
    return body
  },
  incoming(body) {
    const d = objectOf(body, 'Ko-fi data') as KofiData
    const message = idOf(d.message_id, 'Ko-fi message')
    const mapped = mapKofi(d)
    if (!mappedOk(mapped)) throw new MalformedEvent(`Ko-fi message ${message} has not its shape`)
    return {
      id: `kofi:${message}`,
      type: typeof d.type === 'string' ? `kofi.${d.type}`.slice(0, 100) : 'kofi.unknown',
      created: unixOf(d.timestamp, `Ko-fi message ${message}`),
      livemode: true,
      provider: 'kofi',
      account: null,
      apiVersion: null,
      body,
      ...mapped,
    }
  },
}
