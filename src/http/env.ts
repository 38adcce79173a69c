/** Hono environment: per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    /** Label of the admin token that authenticated the request (never the token). */
    actor: string
    requestId: string
    /** Set when the answer sheds load on purpose (a full PNG queue): not logged as an error. */
    shed: boolean | undefined
  }
}
