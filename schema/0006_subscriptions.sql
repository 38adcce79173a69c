-- Subscriptions on Stripe's current API (basil and later): an invoice's PaymentIntent is known
-- only through `invoice_payment.paid`, and its campaign through the invoice's subscription.

-- A fact may link its object to the next one on the way to a campaign: a PaymentIntent to its
-- invoice (invoice_payment.paid), an invoice to its subscription (invoice.*, Checkout).
ALTER TABLE stripe_payment_facts ADD COLUMN link TEXT;
CREATE INDEX stripe_payment_facts_link ON stripe_payment_facts (link);

-- The current state of each subscription, from customer.subscription.* events: the newest
-- event wins (version = event time, then created < updated < deleted), so order does not matter.
-- monthly: the subscription's amount per month in minor units of currency.
CREATE TABLE stripe_subscriptions (
  id TEXT PRIMARY KEY,
  campaign TEXT,
  status TEXT NOT NULL,
  monthly BIGINT NOT NULL,
  currency TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX stripe_subscriptions_campaign ON stripe_subscriptions (campaign, status);

-- A signed body that cannot be a Stripe event is kept as `rejected` (answered 400, counts
-- nothing). The status check is part of the table, so the table is rebuilt (portable: SQLite and
-- D1 cannot alter a CHECK).
CREATE TABLE webhook_events_next (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  created BIGINT NOT NULL,
  livemode INTEGER NOT NULL DEFAULT 0,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('processed', 'ignored', 'failed', 'rejected')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  received_at TEXT NOT NULL,
  processed_at TEXT NOT NULL
);
INSERT INTO webhook_events_next (id, type, created, livemode, payload, status, error, attempts,
    received_at, processed_at)
  SELECT id, type, created, livemode, payload, status, error, attempts, received_at, processed_at
  FROM webhook_events;
DROP TABLE webhook_events;
ALTER TABLE webhook_events_next RENAME TO webhook_events;
CREATE INDEX webhook_events_status ON webhook_events (status, received_at);
CREATE INDEX webhook_events_type ON webhook_events (type, received_at);
