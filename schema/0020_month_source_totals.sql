-- Each month's money by provider, kept beside month_totals. A progress read that
-- missed the render cache summed every counted entry of the month by provider (a self-join for
-- admin reversals), so its cost grew with the month; now it reads these few rows by key.
-- Written in the same unit as each entry (src/store/ledger.ts), rebuilt and checked by
-- recompute (src/store/totals.ts). Portable: SQLite, PostgreSQL and D1.
--
-- The rule (as the read had it): an entry counts for its own source; an admin's reversal for
-- the source of the entry it reverses. Adjustments, reversals of them, and anything else that
-- comes to 'admin' or to no source are left out. Counted entries only.
CREATE TABLE month_source_totals (
  campaign TEXT NOT NULL REFERENCES campaigns (slug),
  month TEXT NOT NULL,
  provider TEXT NOT NULL,
  gross BIGINT NOT NULL DEFAULT 0,
  fees BIGINT NOT NULL DEFAULT 0,
  donations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign, month, provider)
);

-- Filled from the ledger as it stands, by the same rule.
INSERT INTO month_source_totals (campaign, month, provider, gross, fees, donations)
SELECT campaign, month, p, CAST(SUM(amount) AS BIGINT), CAST(COALESCE(SUM(fee), 0) AS BIGINT),
    CAST(SUM(donation) AS BIGINT)
  FROM (SELECT l.campaign AS campaign, l.month AS month,
      CASE WHEN l.source = 'admin' THEN o.source ELSE l.source END AS p,
      l.amount AS amount, l.fee AS fee, l.donation AS donation
    FROM ledger_entries l
    LEFT JOIN ledger_entries o ON l.kind = 'reversal' AND o.id = l.source_id
    WHERE l.counted = 1 AND l.campaign IS NOT NULL AND l.month IS NOT NULL) AS e
  WHERE p IS NOT NULL AND p <> 'admin'
  GROUP BY campaign, month, p;
