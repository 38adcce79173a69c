-- Out-of-order Stripe events, settings kept by the service itself, and no donor e-mail at rest.

-- Money (a refund, a dispute's balance transaction) that arrived before its payment: kept here,
-- keyed by the ledger entry it will become, and applied in the payment's atomic unit, once.
-- effect holds the event's mapped money movement as JSON (no personal data).
CREATE TABLE stripe_parked (
  entry_key TEXT PRIMARY KEY,
  payment_ref TEXT NOT NULL,
  event_id TEXT NOT NULL,
  effect TEXT NOT NULL,
  parked_at TEXT NOT NULL
);
CREATE INDEX stripe_parked_payment ON stripe_parked (payment_ref);

-- Values the service generates once and keeps (the donor hash key when DONOR_HASH_KEY is unset).
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Facts now keep a keyed hash of the donor, never the e-mail; older rows kept it in clear.
UPDATE stripe_payment_facts SET donor = NULL;
