-- Audit trail of admin changes: who (the admin token's label, never the token), when, what.
-- Rows are appended in the same atomic unit as the change they describe, never updated.
-- id sorts by time (then a per-process sequence), so it is the keyset for pagination.
-- before_json/after_json hold the changed object as JSON text (NULL where it does not apply).

CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  campaign TEXT,
  target TEXT,
  before_json TEXT,
  after_json TEXT,
  request_id TEXT
);
CREATE INDEX audit_log_campaign ON audit_log (campaign, id);
CREATE INDEX audit_log_action ON audit_log (action, id);

-- Keyset pages of one campaign's ledger (admin listing, CSV export), with or without a month:
-- without these, a page read walks the whole (recorded_at, id) index and filters it.
CREATE INDEX ledger_entries_campaign_recorded ON ledger_entries (campaign, recorded_at, id);
CREATE INDEX ledger_entries_campaign_month_recorded ON ledger_entries (campaign, month, recorded_at, id);
