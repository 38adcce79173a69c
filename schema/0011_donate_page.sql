-- A campaign's donate page content (appeal, impact lines, privacy and contact links) as one
-- JSON text, like campaigns.bar (0004): new page fields need no schema change. NULL means none.
-- Portable: SQLite, PostgreSQL and D1.
ALTER TABLE campaigns ADD COLUMN page TEXT;
