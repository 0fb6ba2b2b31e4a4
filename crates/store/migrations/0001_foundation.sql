-- One migration history for SQLite and PostgreSQL: only portable types (TEXT, BIGINT), ids are UUIDv7 text,
-- times are Unix milliseconds. Every tenant-owned row carries company_id in its primary key and foreign keys.

-- The first-run setup happens once per installation, ever: the single row makes a second setup impossible
-- even when two requests race.
CREATE TABLE installation (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    setup_at BIGINT NOT NULL
);

CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    default_language TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A login. One person is one user, whatever number of companies they work for.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE employees (
    company_id TEXT NOT NULL REFERENCES companies (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    invited_at BIGINT,
    joined_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, user_id)
);
CREATE INDEX employees_by_user ON employees (user_id);

-- Only the SHA-256 of a session token is stored: a leaked database does not hand out sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    FOREIGN KEY (company_id, user_id) REFERENCES employees (company_id, user_id)
);
CREATE INDEX sessions_by_employee ON sessions (company_id, user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE audit_events (
    company_id TEXT NOT NULL REFERENCES companies (id),
    id TEXT NOT NULL,
    actor_user_id TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id)
);
CREATE INDEX audit_events_by_time ON audit_events (company_id, created_at);
