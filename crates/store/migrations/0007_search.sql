-- Candidate search and the Kandidater list (docs/adr/0003-candidate-search.md).
--
-- search_terms: the folded words (domain::search) of what a candidate can be found by, one row per word and
-- origin. Terms are bytes (BYTEA; a blob on SQLite) so that equality, order and the prefix range a query word
-- scans are byte order on both backends, whatever collation the PostgreSQL database has.
CREATE TABLE search_terms (
    company_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    -- What the words came from, replaced whole when it changes: 'c:<candidate>' (name, email, phone),
    -- 'n:<note>', 'f:<file>'.
    origin TEXT NOT NULL,
    -- '' where everyone who may see the candidate may match (details, notes); otherwise the application whose
    -- file the words are from, matched only by those who may see that application.
    application_id TEXT NOT NULL,
    term BYTEA NOT NULL,
    PRIMARY KEY (company_id, origin, term),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id)
);
-- A query word is a range scan here; the rest of the row answers without visiting the table.
CREATE INDEX search_terms_by_term ON search_terms (company_id, term, candidate_id, application_id);
-- A common word is checked candidate by candidate instead.
CREATE INDEX search_terms_by_candidate ON search_terms (company_id, candidate_id, term);

-- The name as the list sorts it (folded, as bytes: the same order on both backends). NULL until indexed: rows
-- that existed before this migration are indexed by `store::search::backfill` when the database is migrated.
ALTER TABLE candidates ADD COLUMN sort_name BYTEA;
CREATE INDEX candidates_by_sort_name ON candidates (company_id, sort_name, id);

-- The list sorted by date walks applications newest first.
CREATE INDEX applications_by_time ON applications (company_id, created_at, candidate_id);
