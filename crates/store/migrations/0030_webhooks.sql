-- Webhooks (ADR 0013): a company's endpoints and the deliveries queued for them in the same transaction as the
-- change they announce. The secret must sign, so it is kept as given (like an SMTP password), never hashed; the
-- previous one stays valid until `previous_secret_until` after a rotation. `failing_since`: every retry of a
-- delivery ran out; `disabled_at`: the receiver answered 410 Gone.
CREATE TABLE webhook_endpoints (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    previous_secret TEXT,
    previous_secret_until BIGINT,
    created_at BIGINT NOT NULL,
    failing_since BIGINT,
    disabled_at BIGINT,
    deleted_at BIGINT,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id) REFERENCES companies (id)
);

-- A delivery holds ids and what changed, never a person's details: those are read when it is sent, and left out
-- for a candidate anonymised meanwhile, so anonymisation has nothing to scrub here. Creation order (`created_at`, then the time-ordered `id`) orders the deliveries
-- of one endpoint: a later one is not sent while an earlier one of the same application is still pending.
CREATE TABLE webhook_deliveries (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    endpoint_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    ordering_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    candidate_id TEXT,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_status_code BIGINT,
    last_error TEXT,
    last_attempt_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, endpoint_id) REFERENCES webhook_endpoints (company_id, id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (company_id, endpoint_id, created_at);
CREATE INDEX webhook_deliveries_by_key ON webhook_deliveries (company_id, endpoint_id, ordering_key, created_at);
