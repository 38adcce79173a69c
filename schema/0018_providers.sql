-- A second processor (issue 22). Every ledger entry already names who wrote it in `source`:
-- 'stripe' for Stripe's money (all existing entries), 'paypal' for PayPal's, 'admin' for
-- adjustments and reversals. New providers' keys are provider:kind:naturalId.

-- Which campaign takes a provider's money when its events name none (PayPal without custom_id).
-- One provider is claimed by at most one campaign: the primary key says so.
-- Portable: SQLite, PostgreSQL and D1.
CREATE TABLE campaign_sources (
  provider TEXT PRIMARY KEY,
  campaign TEXT NOT NULL REFERENCES campaigns (slug),
  created_at TEXT NOT NULL
);
CREATE INDEX campaign_sources_campaign ON campaign_sources (campaign);
