import { claimOf } from '../../domain/keys.js'
import { type ApiBase, MAX_PAGES, requestJson, SourceApiError } from '../backfill/api.js'
import { apiEvents, type Listed, mapEach } from '../backfill/events.js'
import { idOrNull } from '../fields.js'
import { type DonorboxDonation, mapDonation } from './map.js'

/** DONORBOX_API_USER (the organization's login e-mail), DONORBOX_API_KEY, DONORBOX_API_URL. */
export interface DonorboxApiSettings extends ApiBase {
  user: string
  key: string
}

/** Donorbox's largest page (donorbox/donorbox-api README.md: per_page). */
const PER_PAGE = 100

/**
 * `GET /api/v1/donations` (donorbox/donorbox-api README.md: basic authentication with the
 * organization's e-mail and API key; `page`, `per_page`, `order`; `date_from`/`date_to` as
 * Donorbox's API page lists them), every page from `since`'s day: each donation as the webhook
 * maps it (src/sources/donorbox/map.ts), its refunds so far (`amount_refunded`) entered as the
 * step from what is counted (src/ingest/cumulative.ts).
 */
export async function donorboxApiEvents(
  s: DonorboxApiSettings,
  w: { since: Date; now: Date },
): Promise<Listed> {
  const auth = `Basic ${btoa(`${s.user}:${s.key}`)}`
  const donations: DonorboxDonation[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const q = new URLSearchParams({
      date_from: w.since.toISOString().slice(0, 10),
      date_to: w.now.toISOString().slice(0, 10),
      order: 'asc',
      per_page: String(PER_PAGE),
      page: String(page),
    })
    const answer = await requestJson('Donorbox', s, `${s.apiUrl}/api/v1/donations?${q}`, {
      headers: { Authorization: auth, Accept: 'application/json' },
    })
    if (!Array.isArray(answer)) {
      throw new SourceApiError('Donorbox', "Donorbox's /api/v1/donations answered no list")
    }
    donations.push(...(answer as DonorboxDonation[]))
    if (answer.length < PER_PAGE) break
  }
  return mapEach(
    'donorbox',
    donations,
    (d) => String(d.id),
    (d) => {
      const campaignId = idOrNull(d.campaign?.id)
      return apiEvents(
        'donorbox',
        { endpoint: 'donations', id: String(d.id) },
        { money: mapDonation(d), facts: [] },
        w.now,
        campaignId ? claimOf('donorbox', campaignId) : null,
      )
    },
  )
}
