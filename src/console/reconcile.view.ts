import { formatMoney } from '../domain/money.js'

// A reconciliation report as the console reads it from the admin API, and how it writes it.

export interface Discrepancy {
  code: string
  balanceTransaction: string | null
  object: string | null
  campaign: string | null
  month: string | null
  expected: number | null
  actual: number | null
  currency?: string | null
  note: string
  repairedAt: string | null
}

export interface Run {
  id: string
  account: string | null
  scope: { payout: string } | { from: string; to: string }
  status: string
  startedAt: string
  stripe: { count: number; gross: number; fees: number; net: number }
  ledger: { count: number; gross: number; fees: number; net: number }
  currency?: string | null
  payout: { currency: string } | null
  error: string | null
  open?: number
  discrepancies?: Discrepancy[]
}

export const when = (iso: string) => iso.replace('T', ' ').slice(0, 19)
export const scopeText = (r: Run) =>
  'payout' in r.scope ? `payout ${r.scope.payout}` : `${r.scope.from} to ${r.scope.to}`
/**
 * An amount as money, in major units with its currency (`$51.00 USD`); the API keeps minor
 * units. Without a known currency (runs recorded before it was kept, or several currencies),
 * the integer as stored, said to be minor units.
 */
export function money(minor: number | null, currency: string | null | undefined): string {
  if (minor === null) return ''
  if (!currency) return `${minor} (minor units)`
  const shown = formatMoney(minor, currency, { locale: 'en-US' })
  return shown.includes(currency) ? shown : `${shown} ${currency}`
}
export const runCurrency = (r: Run) => r.currency ?? r.payout?.currency ?? null
export const REPAIRABLE = new Set([
  'MISSING_IN_LEDGER',
  'REFUND_NOT_RECORDED',
  'DISPUTE_NOT_RECORDED',
])
