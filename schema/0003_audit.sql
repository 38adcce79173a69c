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
