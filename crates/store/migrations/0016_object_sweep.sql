-- Objects in the file store that may have no row pointing at them. An upload writes its object before the
-- transaction that records it, so a crash in between left the object behind (the security review found 17 after
-- kill -9 under load). Now the upload notes the key here first, due an hour later, and its transaction deletes
-- the note; what is still noted when due has no row and is deleted from the store, then here
-- (store::object_sweep). A change that stops needing an object notes it due at once, in its own transaction.
CREATE TABLE object_sweep (
    storage_key TEXT NOT NULL PRIMARY KEY,
    due_at BIGINT NOT NULL
);
CREATE INDEX object_sweep_due ON object_sweep (due_at);
