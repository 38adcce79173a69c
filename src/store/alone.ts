import { CompiledQuery } from 'kysely'

/**
 * A marker statement: a write unit that holds it runs with no other write unit at the same
 * time, on every instance (PostgreSQL takes its write lock exclusively instead of shared; see
 * src/store/postgres.ts). For units that rebuild from the whole ledger, such as a recompute.
 * SQLite (one writer) and D1 (no lock) simply run it as the no-op it is.
 */
export const ALONE: CompiledQuery = CompiledQuery.raw('SELECT 1', [])
