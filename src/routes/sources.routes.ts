import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv, Services } from '../deps.js'
import { errorAnswer } from '../errors.js'
import { jsonAnswer, toResponse } from '../http/answer.js'
import { OPEN_SECURE_HEADERS } from '../http/header-sets.js'
import { platformOf } from '../http/platform.js'
import { readRawBody } from '../http/raw-body.js'
import { SOURCE_PATHS } from '../sources/registry.js'
import type { SourceName } from '../sources/source.js'
import { WEBHOOK_BODY_LIMIT } from '../stripe/receive.js'
import { errorResponse, jsonContent } from './schemas.js'
import { validationHook } from './validation.js'
import { WebhookReceipt } from './webhooks.routes.js'

/** What the OpenAPI document says of each source's endpoint (docs/sources.md). */
const DOCS: Record<
  SourceName,
  {
    operationId: string
    summary: string
    description: string
    headers: z.ZodObject
    media: string
    proof: string
  }
> = {
  github: {
    operationId: 'receiveGithubEvent',
    summary: 'GitHub Sponsors webhook endpoint (signed with GITHUB_WEBHOOK_SECRET)',
    description:
      "`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. Events are stored as `github:<X-GitHub-Delivery>`; `sponsorship` created and tier_changed count one synthetic charge per sponsor and month (`github:payment:<node_id>:<YYYY-MM>`; one-time tiers `github:payment:<node_id>`), cancelled ends its monthly state; `ping` and every other event are kept as ignored. GitHub's money is marked unverified (`bySource.github.verified` false): it sends no renewal or refund.",
    headers: z.object({
      'x-hub-signature-256': z.string().openapi({ example: 'sha256=…' }),
      'x-github-event': z.string().openapi({ example: 'sponsorship' }),
      'x-github-delivery': z.string().openapi({ example: '72d3162e-cc78-11e3-81ab-4c9367dc0958' }),
    }),
    media: 'application/json',
    proof: 'a missing or wrong X-Hub-Signature-256',
  },
  kofi: {
    operationId: 'receiveKofiEvent',
    summary: "Ko-fi webhook endpoint (the page's KOFI_VERIFICATION_TOKEN)",
    description:
      "Form field `data`: Ko-fi's JSON, whose `verification_token` must equal KOFI_VERIFICATION_TOKEN (compared in constant time). Stored as `kofi:<message_id>`; each Donation, Subscription, Commission or Shop Order is `kofi:payment:<kofi_transaction_id>`. Ko-fi sends no refund and has no API: its money is marked unverified (`bySource.kofi.verified` false).",
    headers: z.object({}),
    media: 'application/x-www-form-urlencoded',
    proof: 'no form field data, or a missing or wrong verification_token',
  },
  buymeacoffee: {
    operationId: 'receiveBuyMeACoffeeEvent',
    summary: 'Buy Me a Coffee webhook endpoint (signed with BMC_WEBHOOK_SECRET)',
    description:
      '`x-signature-sha256` = hex HMAC-SHA256 of the raw body. Stored as `buymeacoffee:<event_id>`; donation.created is `buymeacoffee:payment:<id>`, donation.refunded `buymeacoffee:refund:<id>`, membership.started one synthetic charge per member and month; `live_mode: false` (Send Test) is kept as ignored. Memberships renew without an event: marked unverified (`bySource.buymeacoffee.verified` false).',
    headers: z.object({ 'x-signature-sha256': z.string() }),
    media: 'application/json',
    proof: 'a missing or wrong x-signature-sha256',
  },
  donorbox: {
    operationId: 'receiveDonorboxEvent',
    summary: 'Donorbox webhook endpoint (signed with DONORBOX_WEBHOOK_SECRET)',
    description:
      '`Donorbox-Signature: <unix ts>,<hex>`, the hex HMAC-SHA256 of `ts + "." + raw body`; a timestamp more than 300 s from now is refused (stale_timestamp). Payload v1: an array of one donation. Each donation is `donorbox:payment:<id>`; its cumulative `amount_refunded` enters only the step from what was counted (`donorbox:refund:<id>:<level>`). Its campaign: the one claiming `donorbox:<campaign.id>`, else the one claiming `donorbox`, else the default.',
    headers: z.object({
      'donorbox-signature': z.string().openapi({ example: '1794700000,5257a869…' }),
    }),
    media: 'application/json',
    proof:
      'a missing or wrong Donorbox-Signature, or a timestamp more than 300 s from now (stale_timestamp)',
  },
  patreon: {
    operationId: 'receivePatreonEvent',
    summary: 'Patreon webhook endpoint (signed with PATREON_WEBHOOK_SECRET)',
    description:
      "`X-Patreon-Signature` = hex HMAC-MD5 of the raw body; the trigger in `X-Patreon-Event` (members:create/update/delete, members:pledge:create/update/delete). The member's Paid `last_charge_date` is one synthetic charge per member and month (`patreon:payment:<member>:<YYYY-MM>`), Refunded takes it back; amounts in PATREON_CURRENCY. Its campaign: the one claiming `patreon:<campaign id>`, else the one claiming `patreon`, else the default. Marked unverified (`bySource.patreon.verified` false): Patreon gives no charge id and no refund amount.",
    headers: z.object({
      'x-patreon-signature': z.string(),
      'x-patreon-event': z.string().openapi({ example: 'members:pledge:create' }),
    }),
    media: 'application/json',
    proof: 'a missing or wrong X-Patreon-Signature',
  },
  opencollective: {
    operationId: 'receiveOpenCollectiveEvent',
    summary: 'Open Collective webhook endpoint (confirmed through OPENCOLLECTIVE_API_URL)',
    description:
      "Open Collective signs nothing: for `collective.transaction.created` the transaction it names (`data.transaction.id`) is fetched from the GraphQL API v2 (`transaction(transaction: {legacyId})`, with OPENCOLLECTIVE_TOKEN as Personal-Token) and only what that returns counts: the collective's CREDIT contribution as `opencollective:payment:<legacyId>`, a DEBIT refund as `opencollective:refund:<legacyId>`. Other activities are kept as ignored. Its campaign: the one claiming `opencollective:<collective slug>`, else the one claiming `opencollective`, else the default.",
    headers: z.object({}),
    media: 'application/json',
    proof: 'a transaction the API does not confirm (invalid_signature)',
  },
}

/** `POST /webhooks/<source>` for every receive-only source: one handler, their proofs apart. */
export function sourceRoutes({ receiveSources, log }: Pick<Services, 'receiveSources' | 'log'>) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  for (const name of Object.keys(SOURCE_PATHS) as SourceName[]) {
    const d = DOCS[name]
    app.openAPIRegistry.registerPath({
      method: 'post',
      path: SOURCE_PATHS[name],
      operationId: d.operationId,
      summary: d.summary,
      description: d.description,
      tags: ['webhooks'],
      // Proven by the platform's signature or token over the raw body, not by an admin token.
      security: [],
      request: {
        headers: d.headers,
        body: { required: true, content: { [d.media]: { schema: z.object({}).passthrough() } } },
      },
      responses: {
        200: jsonContent(
          WebhookReceipt,
          'Event stored with its effect (or a duplicate, or ignored)',
        ),
        400: errorResponse(
          `Refused, changing nothing: ${d.proof} (missing_signature, invalid_signature, stale_timestamp), or a proven body that is not the platform's event (invalid_payload; kept as rejected)`,
        ),
        413: errorResponse('Body over 1 MiB'),
        500: errorResponse('Processing failed; the event is kept as failed'),
        503: errorResponse(
          `${d.summary.split(' webhook')[0]} is not configured (webhooks_disabled), its API cannot confirm now (Open Collective), or the database cannot take writes now`,
        ),
      },
    })
    const receive = receiveSources[name]
    app.post(SOURCE_PATHS[name], async (c) => {
      const requestId = c.get('requestId')
      const headers = { ...OPEN_SECURE_HEADERS, 'x-request-id': requestId }
      try {
        const raw = await readRawBody(c, WEBHOOK_BODY_LIMIT)
        const receipt = await receive({ raw, header: (n) => c.req.header(n) }, requestId)
        return toResponse(jsonAnswer(200, receipt, headers))
      } catch (thrown) {
        const err = thrown instanceof Error ? thrown : new Error(String(thrown))
        const closed = platformOf(c)?.clientClosed() ?? false
        const answer = errorAnswer(err, closed, requestId, log)
        return toResponse(jsonAnswer(answer.status, answer.body, { ...headers, ...answer.headers }))
      }
    })
  }
  return app
}
