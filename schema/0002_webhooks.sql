-- Stripe webhooks: every verified event, and facts about payments learnt from enriching events.

-- One row per Stripe event id. status: processed | ignored | failed. Written in the same atomic
-- unit as the event's ledger effect, so a stored "processed" event always has its money.
CREATE TABLE webhook_events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  created BIGINT NOT NULL,
  livemode INTEGER NOT NULL DEFAULT 0,
  payload TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('processed', 'ignored', 'failed')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  received_at TEXT NOT NULL,
  processed_at TEXT NOT NULL
);
CREATE INDEX webhook_events_status ON webhook_events (status, received_at);
CREATE INDEX webhook_events_type ON webhook_events (type, received_at);

-- What enriching events (Checkout Session, invoice.paid) and charge events say about a payment
-- (pi_... or ch_...), kept so a payment that arrives later picks them up. First writer wins.
CREATE TABLE stripe_payment_facts (
  payment_ref TEXT NOT NULL,
  source TEXT NOT NULL,
  campaign TEXT,
  donor TEXT,
  charge_created BIGINT,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (payment_ref, source)
);
