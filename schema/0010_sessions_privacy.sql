-- Console sessions kept in the database, so a sign-out ends a session on every instance and
-- across restarts. The cookie holds a random id; only its SHA-256 is stored here, so a copy of
-- the database holds no live cookie. token_hash ties the session to the admin token it was made
-- from (an HMAC keyed by that token): rotating or removing the token ends the session.
-- revoked_at is NULL while the session is live. Portable: SQLite, PostgreSQL and D1.
CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- A checkout request is claimed (state 'pending') before Stripe is asked, so concurrent
-- requests with one Idempotency-Key make one Checkout Session; rows from before are 'done'.
ALTER TABLE checkout_requests ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
