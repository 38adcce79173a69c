import { type MailTransport, PermanentMailError } from './sender.js'

/**
 * E-mail on Workers (no SMTP sockets there): Resend's HTTP API, `POST https://api.resend.com/emails`
 * with RESEND_API_KEY. The outbox row's Message-ID is sent as Resend's `Idempotency-Key`, which
 * Resend honours for 24 hours (resend.com/docs/dashboard/emails/idempotency-keys), so a retry
 * after a lost answer does not send twice. A 4xx other than 408/429 is permanent.
 */
export function resendTransport(
  apiKey: string,
  fetcher: typeof fetch = fetch,
  url = 'https://api.resend.com/emails',
): MailTransport {
  return {
    async send(mail) {
      const res = await fetcher(url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${apiKey}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': mail.messageId,
        },
        body: JSON.stringify({
          from: mail.from,
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
        }),
        signal: AbortSignal.timeout(10_000),
      })
      if (res.ok) return
      const detail = `Resend answered ${res.status}: ${(await res.text()).slice(0, 200)}`
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        throw new PermanentMailError(detail)
      }
      throw new Error(detail)
    },
  }
}
