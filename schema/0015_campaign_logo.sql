-- A campaign's logo, shown on its donate and thank-you pages. The image itself is kept apart
-- (campaign_logos) so that reading a campaign never reads its bytes; campaigns.logo holds what
-- a page needs to link it (JSON: version, content type, size), NULL for none. Both are written
-- in one atomic unit. data: the image as base64 text, portable to SQLite, PostgreSQL and D1 alike.
-- Portable: SQLite, PostgreSQL and D1.
ALTER TABLE campaigns ADD COLUMN logo TEXT;
CREATE TABLE campaign_logos (
  campaign TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at TEXT NOT NULL
);
