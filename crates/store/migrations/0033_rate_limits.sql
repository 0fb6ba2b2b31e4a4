-- Rate limits counted in the database, so that every server behind a load balancer counts the same events: the
-- apply limit per client address, and the "Mine data" link limits (store::rate_limits, app::rate_limit, ADR 0018).
-- One row per (limit, key, bucket): a counter of the events in a bucket a tenth of the limit's window long. A key
-- is a hash of what is limited (an address, an email key), never the value itself. Rows older than the longest
-- window are swept with the expired sessions.
CREATE TABLE rate_limits (
    key_hash TEXT NOT NULL,
    bucket_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (key_hash, bucket_start)
);
CREATE INDEX rate_limits_by_bucket ON rate_limits (bucket_start);
