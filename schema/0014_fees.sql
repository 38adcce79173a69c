-- Gross, fee and net on every entry from Stripe (issue 21).

-- Each Stripe entry keeps its balance transaction (txn_...) and, in the entry's currency (the
-- campaign's when it counts), its fee and net (gross is amount; net = amount - fee). NULL fee:
-- not known yet; under asynchronous capture it comes later as a new entry of kind 'fee'. The
-- settlement currency and Stripe's exchange rate (as text, exactly as Stripe sent it) are kept
-- when the balance transaction is in another currency than the entry.
ALTER TABLE ledger_entries ADD COLUMN balance_transaction TEXT;
ALTER TABLE ledger_entries ADD COLUMN fee BIGINT;
ALTER TABLE ledger_entries ADD COLUMN net BIGINT;
ALTER TABLE ledger_entries ADD COLUMN settlement_currency TEXT;
ALTER TABLE ledger_entries ADD COLUMN exchange_rate TEXT;
CREATE INDEX ledger_entries_balance_transaction ON ledger_entries (balance_transaction);

-- The month's fees (gross stays in pledged; net = pledged - fees), kept with the entries.
ALTER TABLE month_totals ADD COLUMN fees BIGINT NOT NULL DEFAULT 0;

-- Which total the bar shows as pledged: 'gross' (the default) or 'net'.
ALTER TABLE campaigns ADD COLUMN bar_amount TEXT NOT NULL DEFAULT 'gross';
