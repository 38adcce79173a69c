-- The currency of a reconciliation's figures, so people read them as money (issue 21): a run's
-- totals (Stripe's settlement currency of its donation transactions; NULL when none was listed
-- or they came in several), and each difference's expected and actual. NULL on rows written
-- before. Portable: SQLite, PostgreSQL and D1.
ALTER TABLE reconciliation_runs ADD COLUMN currency TEXT;
ALTER TABLE reconciliation_discrepancies ADD COLUMN currency TEXT;
