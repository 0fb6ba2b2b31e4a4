-- Kandidater's Tagg and Tildelt filters offer the company's tags and employees, and its rows name each assignee.
-- Each server keeps those names in memory per company (app::company_names) and uses them only while the company's
-- names_version, read with the session in the same query, is the one they were read at. Every write that adds,
-- renames or merges a tag, adds an employee, or renames a login raises it in its own transaction (store::companies),
-- so a change is seen by every server at its next request.
ALTER TABLE companies ADD COLUMN names_version BIGINT NOT NULL DEFAULT 0;
