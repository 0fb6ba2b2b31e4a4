-- Talentbank (issue 19): a candidate's consent to be kept past their recruitments and contacted about other
-- positions, given on the apply form. One row per candidate: a new application with the box ticked replaces it.
-- The exact text shown and its language are kept as given (the text names the company, never the person).
-- `renewal_token_hash`: the hash of the single-use "Forleng samtykke" link sent 30 days before expiry
-- (`reminder_sent_at`); cleared when used, withdrawn or replaced. Anonymising the candidate deletes the row.
CREATE TABLE talent_pool_consents (
    company_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    consent_text TEXT NOT NULL,
    language TEXT NOT NULL,
    given_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    renewed_at BIGINT,
    withdrawn_at BIGINT,
    reminder_sent_at BIGINT,
    renewal_token_hash TEXT,
    PRIMARY KEY (company_id, candidate_id),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id)
);

-- Valid consents of a company by expiry: the Kandidater filter "Talentbank" starts from these, and the reminder
-- sweep reads the range expiring within 30 days.
CREATE INDEX talent_pool_valid ON talent_pool_consents (company_id, expires_at) WHERE withdrawn_at IS NULL;
CREATE UNIQUE INDEX talent_pool_renewal ON talent_pool_consents (company_id, renewal_token_hash)
    WHERE renewal_token_hash IS NOT NULL;
