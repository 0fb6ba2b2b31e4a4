-- Where a posting's work happens and what it pays (issue 21, part 3). `workplace` is domain::workplace::Workplace
-- as JSON (its locations and the countries remote work is allowed from), NULL for none: it is read and written
-- whole with the posting, as `form_config` is, and the careers page filters its few open postings by city in
-- Rust. The salary range is in columns, whole kroner, so reports can compare it. No personal data.
ALTER TABLE postings ADD COLUMN workplace TEXT;
ALTER TABLE postings ADD COLUMN salary_min BIGINT;
ALTER TABLE postings ADD COLUMN salary_max BIGINT;
ALTER TABLE postings ADD COLUMN salary_unit TEXT;
