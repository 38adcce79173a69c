import { type ApiBase, MAX_PAGES, requestJson, SourceApiError } from '../backfill/api.js'
import { apiEvents, type Listed, mapEach } from '../backfill/events.js'
import {
  type BmcSubscription,
  type BmcSupporter,
  bmcUnix,
  mapBmcSubscription,
  mapBmcSupporter,
} from './backfill.js'

/** BMC_API_TOKEN (a personal access token, read-only is enough) and BMC_API_URL. */
export interface BmcApiSettings extends ApiBase {
  token: string
}

interface LaravelPage<T> {
  current_page?: unknown
  last_page?: unknown
  data?: T[]
}

/** Every page of a Laravel-style list (`?page=N`: current_page, last_page, data). */
async function pages<T>(s: BmcApiSettings, path: string): Promise<T[]> {
  const out: T[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const sep = path.includes('?') ? '&' : '?'
    const answer = (await requestJson(
      'Buy Me a Coffee',
      s,
      `${s.apiUrl}${path}${sep}page=${page}`,
      {
        headers: { Authorization: `Bearer ${s.token}`, Accept: 'application/json' },
      },
    )) as LaravelPage<T> | null
    if (!answer || !Array.isArray(answer.data)) {
      throw new SourceApiError('Buy Me a Coffee', `Buy Me a Coffee's ${path} answered no data`)
    }
    out.push(...answer.data)
    const last = Number(answer.last_page)
    if (answer.data.length === 0 || !Number.isFinite(last) || page >= last) break
  }
  return out
}

const timeOrNull = (v: unknown) => {
  try {
    return bmcUnix(v, '')
  } catch {
    return null
  }
}

/**
 * One-time supporters made or changed (a refund) since `since`, and every membership (both
 * active and inactive: `status=all`), as events.
 */
export async function bmcApiEvents(
  s: BmcApiSettings,
  w: { since: Date; now: Date },
): Promise<Listed> {
  const from = Math.floor(w.since.getTime() / 1000)
  const until = Math.floor(w.now.getTime() / 1000)
  // A supporter without a readable time is kept: its mapping then says what is wrong.
  const supporters = (await pages<BmcSupporter>(s, '/supporters')).filter((x) => {
    const made = timeOrNull(x.support_created_on)
    const changed = timeOrNull(x.support_updated_on)
    return made === null || made >= from || (changed !== null && changed >= from)
  })
  const members = await pages<BmcSubscription>(s, '/subscriptions?status=all')
  const one = mapEach(
    'buymeacoffee',
    supporters,
    (x) => String(x.support_id),
    (x) =>
      apiEvents(
        'buymeacoffee',
        { endpoint: 'supporters', id: String(x.support_id) },
        mapBmcSupporter(x),
        w.now,
      ),
  )
  const monthly = mapEach(
    'buymeacoffee',
    members,
    (x) => `membership-${String(x.subscription_id)}`,
    (x) =>
      apiEvents(
        'buymeacoffee',
        { endpoint: 'subscriptions', id: String(x.subscription_id) },
        mapBmcSubscription(x, from, until),
        w.now,
      ),
  )
  return { events: [...one.events, ...monthly.events], failed: [...one.failed, ...monthly.failed] }
}
