-- The search index with integer keys (issue 24, item 1; docs/adr/0024-the-search-index-bytes.md, step 2). A term
-- row named its company, candidate and application by 36-character text ids and its origin as 'c:'/'n:'/'f:'
-- plus one more: 151 bytes of a row whose term is 6. Companies, candidates, applications, notes and files get an
-- integer `seq` beside their id (URLs, the API and exports keep the id), and the index names them by it.
--
-- `seq` is unique in its table. New rows get theirs from `store::seq` (PostgreSQL: a sequence per table, made
-- after the migrations by `Backend::after_migrate`; SQLite, one writer: the largest + 1). Rows that exist get
-- theirs in id order, so that for them seq order is id order: the Kandidater list by date, which breaks ties by
-- seq from now on, keeps its order.
ALTER TABLE companies ADD COLUMN seq BIGINT;
ALTER TABLE candidates ADD COLUMN seq BIGINT;
ALTER TABLE applications ADD COLUMN seq BIGINT;
ALTER TABLE notes ADD COLUMN seq BIGINT;
ALTER TABLE files ADD COLUMN seq BIGINT;
UPDATE companies SET seq = r.n FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM companies) r
    WHERE companies.id = r.id;
-- Candidates also lose their sort name, which marks them for indexing anew (below), in the same rewrite of
-- their rows; anonymised ones have nothing to index and keep theirs.
UPDATE candidates SET seq = r.n, sort_name = CASE WHEN anonymised_at IS NULL THEN NULL ELSE sort_name END
    FROM (SELECT company_id, id, ROW_NUMBER() OVER (ORDER BY id, company_id) AS n FROM candidates) r
    WHERE candidates.company_id = r.company_id AND candidates.id = r.id;
UPDATE applications SET seq = r.n
    FROM (SELECT company_id, id, ROW_NUMBER() OVER (ORDER BY id, company_id) AS n FROM applications) r
    WHERE applications.company_id = r.company_id AND applications.id = r.id;
UPDATE notes SET seq = r.n
    FROM (SELECT company_id, id, ROW_NUMBER() OVER (ORDER BY id, company_id) AS n FROM notes) r
    WHERE notes.company_id = r.company_id AND notes.id = r.id;
UPDATE files SET seq = r.n
    FROM (SELECT company_id, id, ROW_NUMBER() OVER (ORDER BY id, company_id) AS n FROM files) r
    WHERE files.company_id = r.company_id AND files.id = r.id;
CREATE UNIQUE INDEX companies_by_seq ON companies (seq);
CREATE UNIQUE INDEX candidates_by_seq ON candidates (seq);
CREATE UNIQUE INDEX applications_by_seq ON applications (seq);
CREATE UNIQUE INDEX notes_by_seq ON notes (seq);
CREATE UNIQUE INDEX files_by_seq ON files (seq);

-- The list by date breaks ties by seq (as the index's rows do).
DROP INDEX candidates_by_latest;
CREATE INDEX candidates_by_latest ON candidates (company_id, latest_applied_at, seq)
    WHERE latest_applied_at IS NOT NULL;

-- A row: a term of a candidate from an origin (`store::search::Origin`: 0 for the candidate's details, a note's
-- seq × 4 + 1, a file's seq × 4 + 2), the application whose file it is (0 for details and notes: matched by anyone
-- who sees the candidate) and the candidate's list date (migration 0012). The word index reads a company's terms
-- in list order. A candidate's terms are found (replaced, restamped, erased) by the index on the candidate alone,
-- not by a unique key (candidate, term, origin) as in 0037: every writer replaces an origin's terms as a set, and
-- PostgreSQL keeps an index of repeated values as one entry per value with a list of rows (deduplication), a
-- few bytes per term instead of 44. SQLite clusters the table on that key instead (`store::clustered`), where the
-- key is the table and costs nothing more.
DROP TABLE search_terms;
CREATE TABLE search_terms (
    company_seq BIGINT NOT NULL,
    candidate_seq BIGINT NOT NULL,
    term BYTEA NOT NULL,
    origin BIGINT NOT NULL,
    application_seq BIGINT NOT NULL,
    latest_applied_at BIGINT,
    FOREIGN KEY (candidate_seq) REFERENCES candidates (seq)
);
CREATE INDEX search_terms_by_candidate ON search_terms (candidate_seq);
CREATE INDEX search_terms_by_term_in_order
    ON search_terms (company_seq, term, latest_applied_at, candidate_seq, application_seq);

-- Every candidate whose sort name was taken above is indexed anew, in batches that each commit, by
-- `store::search::backfill` after the migrations (`ansett migrate`, or `serve`'s start): it picks up where it
-- stopped if interrupted.
