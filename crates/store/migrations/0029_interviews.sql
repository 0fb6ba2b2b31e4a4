-- Interviews ("Planlegg intervju", issue 22): one application, a time in Europe/Oslo (stored as UTC ms), a place or
-- video link, interviewers from the posting's hiring team. `sequence` counts the versions sent as calendar
-- invitations (iCalendar SEQUENCE, same UID = the id); a cancelled interview is kept (cancelled_at) so its
-- cancellation can be told apart from an interview that never was. Personal data: deleted when the candidate
-- is anonymised, part of the candidate's export.
CREATE TABLE interviews (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    place TEXT NOT NULL,
    template_id TEXT,
    sequence BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, application_id) REFERENCES applications (company_id, id) ON DELETE CASCADE
);
CREATE INDEX interviews_by_application ON interviews (company_id, application_id, starts_at);
CREATE INDEX interviews_by_candidate ON interviews (company_id, candidate_id);
-- The reminder pass looks for interviews that ended and have interviewers not yet reminded.
CREATE INDEX interviews_by_end ON interviews (ends_at);

-- Who interviews; `reminded_at`: when they were reminded to fill in the evaluation form (once).
CREATE TABLE interview_interviewers (
    company_id TEXT NOT NULL,
    interview_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    reminded_at BIGINT,
    PRIMARY KEY (company_id, interview_id, user_id),
    FOREIGN KEY (company_id, interview_id) REFERENCES interviews (company_id, id) ON DELETE CASCADE,
    FOREIGN KEY (company_id, user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX interview_interviewers_by_user ON interview_interviewers (company_id, user_id);

-- An email may carry a calendar invitation (the iCalendar text); the MIME builder adds it as a text/calendar part.
ALTER TABLE outbox ADD COLUMN calendar TEXT;
