import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config.js'
import { redactedJson } from '../src/ingest/redact.js'
import { openMigratedStore } from '../src/node/open-store.js'
import { readSchemaFiles } from '../src/node/schema-files.js'
import { migrate } from '../src/store/migrate.js'
import { openSqliteStore } from '../src/store/sqlite.js'

const dir = mkdtempSync(join(tmpdir(), 'supportbar-privacy-up-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const EMAIL = 'marker.donor@example.org'
const NAME = 'Zebulon Markerfield'

/** A checkout.session.completed as Stripe sends it, with the donor's details in every place. */
function sessionEvent(i: number) {
  return {
    id: `evt_${String(i).padStart(5, '0')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: 1_700_000_000 + i,
    data: {
      object: {
        id: `cs_${i}`,
        object: 'checkout.session',
        amount_total: 2500,
        currency: 'usd',
        payment_intent: `pi_${i}`,
        customer_email: EMAIL,
        customer_details: { email: EMAIL, name: NAME, phone: '+15550100', address: null },
        collected_information: { individual_name: NAME, business_name: null },
        custom_fields: [{ key: 'dedication', text: { value: `for ${NAME}` } }],
        metadata: { campaign: 'news' },
        // Long enough that some rows spill onto overflow pages.
        padding: 'x'.repeat(i % 7 === 0 ? 5000 : 200),
      },
    },
  }
}

/** What the version before this one kept: its shorter list nulled e-mails, not names. */
const V1_KEYS = new Set(['email', 'customer_email', 'customer_details', 'phone', 'address'])
const v1Redacted = (v: unknown) => JSON.stringify(v, (k, x: unknown) => (V1_KEYS.has(k) ? null : x))

function occurrences(file: string, text: string): number {
  if (!existsSync(file)) return 0
  const bytes = readFileSync(file)
  const needle = Buffer.from(text)
  let n = 0
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++
  return n
}
const inFiles = (file: string, text: string) =>
  occurrences(file, text) + occurrences(`${file}-wal`, text)

describe('upgrading a database that older versions wrote', () => {
  it('leaves 0 copies of a donor e-mail or name in the file and its WAL', async () => {
    const file = join(dir, 'old.db')
    // The schema as the previous release left it.
    const before = openSqliteStore(file)
    await migrate(
      before,
      readSchemaFiles().filter((f) => f.name < '0010'),
    )
    await before.close()

    // The previous code path: whole payloads first (before redaction on arrival), then its
    // scrub rewrote them with its shorter list, with secure_delete off (SQLite's default here).
    const raw = new SQLite(file)
    raw.pragma('journal_mode = WAL')
    raw.pragma('secure_delete = OFF')
    const insert = raw.prepare(
      `INSERT INTO webhook_events (id, type, created, livemode, payload, status, attempts,
        received_at, processed_at) VALUES (?, ?, ?, 0, ?, 'processed', 1, ?, ?)`,
    )
    const events = Array.from({ length: 400 }, (_, i) => sessionEvent(i))
    raw.transaction(() => {
      for (const e of events) {
        const at = new Date(e.created * 1000).toISOString()
        insert.run(e.id, e.type, e.created, JSON.stringify(e), at, at)
      }
    })()
    raw.pragma('wal_checkpoint(TRUNCATE)')
    const update = raw.prepare('UPDATE webhook_events SET payload = ? WHERE id = ?')
    raw.transaction(() => {
      for (const e of events) update.run(v1Redacted(e), e.id)
    })()
    raw
      .prepare(
        `INSERT INTO settings (name, value, created_at) VALUES ('payloads_redacted_after', '~done', ?)`,
      )
      .run(new Date().toISOString())
    raw.prepare("DELETE FROM webhook_events WHERE id > 'evt_00350'").run()
    raw.pragma('wal_checkpoint(PASSIVE)')
    // The test can fail: before the upgrade, the file holds both.
    expect(inFiles(file, EMAIL)).toBeGreaterThan(0)
    expect(inFiles(file, NAME)).toBeGreaterThan(0)
    raw.close()

    // The upgrade: this version starts on the file.
    const store = await openMigratedStore(
      parseConfig({ DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent' }),
    )
    const rows = await store.db.selectFrom('webhook_events').select(['id', 'payload']).execute()
    await store.close()

    expect(inFiles(file, EMAIL)).toBe(0)
    expect(inFiles(file, NAME)).toBe(0)
    expect(inFiles(file, 'Markerfield')).toBe(0)
    // Payloads keep what the mappers read.
    expect(rows).toHaveLength(351)
    const first = JSON.parse(rows[0]?.payload ?? '{}')
    expect(first.data.object).toMatchObject({
      id: 'cs_0',
      amount_total: 2500,
      payment_intent: 'pi_0',
      metadata: { campaign: 'news' },
      collected_information: null,
      custom_fields: null,
      customer_details: null,
    })

    // A second start has nothing left to scrub and finds nothing either.
    const again = await openMigratedStore(
      parseConfig({ DATABASE_URL: `file:${file}`, LOG_LEVEL: 'silent' }),
    )
    await again.close()
    expect(inFiles(file, EMAIL)).toBe(0)
  })
})

describe('the redaction list', () => {
  it('nulls every path of a name, e-mail, address, IP or typed text that Stripe objects carry', () => {
    const payloads = {
      charge: {
        billing_details: { name: NAME },
        payment_method_details: {
          ideal: { verified_name: NAME },
          card_present: { cardholder_name: NAME },
          card: { wallet: { masterpass: { name: NAME }, visa_checkout: { name: NAME } } },
          paypal: { payer_email: EMAIL, payer_name: NAME, payer_id: 'PAYER1' },
          alipay: { buyer_id: 'buyer-1' },
          nz_bank_account: { account_holder_name: NAME },
        },
      },
      customer: { object: 'customer', individual_name: NAME, business_name: NAME, tax_ids: [] },
      dispute: {
        evidence: { customer_name: NAME, customer_email_address: EMAIL },
      },
      mandate: {
        customer_acceptance: { online: { ip_address: '198.51.100.7', user_agent: NAME } },
      },
      subscription: { invoice_settings: { custom_fields: [{ name: 'x', value: NAME }] } },
    }
    const out = redactedJson(payloads)
    expect(out).not.toContain(NAME)
    expect(out).not.toContain(EMAIL)
    expect(out).not.toContain('198.51.100.7')
    expect(out).not.toContain('PAYER1')
    expect(out).not.toContain('buyer-1')
  })
})
