-- Publishing postings to arbeidsplassen (NAV's job import API; ADR 0021). Nothing here stores candidate data:
-- a company's NAV credentials, the facts about a posting NAV needs (the employer's organisation number, sector,
-- extent, positions, STYRK08 code) and the queue of transfers, which holds ids and NAV's answers only; so the
-- anonymisation and the data export have nothing to cover here.
-- The secret key must authenticate every request, so it is kept as given (like the SMTP password), never shown.
CREATE TABLE job_board_settings (
    company_id TEXT NOT NULL PRIMARY KEY,
    nav_provider_id TEXT NOT NULL,
    nav_secret TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    FOREIGN KEY (company_id) REFERENCES companies (id)
);

-- `on_nav_since`: the posting was published to NAV (and is not stopped); changes then send an update.
CREATE TABLE posting_nav (
    company_id TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    orgnr TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    extent TEXT NOT NULL DEFAULT '',
    positions BIGINT,
    styrk TEXT NOT NULL DEFAULT '',
    on_nav_since BIGINT,
    PRIMARY KEY (company_id, posting_id),
    FOREIGN KEY (company_id, posting_id) REFERENCES postings (company_id, id)
);

-- One row per send (`upsert`: the ad as the posting is when sent; `stop`: NAV's DELETE), sent in creation order
-- per posting. `receipt`: NAV's answer to a 2xx (versionId, status); `message`: its validation message on a 4xx.
CREATE TABLE nav_transfers (
    company_id TEXT NOT NULL,
    id TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    http_status BIGINT,
    message TEXT,
    receipt TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, id),
    FOREIGN KEY (company_id, posting_id) REFERENCES postings (company_id, id)
);
CREATE INDEX nav_transfers_due ON nav_transfers (status, next_attempt_at);
CREATE INDEX nav_transfers_by_posting ON nav_transfers (company_id, posting_id, created_at);
