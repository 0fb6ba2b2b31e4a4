-- Candidate self-service, "Mine data" (issue 19): a single-use link emailed to a candidate, valid 24 hours,
-- that opens "Dine data" for a short session. Only hashes of the link's and the session's tokens are kept, and
-- no address: a request for an address the company does not know is recorded without a candidate (nothing is
-- sent; the row only makes the work the same, so the answer's timing tells nothing). Deleted when the candidate
-- is anonymised; expired rows are removed when the company's next link is asked for.
CREATE TABLE self_service_links (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    candidate_id TEXT,
    token_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    session_hash TEXT,
    session_expires_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id)
);
CREATE UNIQUE INDEX self_service_links_by_token ON self_service_links (company_id, token_hash);
CREATE UNIQUE INDEX self_service_links_by_session ON self_service_links (company_id, session_hash);
CREATE INDEX self_service_links_by_candidate ON self_service_links (company_id, candidate_id);

-- An email that must not be kept once delivered (the confirmation of a candidate's own deletion, queued after
-- they were anonymised): sending it, or giving up on it, blanks its address, name and body.
ALTER TABLE outbox ADD COLUMN forget_when_sent BIGINT NOT NULL DEFAULT 0;
