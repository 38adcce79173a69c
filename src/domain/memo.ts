/** Every memo made, so tests can start each suite from none (`forgetMemos`). */
const memos = new Set<Map<string, unknown>>()

/**
 * A bounded memo for values that are costly to build and keyed by request input (Intl
 * formatters by locale): past `limit` keys it starts over, so no input can grow it forever.
 * Memos are made once per module, so the set above stays as small as the list of them.
 */
export function boundedMemo<V>(limit = 256): (key: string, make: () => V) => V {
  const values = new Map<string, V>()
  memos.add(values)
  return (key, make) => {
    let value = values.get(key)
    if (value === undefined) {
      value = make()
      if (values.size >= limit) values.clear()
      values.set(key, value)
    }
    return value
  }
}

/**
 * Forgets what every memo holds. For tests that run many suites in one process (the mutation
 * run): a value built under one suite's conditions must not answer for the next one.
 */
export function forgetMemos(): void {
  for (const values of memos) values.clear()
}
