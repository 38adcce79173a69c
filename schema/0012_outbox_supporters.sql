-- After the gift: thank-you (and manage-link) e-mails through an outbox, and the opt-in donor wall.

-- One row per e-mail to send. A thank-you is keyed by its payment (`thanks:pi_…`), written in the
-- same atomic unit as the payment's ledger entry or as the event that brought the address, so a
-- payment gets exactly one row whatever the order or repetition of Stripe's events.
-- address: the recipient, AES-GCM ciphertext under MAIL_KEY (never in clear), NULL once sent or
-- dropped. data: JSON the message needs besides the ledger (a manage link's customers), no address.
-- status: pending -> sent | dropped. lease_until: a sender holds the row until then.
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payment_ref TEXT,
  campaign TEXT,
  address TEXT,
  data TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at TEXT NOT NULL,
  lease_until TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_at);

-- Display names donors chose to show, only with their consent (Checkout custom fields), one per
-- Checkout payment (its PaymentIntent, or its first invoice for a recurring gift).
CREATE TABLE supporters (
  payment_ref TEXT PRIMARY KEY,
  campaign TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX supporters_campaign ON supporters (campaign, created_at);
