-- Every webhook reads the default campaign (is_default = 1) with the campaigns it names: with
-- an index the read is an index search, so a webhook costs the same with 10,000 campaigns as
-- with ten (it was a scan of the whole table).
CREATE INDEX IF NOT EXISTS campaigns_is_default ON campaigns (is_default);
