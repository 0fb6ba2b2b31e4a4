-- Anonymising a candidate (issue 19) looks up whether another file row still points at a stored object, and the
-- emails to the person's address from before emails were tagged with a candidate. Without these indexes both
-- read the whole table once per candidate: a retention pass over a million candidates read the files table
-- (with its CV text) once for each one it anonymised.
CREATE INDEX files_by_storage_key ON files (storage_key);
CREATE INDEX outbox_by_address ON outbox (company_id, LOWER(to_address));
