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
