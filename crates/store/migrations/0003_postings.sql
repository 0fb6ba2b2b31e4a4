-- Job postings with their pipeline and hiring team. The application form and its questions are one JSON
-- document (`form_config`): read and written whole, never queried inside.
CREATE TABLE postings (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    position_type TEXT NOT NULL,
    contact_user_id TEXT NOT NULL,
    deadline TEXT,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    form_config TEXT NOT NULL,
    email_subject TEXT NOT NULL,
    email_body TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, contact_user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX postings_by_status ON postings (company_id, status, created_at);

CREATE TABLE pipeline_steps (
    company_id TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    id TEXT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    step_type TEXT NOT NULL,
    evaluation_form TEXT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, posting_id) REFERENCES postings (company_id, id)
);
CREATE INDEX pipeline_steps_by_posting ON pipeline_steps (company_id, posting_id, position);

CREATE TABLE hiring_team (
    company_id TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, posting_id, user_id),
    FOREIGN KEY (company_id, posting_id) REFERENCES postings (company_id, id),
    FOREIGN KEY (company_id, user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX hiring_team_by_member ON hiring_team (company_id, user_id);
