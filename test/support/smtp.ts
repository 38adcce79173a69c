import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A received message as the mail server parsed it, with the envelope's recipients. */
export interface Received {
  to: string[]
  mail: ParsedMail
}

export interface RealSmtp {
  port: number
  url: string
  received: Received[]
  close(): Promise<void>
}

/**
 * A real SMTP server (npm smtp-server) on 127.0.0.1, parsing each message with mailparser.
 * `port` restarts one on the same port after an outage; `received` may be shared across runs.
 */
export async function startSmtp(port = 0, received: Received[] = []): Promise<RealSmtp> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail })
          callback()
        })
        .catch((err: Error) => callback(err))
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const bound = (server.server.address() as AddressInfo).port
  return {
    port: bound,
    url: `smtp://127.0.0.1:${bound}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
