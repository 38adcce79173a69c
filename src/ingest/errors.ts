/** Errors of the write path; routes map them to HTTP (the ingest knows nothing of HTTP). */
export class IngestError extends Error {
  constructor(
    readonly reason: 'unknown_payment' | 'no_stripe_client' | 'other_account',
    message: string,
  ) {
    super(message)
    this.name = 'IngestError'
  }
}
