-- Privacy (issue 19): the company's retention policy, when a posting was closed (a recruitment ends for its
-- applications then), anonymised candidates, and which candidate an email is to or about (so anonymising them
-- finds it without reading every email's text).

-- Months after a recruitment ends that a candidate is kept (0–120), and how long a talent-pool consent lasts.
ALTER TABLE companies ADD COLUMN retention_months BIGINT NOT NULL DEFAULT 6;
ALTER TABLE companies ADD COLUMN talent_pool_months BIGINT NOT NULL DEFAULT 12;

-- When the posting was last set to Stengt; NULL while it is not closed (reopening clears it). Postings closed
-- before this migration count as closed since their last change.
ALTER TABLE postings ADD COLUMN closed_at BIGINT;
UPDATE postings SET closed_at = updated_at WHERE status = 'closed';

-- Set when the candidate was anonymised: what remains is statistics ("Anonymisert kandidat").
ALTER TABLE candidates ADD COLUMN anonymised_at BIGINT;

ALTER TABLE outbox ADD COLUMN candidate_id TEXT;
CREATE INDEX outbox_by_candidate ON outbox (company_id, candidate_id) WHERE candidate_id IS NOT NULL;

-- Anonymising a candidate rewrites the details of the audit events about them (their applications, notes and
-- evaluations) without reading the company's whole log.
CREATE INDEX audit_events_by_subject ON audit_events (company_id, subject);
