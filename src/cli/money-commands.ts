import { amountArg, type Command, enc, MINOR, need, str, UsageError } from './command-args.js'

/** The commands that set goals, write to the ledger and read or rebuild the totals. */
export const MONEY_COMMANDS: Record<string, Command> = {
  'goal set': {
    usage: 'goal set SLUG YYYY-MM AMOUNT [--label TEXT]',
    summary: "Set a month's goal (and the label under the bar).",
    options: { label: ['string', "text under the bar, instead of the month's name"], ...MINOR },
    example: 'supportbar goal set news 2021-06 5000 --label "JUNE 2021"',
    call: async ([slug, month, goal], v, h) => {
      const s = need(slug, 'SLUG')
      return {
        method: 'PUT',
        path: `/api/admin/campaigns/${enc(s)}/months/${enc(need(month, 'YYYY-MM'))}`,
        body: {
          goal: amountArg(goal, await h.amountRulesOf(s), v, 'AMOUNT'),
          ...(str(v.label) ? { label: v.label } : {}),
        },
      }
    },
  },
  adjust: {
    usage: 'adjust SLUG YYYY-MM AMOUNT --reason TEXT [--donor D] [--key KEY]',
    summary: 'Add an offline gift (positive) or a correction (negative) to the ledger.',
    options: {
      reason: ['string', 'why; kept in the ledger and the audit trail'],
      donor: ['string', 'a gift with a donor counts as a donation'],
      key: ['string', 'idempotency key: running the same command again records it once'],
      ...MINOR,
    },
    example: 'supportbar adjust news 2021-06 -5.00 --reason "Cheque counted twice"',
    call: async ([slug, month, amount], v, h) => {
      const s = need(slug, 'SLUG')
      const reason = need(v.reason, '--reason')
      return {
        method: 'POST',
        path: `/api/admin/campaigns/${enc(s)}/adjustments`,
        body: {
          month: need(month, 'YYYY-MM'),
          amount: amountArg(amount, await h.amountRulesOf(s), v, 'AMOUNT'),
          reason,
          ...(str(v.donor) ? { donor: v.donor } : {}),
        },
        ...(str(v.key) ? { headers: { 'Idempotency-Key': v.key as string } } : {}),
      }
    },
  },
  ledger: {
    usage: 'ledger SLUG [--month YYYY-MM] [--limit N]',
    summary: "Print a campaign's ledger entries, oldest first (with the ids reverse takes).",
    options: {
      month: ['string', 'only this month'],
      limit: ['string', 'at most this many entries (1-500, 100 by default)'],
    },
    example: 'supportbar ledger news --month 2021-06',
    call: async ([slug], v) => {
      const q = new URLSearchParams()
      if (str(v.month)) q.set('month', v.month as string)
      if (str(v.limit)) q.set('limit', v.limit as string)
      return {
        method: 'GET',
        path: `/api/admin/campaigns/${enc(need(slug, 'SLUG'))}/ledger${q.size ? `?${q}` : ''}`,
      }
    },
  },
  reverse: {
    usage: 'reverse SLUG ENTRY-ID --reason TEXT',
    summary: 'Reverse a ledger entry: a counter-entry of the opposite amount in its month, once.',
    options: { reason: ['string', 'why; kept in the ledger and the audit trail'] },
    example: 'supportbar reverse news 0190a1b2-… --reason "Entered twice"',
    call: async ([slug, id], v) => ({
      method: 'POST',
      path: `/api/admin/campaigns/${enc(need(slug, 'SLUG'))}/ledger/${enc(need(id, 'ENTRY-ID'))}/reverse`,
      body: { reason: need(v.reason, '--reason') },
    }),
  },
  recompute: {
    usage: 'recompute [--campaign SLUG] [--month YYYY-MM]',
    summary: 'Rebuild the month totals from the ledger and print what differed.',
    options: {
      campaign: ['string', 'only this campaign'],
      month: ['string', 'only this month'],
    },
    example: 'supportbar recompute --campaign news',
    call: async (_args, v) => {
      const q = new URLSearchParams()
      if (str(v.campaign)) q.set('campaign', v.campaign as string)
      if (str(v.month)) q.set('month', v.month as string)
      return { method: 'POST', path: `/api/admin/recompute${q.size ? `?${q}` : ''}` }
    },
  },
  totals: {
    usage: 'totals SLUG [--month YYYY-MM]',
    summary: "Print a month's progress (this month by default), as the bar shows it.",
    options: { month: ['string', 'another month than the current one'] },
    example: 'supportbar totals news --month 2021-06',
    call: async ([slug], v) => ({
      method: 'GET',
      path: `/api/campaigns/${enc(need(slug, 'SLUG'))}/progress${str(v.month) ? `?month=${enc(v.month as string)}` : ''}`,
    }),
  },
  'paypal backfill': {
    usage: 'paypal backfill --since ISO-TIME',
    summary: "Replay PayPal's webhook events since a time (30 days at most); needs PAYPAL_*.",
    options: { since: ['string', 'e.g. 2026-11-01T00:00:00Z'] },
    example: 'supportbar paypal backfill --since 2026-11-01T00:00:00Z',
    call: async (_args, v) => ({
      method: 'POST',
      path: '/api/admin/paypal/backfill',
      body: { since: need(v.since, '--since') },
    }),
  },
  'sources backfill': {
    usage: 'sources backfill SOURCE --since ISO-TIME',
    summary:
      "Find what a platform's webhooks missed since a time, through its API (github, buymeacoffee, donorbox, opencollective, patreon); needs its API token.",
    options: { since: ['string', 'e.g. 2026-11-01T00:00:00Z'] },
    example: 'supportbar sources backfill github --since 2026-11-01T00:00:00Z',
    call: async ([source], v) => ({
      method: 'POST',
      path: `/api/admin/sources/${enc(need(source, 'SOURCE'))}/backfill`,
      body: { since: need(v.since, '--since') },
    }),
  },
  backfill: {
    usage: 'backfill --since ISO-TIME',
    summary: "Replay Stripe's events since a time (30 days at most); needs STRIPE_SECRET_KEY.",
    options: { since: ['string', 'e.g. 2021-06-01T00:00:00Z'] },
    example: 'supportbar backfill --since 2021-06-01T00:00:00Z',
    call: async (_args, v) => ({
      method: 'POST',
      path: '/api/admin/stripe/backfill',
      body: { since: need(v.since, '--since') },
    }),
  },
  reconcile: {
    usage: 'reconcile --payout po_… | --from ISO-TIME --to ISO-TIME [--account acct_…]',
    summary: 'Reconcile a Stripe payout or a time range against the ledger; prints the report.',
    options: {
      payout: ['string', 'a payout id, po_…'],
      from: ['string', 'start of a time range, e.g. 2021-06-01T00:00:00Z'],
      to: ['string', 'its end (excluded)'],
      account: ['string', "a Stripe Connect account acct_… (default: the platform's own)"],
      repair: ['string', 'repair the missing money of the run with this id instead'],
    },
    example: 'supportbar reconcile --payout po_1Q2w3E4r5T6y7U8i',
    call: async (_args, v) => {
      if (str(v.repair)) {
        return {
          method: 'POST',
          path: `/api/admin/reconciliations/${enc(v.repair as string)}/repair`,
        }
      }
      const account = str(v.account) ? { account: v.account } : {}
      if (str(v.payout) && (str(v.from) || str(v.to))) {
        throw new UsageError('give --payout, or --from and --to, not both')
      }
      if (str(v.payout)) {
        return {
          method: 'POST',
          path: '/api/admin/reconciliations',
          body: { payout: v.payout, ...account },
        }
      }
      return {
        method: 'POST',
        path: '/api/admin/reconciliations',
        body: { from: need(v.from, '--from (or --payout)'), to: need(v.to, '--to'), ...account },
      }
    },
  },
}
