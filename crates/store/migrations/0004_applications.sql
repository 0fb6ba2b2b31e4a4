-- Candidates (one per person per company, deduplicated by email case-insensitively), their applications (one per
-- candidate and posting) and uploaded files. `search_text` is the folded text that search (later) matches.
CREATE TABLE candidates (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    linkedin TEXT,
    search_text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, email_key)
);
CREATE INDEX candidates_by_time ON candidates (company_id, created_at);

CREATE TABLE applications (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    -- 'applied' (through the posting's form) or 'sourced' (by an employee, from another posting)
    source_kind TEXT NOT NULL,
    source_posting_id TEXT,
    sourced_by TEXT,
    -- JSON object: ?source= and utm_* values the link carried
    source_detail TEXT NOT NULL,
    answers TEXT NOT NULL,
    education TEXT NOT NULL,
    work_experience TEXT,
    consent_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    archived_at BIGINT,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, candidate_id, posting_id),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id),
    FOREIGN KEY (company_id, posting_id) REFERENCES postings (company_id, id),
    FOREIGN KEY (company_id, step_id) REFERENCES pipeline_steps (company_id, id)
);
CREATE INDEX applications_by_posting_step ON applications (company_id, posting_id, step_id, created_at);
CREATE INDEX applications_by_candidate ON applications (company_id, candidate_id);

CREATE TABLE files (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    -- 'cv' or 'cover_letter'
    kind TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    text_content TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, application_id) REFERENCES applications (company_id, id)
);
CREATE INDEX files_by_application ON files (company_id, application_id);

-- The company's own privacy notice per language; NULL means the default text.
ALTER TABLE companies ADD COLUMN privacy_notice_nb TEXT;
ALTER TABLE companies ADD COLUMN privacy_notice_en TEXT;
