-- A campaign's bar settings (button label, tagline, ...) as one JSON text: new display
-- settings need no schema change. NULL means none. Portable: SQLite, PostgreSQL and D1.
ALTER TABLE campaigns ADD COLUMN bar TEXT;
