-- What the Kandidater list and the Stillinger counts read at a million candidates without scanning
-- (docs/benchmarks.md): kept in step by every write of an application (store::list_summary).

-- A candidate's applications newest first (replacing the index by candidate alone: without the time, SQLite
-- answered "the newest of this candidate's applications" by walking every application of the company in time
-- order).
DROP INDEX applications_by_candidate;
CREATE INDEX applications_by_candidate ON applications (company_id, candidate_id, created_at);

-- The candidate's newest application that is not archived (newest by created_at, then id): the row the
-- unfiltered list shows and sorts by date. NULL when every application is archived.
ALTER TABLE candidates ADD COLUMN latest_application_id TEXT;
ALTER TABLE candidates ADD COLUMN latest_applied_at BIGINT;
UPDATE candidates SET latest_application_id = (
    SELECT a.id FROM applications a
    WHERE a.company_id = candidates.company_id AND a.candidate_id = candidates.id AND a.archived_at IS NULL
    ORDER BY a.created_at DESC, a.id DESC LIMIT 1);
UPDATE candidates SET latest_applied_at = (
    SELECT a.created_at FROM applications a
    WHERE a.company_id = candidates.company_id AND a.id = candidates.latest_application_id);
CREATE INDEX candidates_by_latest ON candidates (company_id, latest_applied_at, id)
    WHERE latest_applied_at IS NOT NULL;

-- How many applications that are not archived each step holds.
ALTER TABLE pipeline_steps ADD COLUMN active_applications BIGINT NOT NULL DEFAULT 0;
UPDATE pipeline_steps SET active_applications = (
    SELECT COUNT(*) FROM applications a
    WHERE a.company_id = pipeline_steps.company_id AND a.posting_id = pipeline_steps.posting_id
      AND a.step_id = pipeline_steps.id AND a.archived_at IS NULL);

-- The Kilde filter walks one source's applications in time order.
CREATE INDEX applications_by_source ON applications (company_id, source_posting_id, created_at, candidate_id);

-- Written since 0004 but never read: search uses search_terms (0007).
ALTER TABLE candidates DROP COLUMN search_text;
