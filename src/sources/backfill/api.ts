/**
 * Reading a platform's API for the backfill (src/sources/backfill): one JSON GET or POST with
 * the platform's credentials, a clear error when it cannot answer. No I/O at import time; the
 * fetch is injectable (tests point the base URL at a fake on 127.0.0.1 instead).
 */

/** A platform's API failed or refused the credentials: the admin route answers 502. */
export class SourceApiError extends Error {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message)
    this.name = 'SourceApiError'
  }
}

/** The settings every platform's client takes: its base URL, its token, a fetch for tests. */
export interface ApiBase {
  apiUrl: string
  fetcher?: typeof fetch
}

/** How many pages one run reads of one list at most (each ≤ 100 items). */
export const MAX_PAGES = 200

/** One request; its JSON answer, or SourceApiError. */
export async function requestJson(
  source: string,
  settings: ApiBase,
  url: string,
  init: RequestInit,
): Promise<unknown> {
  let res: Response
  try {
    res = await (settings.fetcher ?? fetch)(url, init)
  } catch (err) {
    throw new SourceApiError(source, `${source}'s API cannot be reached: ${(err as Error).message}`)
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined)
    throw new SourceApiError(source, `${source}'s API answered ${res.status}`)
  }
  try {
    return await res.json()
  } catch {
    throw new SourceApiError(source, `${source}'s API answered something that is not JSON`)
  }
}

/** A GraphQL query's `data`, or SourceApiError naming the API's first error. */
export async function graphql(
  source: string,
  settings: ApiBase,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const answer = (await requestJson(source, settings, settings.apiUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })) as { data?: unknown; errors?: { message?: unknown }[] } | null
  const first = answer?.errors?.[0]
  if (first || typeof answer?.data !== 'object' || answer.data === null) {
    const why = typeof first?.message === 'string' ? first.message.slice(0, 200) : 'no data'
    throw new SourceApiError(source, `${source}'s API refused the query: ${why}`)
  }
  return answer.data as Record<string, unknown>
}
