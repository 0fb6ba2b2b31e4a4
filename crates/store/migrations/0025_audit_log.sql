-- Revisjonslogg (issue 19): how many months the company keeps its audit log (the retention pass removes older
-- events), and an index for the log page's filter by action.
ALTER TABLE companies ADD COLUMN audit_months BIGINT NOT NULL DEFAULT 24;
CREATE INDEX audit_events_by_action ON audit_events (company_id, action, created_at);
