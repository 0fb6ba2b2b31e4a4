-- Step automations (issue 22, part 4): «Når en kandidat flyttes hit» per pipeline step — an email template sent to
-- the candidate (at once, or `auto_delay_hours` later) and/or an employee the application is assigned to. The
-- template and employee are plain ids, not foreign keys: a template deleted afterwards leaves the step pointing at
-- nothing, which the posting form shows and the mover never trips over (nothing is sent).
ALTER TABLE pipeline_steps ADD COLUMN auto_template_id TEXT;
ALTER TABLE pipeline_steps ADD COLUMN auto_delay_hours BIGINT NOT NULL DEFAULT 0;
ALTER TABLE pipeline_steps ADD COLUMN auto_assign_to TEXT;

-- A delayed automatic email waiting for its time. Ids only (the email is filled when it is due, from the
-- template as it then is); cancelled (deleted) when the application leaves the step, is closed, or the candidate
-- is anonymised. Personal data by association: deleted on anonymisation, listed in the candidate's export.
CREATE TABLE scheduled_emails (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    template_id TEXT NOT NULL,
    -- Who moved the candidate: the email goes out in their name (replies to them), as if sent by hand.
    sender_user_id TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, application_id) REFERENCES applications (company_id, id) ON DELETE CASCADE
);
CREATE INDEX scheduled_emails_by_application ON scheduled_emails (company_id, application_id);
CREATE INDEX scheduled_emails_by_candidate ON scheduled_emails (company_id, candidate_id);
-- The sending pass looks for what is due, across companies.
CREATE INDEX scheduled_emails_due ON scheduled_emails (due_at);

-- The email log says which emails an automation sent.
ALTER TABLE outbox ADD COLUMN automatic BIGINT NOT NULL DEFAULT 0;
