-- Assignment, triage and tags (issue 22, parts 1 and 2). Triage is a fact about one application and goes with it ('none',
-- 'starred', 'follow_up'; a constant default, so adding the column rewrites no rows on either backend). Tags are
-- the company's own words (`tags`, unique case-insensitively by `name_key`); which candidate carries which is
-- personal data (`candidate_tags`): deleted when the candidate is anonymised, and part of their export.
ALTER TABLE applications ADD COLUMN triage TEXT NOT NULL DEFAULT 'none';
-- «Tildel til ansatt» (issue 22, part 1): the one employee an application is handed to, and since when («Mine
-- oppgaver» lists them newest first, by `applications_by_assignee`). Goes with the application, as triage does.
ALTER TABLE applications ADD COLUMN assigned_to TEXT;
ALTER TABLE applications ADD COLUMN assigned_at BIGINT;
CREATE INDEX applications_by_assignee ON applications (company_id, assigned_to, assigned_at);
CREATE TABLE tags (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, name_key),
    FOREIGN KEY (company_id) REFERENCES companies (id)
);
CREATE TABLE candidate_tags (
    company_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    tag_id TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, candidate_id, tag_id),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id),
    FOREIGN KEY (company_id, tag_id) REFERENCES tags (company_id, id) ON DELETE CASCADE
);
CREATE INDEX candidate_tags_by_tag ON candidate_tags (company_id, tag_id, candidate_id);
