import type { CompiledQuery } from 'kysely'
import { statement } from './sql.js'
import type { Store } from './store.js'

const INSERT = `INSERT INTO settings (name, value, created_at) VALUES (?, ?, ?)
  ON CONFLICT (name) DO NOTHING`

/**
 * A setting the service generates once: the stored value, or `generate()` stored and returned.
 * Instances starting together agree: the first insert wins and everyone reads it back.
 */
export async function settingOnce(
  store: Store,
  name: string,
  generate: () => string,
  now: string,
): Promise<string> {
  const read = () =>
    store.db.selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst()
  const found = await read()
  if (found) return found.value
  await store.atomic([statement(store.dialect, INSERT, [name, generate(), now])])
  const row = await read()
  if (!row) throw new Error(`setting ${name} could not be stored`)
  return row.value
}

/** Sets a setting's value, creating the setting if needed. */
export function settingQuery(
  store: Pick<Store, 'dialect'>,
  name: string,
  value: string,
  now: string,
): CompiledQuery {
  return statement(
    store.dialect,
    `INSERT INTO settings (name, value, created_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    [name, value, now],
  )
}
