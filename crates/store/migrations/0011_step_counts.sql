-- Each step's count of applications that are not archived moves out of pipeline_steps into a table of its own
-- (docs/benchmarks.md). Every application written updates its step's count; on PostgreSQL each update is a new
-- row version, and while the count lived in the step's row, every read of a step's name (the Kandidater list,
-- the board, the profile) walked those versions: 51 step lookups read 1,003 buffers after one benchmark's applies.
-- Steps are now read from rows that do not change; only the counts churn. A step without a row here has none.
CREATE TABLE step_counts (
    company_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    active_applications BIGINT NOT NULL,
    PRIMARY KEY (company_id, step_id),
    FOREIGN KEY (company_id, step_id) REFERENCES pipeline_steps (company_id, id) ON DELETE CASCADE
);
INSERT INTO step_counts (company_id, step_id, active_applications)
    SELECT company_id, id, active_applications FROM pipeline_steps WHERE active_applications <> 0;
ALTER TABLE pipeline_steps DROP COLUMN active_applications;
