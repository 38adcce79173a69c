/**
 * What a run of a provider's listed events through the ingest saw and did (the PayPal and the
 * platforms' backfills): its window, how many it saw, each outcome counted, and what failed.
 */
export interface ReplayResult {
  since: string
  until: string
  seen: number
  processed: number
  ignored: number
  duplicate: number
  parked: number
  failed: { id: string; type: string; error: string }[]
}
