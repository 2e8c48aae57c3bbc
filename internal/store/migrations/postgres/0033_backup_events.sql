-- 8.1.3: each backup made and each restore drill, what it held and how it
-- ended: the evidence an audit asks for, beside their ledger records.
CREATE TABLE backup_events (
    id BIGSERIAL PRIMARY KEY,
    kind       TEXT    NOT NULL, -- made, drill
    file       TEXT    NOT NULL,
    size       BIGINT  NOT NULL DEFAULT 0,
    sha256     TEXT    NOT NULL DEFAULT '',
    records    BIGINT  NOT NULL DEFAULT 0,
    root       TEXT    NOT NULL DEFAULT '',
    removed    TEXT    NOT NULL DEFAULT '', -- old backups removed, comma separated
    millis     BIGINT  NOT NULL DEFAULT 0,
    result     TEXT    NOT NULL, -- ok, or why it failed
    at         TEXT    NOT NULL
);
CREATE INDEX backup_events_at ON backup_events (at, id);
