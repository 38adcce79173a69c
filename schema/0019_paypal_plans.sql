-- Giving through PayPal from the donate page (issue 22, section 3). Portable: SQLite,
-- PostgreSQL and D1. PayPal's Subscriptions need a catalog product and a billing plan: one
-- product per campaign, one plan per amount, currency and interval (`every`: month or year),
-- created on demand the first time a reader asks for them and reused after. `api` is the
-- PayPal API's origin (PAYPAL_API_URL): sandbox ids mean nothing live.
CREATE TABLE paypal_products (
  api TEXT NOT NULL,
  campaign TEXT NOT NULL,
  product_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (api, campaign)
);

CREATE TABLE paypal_plans (
  api TEXT NOT NULL,
  campaign TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  every TEXT NOT NULL,
  plan_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (api, campaign, currency, amount, every)
);
CREATE INDEX paypal_plans_plan ON paypal_plans (plan_id);
