import { mappedOk } from '../../stripe/incoming.js'
import { MalformedEvent } from '../../stripe/incoming-error.js'
import { VerifyError } from '../../stripe/verify.js'
import { idOrNull, objectOf, parseJson } from '../fields.js'
import { checkHmacHex } from '../signatures.js'
import type { Source } from '../source.js'
import { mapSponsorship } from './map.js'

/** GITHUB_WEBHOOK_SECRET's secrets (several during a rotation). */
export type GithubSettings = readonly string[]

/**
 * GitHub Sponsors (`POST /webhooks/github`): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of
 * the raw body>` (docs.github.com, validating webhook deliveries), no timestamp; stored as
 * `github:<X-GitHub-Delivery>`. The `ping` GitHub sends when the webhook is made is kept as
 * ignored, as is every event but `sponsorship`.
 */
export const github: Source<GithubSettings> = {
  name: 'github',
  label: 'GitHub Sponsors',
  settings: 'GITHUB_WEBHOOK_SECRET',
  async verify({ raw, header }, secrets) {
    const sent = header('x-hub-signature-256')
    if (sent !== undefined && !sent.startsWith('sha256=')) {
      throw new VerifyError('invalid_signature', 'X-Hub-Signature-256 is not sha256=<hex>')
    }
    await checkHmacHex(raw, sent?.slice(7), secrets, 'X-Hub-Signature-256')
    return parseJson(raw, 'Signed GitHub body')
  },
  incoming(body, { header }, now) {
    const b = objectOf(body, 'Signed GitHub body')
    const delivery = idOrNull(header('x-github-delivery'))
    const name = header('x-github-event') ?? ''
    if (!delivery) throw new MalformedEvent('Signed GitHub body has no X-GitHub-Delivery')
    const received = Math.floor(now.getTime() / 1000)
    const type =
      name === 'sponsorship' && typeof b.action === 'string'
        ? `sponsorship.${b.action}`
        : name || 'unknown'
    const mapped = name === 'sponsorship' ? mapSponsorship(b, received) : { money: [], facts: [] }
    if (!mappedOk(mapped)) throw new MalformedEvent(`Signed GitHub ${type} has not its shape`)
    return {
      id: `github:${delivery}`,
      type: type.slice(0, 100),
      created: received,
      livemode: true,
      provider: 'github',
      account: null,
      apiVersion: null,
      body,
      ...mapped,
    }
  },
}
