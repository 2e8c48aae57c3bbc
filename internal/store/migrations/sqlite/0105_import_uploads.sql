-- A register file uploaded for import, kept on the server for its check
-- and its confirmation (the page does not send it back), with the work's
-- progress and outcome, until it expires. Working storage, not a
-- register: the import's own writes carry the ledger records.
CREATE TABLE import_uploads (
    id           TEXT PRIMARY KEY,
    owner        TEXT NOT NULL,
    register     TEXT NOT NULL,
    filename     TEXT NOT NULL,
    size         BIGINT NOT NULL,
    state        TEXT NOT NULL,
    confirmed    INTEGER NOT NULL DEFAULT 0,
    rows_read    BIGINT NOT NULL DEFAULT 0,
    rows_checked BIGINT NOT NULL DEFAULT 0,
    rows_written BIGINT NOT NULL DEFAULT 0,
    result       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX import_uploads_owner ON import_uploads (owner, created_at);
CREATE INDEX import_uploads_expires ON import_uploads (expires_at);

-- The file's bytes, in pieces written in short transactions so that
-- storing a city's 50 MB register does not hold other saves.
CREATE TABLE import_upload_chunks (
    upload_id TEXT NOT NULL REFERENCES import_uploads (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
