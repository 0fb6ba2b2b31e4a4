-- Duplicates across agencies (issue 22, part 5): a candidate's phone as matching compares it, so that the same
-- person applying under another email is recognised ("Også søkt via …"). Written by `store::candidates` from
-- `domain::application::phone_key`; this backfill is the same rule in SQL (phones were validated to digits and
-- " +-()." only): formatting removed, then a leading +47 or 0047. Personal data: cleared when the candidate is
-- anonymised (so no later application matches them) and part of the candidate's export.
ALTER TABLE candidates ADD COLUMN phone_key TEXT;
UPDATE candidates SET phone_key = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')
    WHERE phone IS NOT NULL AND anonymised_at IS NULL;
UPDATE candidates SET phone_key = SUBSTR(phone_key, 4) WHERE phone_key LIKE '+47%';
UPDATE candidates SET phone_key = SUBSTR(phone_key, 5) WHERE phone_key LIKE '0047%';
UPDATE candidates SET phone_key = NULL WHERE phone_key = '';
CREATE INDEX candidates_by_phone ON candidates (company_id, phone_key);
