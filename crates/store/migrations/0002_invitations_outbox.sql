-- Invitations: single-use, expiring links; only the token's SHA-256 is stored. The invited person is already an
-- employee (status 'invited'), so the invitation points at that employee row.
CREATE TABLE invitations (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    revoked_at BIGINT,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX invitations_by_employee ON invitations (company_id, user_id);

-- The transactional outbox: an email is a row written in the same transaction as the change that causes it,
-- rendered in full, and delivered by a worker. `locked_until` is the lease of the worker sending it.
CREATE TABLE outbox (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL,
    reply_to TEXT,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_company_time ON outbox (company_id, created_at);
