-- Kandidater offers every posting the viewer may see as a filter choice (Kilde, Stilling). Each server keeps
-- those choices in memory per company and viewer, and uses them only while the company's postings_version, read
-- with the session in the same query, is the one they were read at. Every write of a posting or a hiring team
-- raises it in its own transaction (store::postings), so a change is seen by every server at its next request.
ALTER TABLE companies ADD COLUMN postings_version BIGINT NOT NULL DEFAULT 0;
