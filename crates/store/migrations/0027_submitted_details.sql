-- What each application submitted about the person (issue 23, finding 2): the public form is unverified, so it
-- never overwrites the candidate that staff see. A candidate's details are set only when the candidate is new;
-- afterwards, an application whose details differ is shown on the profile ("Nye opplysninger i søknad") until
-- someone who may edit the candidate accepts them (`settled_at`, set on that row and every older one). Personal
-- data: deleted when the candidate is anonymised, and part of the candidate's export.
CREATE TABLE submitted_details (
    company_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT,
    linkedin TEXT,
    created_at BIGINT NOT NULL,
    settled_at BIGINT,
    PRIMARY KEY (company_id, application_id),
    FOREIGN KEY (company_id, application_id) REFERENCES applications (company_id, id) ON DELETE CASCADE
);
CREATE INDEX submitted_details_by_candidate ON submitted_details (company_id, candidate_id, created_at);
