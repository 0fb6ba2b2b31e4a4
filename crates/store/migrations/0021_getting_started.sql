-- The getting-started panel an administrator sees on Stillinger after setup, until they dismiss it: dismissed by one
-- person in one company (an agency's administrator in a second company sees it there anew). What the panel ticks off
-- is read from the company's own rows, so nothing else is stored for it.
CREATE TABLE getting_started_dismissed (
    company_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    dismissed_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, user_id),
    FOREIGN KEY (company_id, user_id) REFERENCES employees (company_id, user_id)
);
