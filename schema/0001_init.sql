-- supportbar initial schema.
-- Portable subset: the same file is applied to SQLite, PostgreSQL and Cloudflare D1.
-- Money is BIGINT minor units; times are ISO-8601 UTC text; flags are INTEGER 0/1.

CREATE TABLE campaigns (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  default_goal BIGINT NOT NULL CHECK (default_goal >= 0),
  timezone TEXT NOT NULL,
  locale TEXT NOT NULL,
  donate_url TEXT,
  is_default INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Per-month goal and label; absent means the campaign's default goal and a label from its locale.
CREATE TABLE campaign_months (
  campaign TEXT NOT NULL REFERENCES campaigns (slug),
  month TEXT NOT NULL,
  goal BIGINT CHECK (goal >= 0),
  label TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (campaign, month)
);

-- Append-only: rows are inserted, never updated or deleted. entry_key is the natural key from
-- the source (pi_..., re_..., txn_..., a manual adjustment's id), so money is never counted twice.
-- counted = 0 keeps money aside (unattributed, or in another currency without a conversion).
-- donation is +1 for a payment, -1/+1 when a payment moves between campaigns, else 0.
CREATE TABLE ledger_entries (
  id TEXT PRIMARY KEY,
  entry_key TEXT NOT NULL UNIQUE,
  campaign TEXT REFERENCES campaigns (slug),
  month TEXT,
  kind TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  counted INTEGER NOT NULL DEFAULT 1,
  donation INTEGER NOT NULL DEFAULT 0,
  donor TEXT,
  source TEXT NOT NULL,
  source_id TEXT,
  payment_ref TEXT,
  note TEXT,
  actor TEXT,
  event_id TEXT,
  data TEXT,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX ledger_entries_campaign_month ON ledger_entries (campaign, month);
CREATE INDEX ledger_entries_recorded ON ledger_entries (recorded_at, id);
CREATE INDEX ledger_entries_payment_ref ON ledger_entries (payment_ref);

-- Materialized totals, written in the same transaction as the entries; rebuilt by recompute.
CREATE TABLE month_totals (
  campaign TEXT NOT NULL REFERENCES campaigns (slug),
  month TEXT NOT NULL,
  pledged BIGINT NOT NULL DEFAULT 0,
  donations INTEGER NOT NULL DEFAULT 0,
  donors INTEGER NOT NULL DEFAULT 0,
  entries INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (campaign, month)
);

-- Net donations per donor and month (derived from the ledger): a donor counts while n > 0.
CREATE TABLE month_donors (
  campaign TEXT NOT NULL,
  month TEXT NOT NULL,
  donor TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign, month, donor)
);
