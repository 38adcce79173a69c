import type { Store } from './store.js'

/** A console session as stored: never the cookie's id itself, only its hash. */
export interface StoredSession {
  idHash: string
  label: string
  tokenHash: string
  expiresAt: string
}

/** Stores a new session and drops sessions that have expired (so the table stays small). */
export async function insertSession(
  store: Store,
  s: StoredSession & { createdAt: string },
): Promise<void> {
  await store.atomic([
    store.db.deleteFrom('console_sessions').where('expires_at', '<=', s.createdAt).compile(),
    store.db
      .insertInto('console_sessions')
      .values({
        id_hash: s.idHash,
        label: s.label,
        token_hash: s.tokenHash,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
        revoked_at: null,
      })
      .compile(),
  ])
}

/** The live session with this id hash: not revoked and not expired at `now` (ISO time). */
export async function findLiveSession(
  store: Store,
  idHash: string,
  now: string,
): Promise<StoredSession | undefined> {
  const row = await store.db
    .selectFrom('console_sessions')
    .select(['id_hash', 'label', 'token_hash', 'expires_at'])
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return (
    row && {
      idHash: row.id_hash,
      label: row.label,
      tokenHash: row.token_hash,
      expiresAt: row.expires_at,
    }
  )
}

/** Ends one session (sign-out), on every instance that shares the database. */
export async function revokeSession(store: Store, idHash: string, now: string): Promise<void> {
  await store.atomic([
    store.db
      .updateTable('console_sessions')
      .set({ revoked_at: now })
      .where('id_hash', '=', idHash)
      .where('revoked_at', 'is', null)
      .compile(),
  ])
}

/** Ends every live session ("sign out everywhere"); returns how many were ended. */
export async function revokeAllSessions(store: Store, now: string): Promise<number> {
  const [result] = await store.atomic([
    store.db
      .updateTable('console_sessions')
      .set({ revoked_at: now })
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .compile(),
  ])
  return Number(result?.numAffectedRows ?? 0n)
}
