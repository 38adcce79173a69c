import { describe } from 'vitest'
import { settleRace } from './support/settle-race.js'

/**
 * Two app instances on one database with no lock between them, as Worker isolates on D1 are:
 * two connections to one SQLite file marked `concurrentWriters`, each app with its own in-process
 * serializer. Each Checkout Session goes to one instance while its bare PaymentIntent goes to
 * the other at the same moment.
 */
describe('attribution with concurrent writers and no lock (D1 isolates)', () => {
  settleRace((store) => ({ ...store, concurrentWriters: true }))
})
