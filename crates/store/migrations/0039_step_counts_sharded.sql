-- Each step's count of applications that are not archived is kept in up to 64 rows ("shards") whose sum is the
-- count (docs/benchmarks.md, nineteenth session). Every application written adds to its step's count inside its
-- transaction; with one row per step, PostgreSQL made every concurrent application to the same posting wait for
-- that row's lock until the transaction holding it committed (8 ms of each apply's 28 ms at 4 clients, and the
-- ceiling on applications a second at 16). Writers now spread over the shards; readers sum them.
CREATE TABLE step_counts_sharded (
    company_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    shard INTEGER NOT NULL,
    active_applications BIGINT NOT NULL,
    PRIMARY KEY (company_id, step_id, shard),
    FOREIGN KEY (company_id, step_id) REFERENCES pipeline_steps (company_id, id) ON DELETE CASCADE
);
INSERT INTO step_counts_sharded (company_id, step_id, shard, active_applications)
    SELECT company_id, step_id, 0, active_applications FROM step_counts;
DROP TABLE step_counts;
ALTER TABLE step_counts_sharded RENAME TO step_counts;
