-- Every Stripe configuration counts exactly (issue 20).

-- A charge's balance transaction, once known: under asynchronous capture it comes with
-- charge.updated after the payment, whose money in another currency it then converts.
ALTER TABLE stripe_payment_facts ADD COLUMN balance_transaction TEXT;

-- Stripe Connect: the connected account (acct_...) whose events count to this campaign, and
-- on which its donate page creates Checkout Sessions. NULL: the platform's own account.
ALTER TABLE campaigns ADD COLUMN stripe_account TEXT;
CREATE INDEX campaigns_stripe_account ON campaigns (stripe_account);
