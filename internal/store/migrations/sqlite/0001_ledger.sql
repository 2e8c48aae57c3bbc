-- 4.4: the record ledger. Records are appended in the transaction of the
-- change they describe and never updated or deleted.
-- A record is stored as its body, the exact bytes its hash covers: a JSON
-- object. The other columns are read from it, for queries and indexes.
CREATE TABLE ledger_records (
    seq          INTEGER PRIMARY KEY CHECK (seq >= 1),
    hash         TEXT NOT NULL,
    body         TEXT NOT NULL,
    at           TEXT GENERATED ALWAYS AS (json_extract(body, '$.at')) VIRTUAL,
    actor        TEXT GENERATED ALWAYS AS (json_extract(body, '$.actor')) VIRTUAL,
    on_behalf_of TEXT GENERATED ALWAYS AS (json_extract(body, '$.on_behalf_of')) VIRTUAL,
    action       TEXT GENERATED ALWAYS AS (json_extract(body, '$.action')) VIRTUAL,
    entity       TEXT GENERATED ALWAYS AS (json_extract(body, '$.entity')) VIRTUAL,
    entity_id    TEXT GENERATED ALWAYS AS (json_extract(body, '$.entity_id')) VIRTUAL,
    digest       TEXT GENERATED ALWAYS AS (json_extract(body, '$.digest')) VIRTUAL,
    provisions   TEXT GENERATED ALWAYS AS (json_extract(body, '$.provisions')) VIRTUAL
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

-- Checkpoints and keys are append-only too.
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
BEGIN SELECT RAISE(ABORT, 'ledger checkpoints are append-only'); END;
CREATE TRIGGER ledger_keys_no_update BEFORE UPDATE ON ledger_keys
BEGIN SELECT RAISE(ABORT, 'ledger keys are append-only'); END;
CREATE TRIGGER ledger_keys_no_delete BEFORE DELETE ON ledger_keys
BEGIN SELECT RAISE(ABORT, 'ledger keys are append-only'); END;

-- Installation settings, such as the city's name. Keyed by text, so kept
-- WITHOUT ROWID: one b-tree instead of a table and its key index.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
