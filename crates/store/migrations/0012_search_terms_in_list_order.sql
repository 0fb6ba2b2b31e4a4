-- Search in list order (docs/benchmarks.md, docs/adr/0003-candidate-search.md). Each term carries its candidate's
-- list date (candidates.latest_applied_at, kept equal by store::list_summary and store::search), so that the
-- newest candidates matching a word are read from one index range and sorted there, instead of looking up the
-- date of every match (13,107 lookups for "hansen" at a million candidates) or probing candidate by candidate.
ALTER TABLE search_terms ADD COLUMN latest_applied_at BIGINT;
UPDATE search_terms SET latest_applied_at = (
    SELECT c.latest_applied_at FROM candidates c
    WHERE c.company_id = search_terms.company_id AND c.id = search_terms.candidate_id);
CREATE INDEX search_terms_by_term_in_order
    ON search_terms (company_id, term, latest_applied_at, candidate_id, application_id);
DROP INDEX search_terms_by_term;
