/** CRC-32 (IEEE 802.3, as zlib's), table built once on first use; pure, for every runtime. */
let table: Uint32Array | undefined

function crcTable(): Uint32Array {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
}

/** The CRC-32 of `bytes` as an unsigned integer (what PayPal's signed string carries in decimal). */
export function crc32(bytes: Uint8Array): number {
  table ??= crcTable()
  let c = 0xffffffff
  for (const b of bytes) c = (table[(c ^ b) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
