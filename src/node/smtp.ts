import { createTransport } from 'nodemailer'
import { type MailTransport, PermanentMailError } from '../mail/sender.js'

/**
 * Thank-you and manage-link e-mails over SMTP (SMTP_URL: `smtp://user:pass@host:587`, or
 * `smtps://…:465`), through nodemailer. A 5xx answer is permanent (the row is dropped); a
 * connection failure, a timeout or a 4xx is tried again later by the outbox.
 */
export function smtpTransport(url: string): MailTransport & { close(): void } {
  const transporter = createTransport(url)
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
        })
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode
        if (typeof code === 'number' && code >= 500 && code < 600) {
          throw new PermanentMailError(err instanceof Error ? err.message : String(err))
        }
        throw err
      }
    },
    close: () => transporter.close(),
  }
}
