import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv, Services } from '../deps.js'
import type { ApiResult } from './api.js'
import type { Flash } from './layout.js'
import type { Session } from './session.js'

export interface ConsoleEnv {
  Variables: AppEnv['Variables'] & { session: Session }
}
export type ConsoleContext = Context<ConsoleEnv>

/** The services the console uses itself; everything else it asks of the admin API. */
export type ConsoleDeps = Pick<Services, 'config' | 'log' | 'now' | 'store' | 'authThrottle'>

/** What every page module gets: the API as the session's admin, and the page renderer. */
export interface ConsoleTools {
  ctx: ConsoleDeps
  api<T>(
    c: ConsoleContext,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResult<T>>
  page(
    c: ConsoleContext,
    title: string,
    body: Child,
    opts?: { flash?: Flash; status?: ContentfulStatusCode },
  ): Response
  /** 303 to a console page that then says what was done (one of the fixed DONE messages). */
  done(c: ConsoleContext, to: string, ok: keyof typeof DONE): Response
  /** The message a page shows after a redirect from `done`. */
  flash(c: ConsoleContext): Flash
  /** The raw admin API response, for what the console passes through (CSV downloads). */
  fetch(c: ConsoleContext, path: string): Promise<Response>
  form(c: ConsoleContext): Promise<Record<string, string>>
}

/** What a page says after a change; fixed texts, so a link cannot make the console say anything. */
export const DONE = {
  created: 'Campaign created.',
  saved: 'Campaign saved.',
  checkout: 'The checkout settings are saved.',
  bar: "The bar's settings are saved.",
  page: 'The donate page is saved.',
  logo: 'The logo is saved.',
  nologo: 'The logo is removed.',
  month: "The month's goal and label are saved.",
  adjusted: 'The entry is added to the ledger.',
  reversed: 'The entry is reversed: its counter-entry is in the ledger.',
  assigned: 'The payment is assigned to the campaign.',
  replayed: 'The event was run again.',
  signedout: 'Signed out.',
  everywhere: 'Every console session is ended, on every device and instance. Sign in again.',
} as const

/** Renders a console page; with a session, the page has the navigation and sign-out. */
export type Render = (
  c: Context,
  title: string,
  body: Child,
  opts?: { flash?: Flash; status?: ContentfulStatusCode; session?: Session },
) => Response
