-- Personal API keys: a key acts as its employee in one company, with that employee's role and hiring teams, so the
-- API sees exactly what the UI shows them. Only the SHA-256 of the key is kept; `prefix` identifies it in lists.
CREATE TABLE api_keys (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX api_keys_by_user ON api_keys (company_id, user_id);
