-- NAV's manual review of an ad (ADR 0021): after a transfer NAV took, the worker asks NAV's adminstatus
-- (`GET /api/v1/adminstatus/{providerId}/{reference}`) with growing pauses until NAV has decided. Kept per
-- transfer: NAV's `status` and `publishStatus` words, its `message` (why it rejected the ad) and the ad's `uuid`
-- at NAV. Still nothing about candidates: the anonymisation and the data export have nothing to cover here.
-- `next_check_at` NULL: not (or no longer) asked about; `checks` counts the looks for the backoff.
ALTER TABLE nav_transfers ADD COLUMN review_status TEXT;
ALTER TABLE nav_transfers ADD COLUMN publish_status TEXT;
ALTER TABLE nav_transfers ADD COLUMN review_message TEXT;
ALTER TABLE nav_transfers ADD COLUMN review_uuid TEXT;
ALTER TABLE nav_transfers ADD COLUMN checks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE nav_transfers ADD COLUMN next_check_at BIGINT;
CREATE INDEX nav_transfers_check ON nav_transfers (next_check_at);
