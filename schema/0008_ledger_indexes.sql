-- Write speed: every webhook's ledger insert updates each index of ledger_entries. The
-- (campaign, month) index is the leading part of (campaign, month, recorded_at, id) from 0003,
-- which serves every query it served (sums per month, a month's listing), so it goes.
-- Portable: SQLite, PostgreSQL and D1.
DROP INDEX ledger_entries_campaign_month;
