-- Notes on a candidate: visible to everyone who may see the candidate; author and time kept; deleting marks.
CREATE TABLE notes (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    author_user_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, candidate_id) REFERENCES candidates (company_id, id),
    FOREIGN KEY (company_id, author_user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX notes_by_candidate ON notes (company_id, candidate_id, created_at);
