-- 4.4: the record ledger. Records are appended in the transaction of the
-- change they describe and never updated or deleted.
CREATE TABLE ledger_records (
    seq          INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    on_behalf_of TEXT    NOT NULL DEFAULT '',
    action       TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    entity_id    TEXT    NOT NULL,
    digest       TEXT    NOT NULL,
    provisions   TEXT    NOT NULL,
    hash         TEXT    NOT NULL
);
CREATE INDEX ledger_records_entity ON ledger_records (entity, entity_id, seq);

CREATE TRIGGER ledger_records_no_update BEFORE UPDATE ON ledger_records
BEGIN SELECT RAISE(ABORT, 'ledger records are append-only'); END;
CREATE TRIGGER ledger_records_no_delete BEFORE DELETE ON ledger_records
BEGIN SELECT RAISE(ABORT, 'ledger records are append-only'); END;

CREATE TABLE ledger_checkpoints (
    seq       INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL,
    at        TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE ledger_keys (
    key_id     TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    added_at   TEXT NOT NULL
);

-- Installation settings, such as the city's name.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
