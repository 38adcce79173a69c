import type { Logger } from '../log.js'
import {
  claimMail,
  type DueMail,
  dueMail,
  expireMail,
  markFailed,
  markSent,
} from '../store/outbox.js'
import type { Store } from '../store/store.js'
import { type Message, receiptNumber, thanksMessage } from './render.js'
import { sealer } from './seal.js'

/** One e-mail as a transport takes it. */
export interface OutgoingMail extends Message {
  from: string
  to: string
  /** Stable per outbox row, so a resend after a crash is recognisable as the same message. */
  messageId: string
}

/** SMTP (src/node/smtp.ts) or an HTTP mail API (src/mail/resend.ts). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>
}

/** A failure that retrying will not fix (a refused address, a rejected key): the row is dropped. */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError'
}

/** Composes a row other than a thank-you (a manage link); null: nothing to send, drop it. */
export type Compose = (row: DueMail, address: string) => Promise<Message | null>

export interface MailSenderDeps {
  store: Store
  transport: MailTransport
  mail: { from: string; key: string }
  clock?: () => Date
  /** Public base URL: thank-yous for recurring gifts link to `/manage/:slug`. */
  publicUrl?: string | undefined
  log?: Logger
  compose?: Compose
}

const LEASE_MS = 120_000
const BATCH = 20
const MAX_ATTEMPTS = 12
/** A payment is thanked a minute after it is recorded, once its links placed it. */
const SETTLE_MS = 60_000
/** An address waits at most this long for its payment, then is erased. */
const KEEP_MS = 30 * 86_400_000

/** Retry delay after `attempts` failed tries: 30 s doubling, at most 6 hours. */
export const backoffMs = (attempts: number) => Math.min(30_000 * 2 ** (attempts - 1), 6 * 3600_000)

const domainOf = (from: string) => /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost'

/**
 * The outbox's sender: claims due rows with a lease, sends each once, marks it sent and erases
 * its address in the same statement. A failure leaves the row for a later run (backoff); a
 * crash between the server's acceptance and the mark can resend once, with the same Message-ID.
 * One run at a time per sender; several senders (processes, isolates) share rows through leases.
 */
export function mailSender(deps: MailSenderDeps) {
  const clock = deps.clock ?? (() => new Date())
  const keys = sealer(deps.mail.key)
  const host = domainOf(deps.mail.from)
  const base = deps.publicUrl?.replace(/\/+$/, '')

  const compose = async (row: DueMail, address: string): Promise<Message | null> => {
    if (row.kind !== 'thanks') return deps.compose ? deps.compose(row, address) : null
    if (row.amount === null || !row.currency || !row.occurredAt || !row.entryId) return null
    return thanksMessage({
      campaignName: row.campaignName,
      locale: row.locale,
      timezone: row.timezone,
      amount: row.amount,
      currency: row.currency,
      occurredAt: row.occurredAt,
      receipt: receiptNumber(row.entryId, row.occurredAt),
      manageUrl:
        row.recurring && base ? `${base}/manage/${encodeURIComponent(row.campaign)}` : null,
    })
  }

  const sendOne = async (row: DueMail, now: Date): Promise<'sent' | 'failed' | 'skipped'> => {
    const at = now.toISOString()
    if (
      !(await claimMail(deps.store, row.id, at, new Date(now.getTime() + LEASE_MS).toISOString()))
    )
      return 'skipped'
    try {
      const to = await keys.open(row.address, row.id)
      const message = await compose(row, to)
      if (message === null) throw new PermanentMailError('nothing to send')
      await deps.transport.send({
        ...message,
        from: deps.mail.from,
        to,
        messageId: `<${row.id.replace(/[^A-Za-z0-9._-]/g, '.')}@${host}>`,
      })
      await markSent(deps.store, row.id, clock().toISOString())
      return 'sent'
    } catch (err) {
      const permanent = err instanceof PermanentMailError
      const error = err instanceof Error ? err.message : String(err)
      const nextAt = new Date(clock().getTime() + backoffMs(row.attempts + 1)).toISOString()
      await markFailed(deps.store, row.id, { nextAt, error, permanent }, MAX_ATTEMPTS)
      deps.log?.warn('mail: not sent', { id: row.id, attempt: row.attempts + 1, permanent, error })
      return 'failed'
    }
  }

  const run = async () => {
    const now = clock()
    await expireMail(deps.store, new Date(now.getTime() - KEEP_MS).toISOString())
    const counts = { sent: 0, failed: 0 }
    const settled = new Date(now.getTime() - SETTLE_MS).toISOString()
    for (const row of await dueMail(deps.store, now.toISOString(), settled, BATCH)) {
      const outcome = await sendOne(row, now)
      if (outcome !== 'skipped') counts[outcome]++
    }
    return counts
  }

  let running: Promise<{ sent: number; failed: number }> | undefined
  return {
    /** Sends what is due now; a call during a run joins it. */
    runOnce(): Promise<{ sent: number; failed: number }> {
      running ??= run().finally(() => {
        running = undefined
      })
      return running
    },
  }
}

export type MailSender = ReturnType<typeof mailSender>
