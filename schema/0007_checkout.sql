-- Stripe Checkout from the donate page. Portable: SQLite, PostgreSQL and D1.
-- A campaign's checkout settings (enabled, presets, min, max, allowMonthly) as one JSON text;
-- NULL means the currency's defaults with checkout off.
ALTER TABLE campaigns ADD COLUMN checkout TEXT;

-- Sessions created under a client's Idempotency-Key: the same key answers the same session,
-- a key reused for another gift is refused. Rows older than a day are forgotten (as Stripe
-- forgets its idempotency keys).
CREATE TABLE checkout_requests (
  idempotency_key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  campaign TEXT NOT NULL,
  session_id TEXT NOT NULL,
  url TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX checkout_requests_created ON checkout_requests (created_at);
