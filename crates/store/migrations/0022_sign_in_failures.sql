-- Failed sign-ins per account and client address, in the database so that a restart or a second server does not
-- forget them (store::sign_in_failures, app::sign_in_throttle). Throttling is per account and address together:
-- one address guessing a password slows down itself, never the account's owner signing in from elsewhere (the
-- security review locked any employee out for 15 minutes from any address). The account is kept as a hash of
-- its email key, so no email address is stored here; rows older than the window are purged.
CREATE TABLE sign_in_failures (
    account_hash TEXT NOT NULL,
    address TEXT NOT NULL,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    PRIMARY KEY (account_hash, address)
);
CREATE INDEX sign_in_failures_by_address ON sign_in_failures (address, last_failure_at);
