/**
 * A bounded memo for values that are costly to build and keyed by request input (Intl
 * formatters by locale): past `limit` keys it starts over, so no input can grow it forever.
 */
export function boundedMemo<V>(limit = 256): (key: string, make: () => V) => V {
  const values = new Map<string, V>()
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
