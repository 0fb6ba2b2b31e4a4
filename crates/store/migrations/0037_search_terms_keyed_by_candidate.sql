-- Applying with real CVs (issue 24, item 4; docs/adr/0022-lighter-pages-and-cv-indexing.md): every CV term was
-- written to four B-trees — the table, its key (company_id, origin, term), the word index and the candidate index
-- (company_id, candidate_id, term). An origin belongs to one candidate ('c:<candidate>', 'n:<note>', 'f:<file>'
-- of one application), so the key can lead with the candidate, (company_id, candidate_id, term, origin), and be
-- the candidate index too: one B-tree fewer per term written. Replacing an origin's terms now names its candidate
-- (store::search::replace), which the key's first columns find.
--
-- Neither backend changes a table's key in place the same way, so the table is built anew and filled from the
-- old one in the key's order (so the key's pages are filled densely; at a million candidates every term row is
-- copied once).
CREATE TABLE search_terms_0037 (
    company_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    application_id TEXT NOT NULL,
    term BYTEA NOT NULL,
    latest_applied_at BIGINT,
    CONSTRAINT search_terms_key PRIMARY KEY (company_id, candidate_id, term, origin),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id)
);
INSERT INTO search_terms_0037 (company_id, candidate_id, origin, application_id, term, latest_applied_at)
    SELECT company_id, candidate_id, origin, application_id, term, latest_applied_at FROM search_terms
    ORDER BY company_id, candidate_id, term, origin;
DROP TABLE search_terms;
ALTER TABLE search_terms_0037 RENAME TO search_terms;
CREATE INDEX search_terms_by_term_in_order
    ON search_terms (company_id, term, latest_applied_at, candidate_id, application_id);
