-- Screening beyond moving and notes: the company's own evaluation forms, evaluations (one per member per
-- application per step), rejection and archiving, the company's email templates, and the activity timeline.

-- A company's own evaluation form: criteria rated 1–5 and free-text questions, as one JSON document
-- (`definition`), read and written whole. Steps refer to it as `custom:<id>` in `pipeline_steps.evaluation_form`.
CREATE TABLE evaluation_forms (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id)
);

-- An evaluation: the overall recommendation ('definitely_not', 'no', 'yes', 'strong_yes'), a comment, and for a
-- company form the ratings and answers (JSON arrays in the form's order). Once per author, application and step.
CREATE TABLE evaluations (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    author_user_id TEXT NOT NULL,
    form TEXT NOT NULL,
    recommendation TEXT NOT NULL,
    ratings TEXT NOT NULL,
    answers TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    UNIQUE (company_id, application_id, step_id, author_user_id),
    FOREIGN KEY (company_id, application_id) REFERENCES applications (company_id, id),
    FOREIGN KEY (company_id, step_id) REFERENCES pipeline_steps (company_id, id),
    FOREIGN KEY (company_id, author_user_id) REFERENCES employees (company_id, user_id)
);

-- A rejected application is also archived (off the board); `rejection_reason` is a code from domain.
ALTER TABLE applications ADD COLUMN rejected_at BIGINT;
ALTER TABLE applications ADD COLUMN rejection_reason TEXT;

-- The company's email templates (rejections, messages to candidates); placeholders checked on save.
CREATE TABLE email_templates (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id)
);

-- What happened to a candidate, in order: applied, sourced, moved, evaluated, noted, emailed, rejected, archived,
-- restored. `application_id` ties an entry to one application, so a viewer sees only the entries of the
-- applications they may see (and the candidate-wide ones: notes).
CREATE TABLE activities (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    application_id TEXT,
    kind TEXT NOT NULL,
    actor_user_id TEXT,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id)
);
CREATE INDEX activities_by_candidate ON activities (company_id, candidate_id, created_at);
