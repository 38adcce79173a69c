import type Stripe from 'stripe'
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import { mailSender } from '../mail/sender.js'
import { manageComposer } from '../manage/compose.js'
import type { Store } from '../store/store.js'
import { smtpTransport } from './smtp.js'

/** The outbox's sender on Node, on a timer; `stop` waits for a run under way. */
export interface MailLoop {
  runOnce(): Promise<unknown>
  stop(): Promise<void>
}

/**
 * Sends the outbox every MAIL_INTERVAL_MS over SMTP_URL; none when no SMTP is configured. A
 * failed run is logged and the next tick tries again (the rows stay in the outbox). With a
 * Stripe client it also sends manage links (their lookup runs here: src/manage/compose.ts).
 */
export function startMailLoop(
  store: Store,
  config: Config,
  log: Logger,
  stripe?: Stripe,
): MailLoop | undefined {
  const mail = config.mail
  if (!mail?.smtpUrl) return undefined
  const transport = smtpTransport(mail.smtpUrl)
  const publicUrl = config.publicUrl
  const compose = stripe
    ? manageComposer({ store, stripe, publicUrl, mailKey: mail.key, log })
    : undefined
  const sender = mailSender({
    store,
    transport,
    mail,
    publicUrl,
    log,
    ...(compose ? { compose } : {}),
  })
  let current: Promise<unknown> = Promise.resolve()
  const tick = () => {
    current = sender.runOnce().catch((err: unknown) => {
      log.error('mail: run failed', { error: err instanceof Error ? err.message : String(err) })
    })
    return current
  }
  const timer = setInterval(tick, mail.intervalMs)
  timer.unref()
  void tick()
  return {
    runOnce: tick,
    stop: async () => {
      clearInterval(timer)
      await current
      transport.close()
    },
  }
}
