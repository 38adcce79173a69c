import { ApiError } from '../../errors.js'
import { getCampaign } from '../../store/campaigns.js'
import type { Store } from '../../store/store.js'

/** The campaign, or a 404 in the one error shape. */
export async function requireCampaign(store: Store, slug: string) {
  const campaign = await getCampaign(store, slug)
  if (!campaign) throw new ApiError(404, 'not_found', `No campaign with slug "${slug}"`)
  return campaign
}
