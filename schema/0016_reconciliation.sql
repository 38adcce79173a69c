-- Reconciliation against Stripe's balance transactions and payouts (issue 21, section 2).

-- One run: its scope (a payout, or a time range), the account it covers (a connected account,
-- NULL for the platform's own), its totals on each side as JSON, and how it ended.
CREATE TABLE reconciliation_runs (
  id TEXT PRIMARY KEY,
  account TEXT,
  scope TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  payout TEXT,
  stripe_totals TEXT,
  ledger_totals TEXT,
  error TEXT
);
CREATE INDEX reconciliation_runs_started ON reconciliation_runs (started_at, id);

-- The balance transactions a run saw, so the ledger's side is compared in SQL, not in memory.
CREATE TABLE reconciliation_items (
  run_id TEXT NOT NULL,
  balance_transaction TEXT NOT NULL,
  PRIMARY KEY (run_id, balance_transaction)
);

-- Each difference a run named, with exactly one code; repaired_at once a repair closed it.
CREATE TABLE reconciliation_discrepancies (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  code TEXT NOT NULL,
  balance_transaction TEXT,
  object TEXT,
  campaign TEXT,
  month TEXT,
  expected BIGINT,
  actual BIGINT,
  note TEXT NOT NULL,
  repaired_at TEXT,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX reconciliation_discrepancies_code ON reconciliation_discrepancies (code);
