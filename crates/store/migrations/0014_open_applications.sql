-- How many of a candidate's applications are not archived: the count an Administrator's or Rekrutterer's
-- unfiltered Kandidater list shows beside each candidate, read here instead of counted per row (each count was a
-- third of the list query's work on PostgreSQL). Kept in step with latest_application_id (0010) by
-- store::list_summary.
ALTER TABLE candidates ADD COLUMN open_applications BIGINT NOT NULL DEFAULT 0;
UPDATE candidates SET open_applications = (
    SELECT COUNT(*) FROM applications a
    WHERE a.company_id = candidates.company_id AND a.candidate_id = candidates.id AND a.archived_at IS NULL);
