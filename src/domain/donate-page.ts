/**
 * A campaign's donate page content (campaign setting `page`): the appeal under the title (a
 * small Markdown subset, rendered by src/donate/appeal.ts), one impact line per preset amount
 * ("25 $ pays for a day of court reporting"), and the privacy and contact links the page shows.
 * Every field is optional; a campaign without content shows the plain page.
 */
export interface PageContent {
  appeal?: string
  /** Preset amount in minor units (as text, JSON's keys) -> one line about what it pays for. */
  impact?: Record<string, string>
  privacyUrl?: string
  contactUrl?: string
}

/** Stored JSON (NULL or text) to content; an unreadable value is no content. */
export function parsePageContent(json: string | null): PageContent {
  // JSON.parse(null) is null and JSON.parse('') throws: both are no content below.
  try {
    const v = JSON.parse(json as string) as unknown
    return v && typeof v === 'object' ? (v as PageContent) : {}
  } catch {
    return {}
  }
}

/** A change over the current content: null clears a field, absent keeps it. */
export type PageContentPatch = { [K in keyof PageContent]?: PageContent[K] | null }

export function mergePageContent(current: PageContent, patch: PageContentPatch): PageContent {
  const next: Record<string, unknown> = { ...current }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete next[k]
    else if (v !== undefined) next[k] = v
  }
  return next as PageContent
}
