/** A signed event whose object lacks the fields its type promises; routes answer 400. */
export class MalformedEvent extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedEvent'
  }
}
