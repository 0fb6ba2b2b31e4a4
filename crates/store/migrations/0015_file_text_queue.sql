-- Files whose text is still to be read (an uploaded PDF's, for search). Parsing untrusted PDFs is kept out of the
-- request that uploads them: the security review's Flate bomb took the server down from inside that request. A
-- worker in `serve` claims rows under a lease (`locked_until`), reads the text in a bounded child process, stores
-- it and deletes the row (store::file_texts).
CREATE TABLE file_text_queue (
    company_id TEXT NOT NULL,
    file_id TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, file_id),
    FOREIGN KEY (company_id, file_id) REFERENCES files (company_id, id) ON DELETE CASCADE
);
CREATE INDEX file_text_queue_due ON file_text_queue (locked_until);
