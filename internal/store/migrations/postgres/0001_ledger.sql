-- 4.4: the record ledger. Records are appended in the transaction of the
-- change they describe and never updated or deleted.
-- A record is stored as its body, the exact bytes its hash covers: a JSON
-- object. The other columns are read from it, for queries and indexes.
CREATE TABLE ledger_records (
    seq          BIGINT PRIMARY KEY CHECK (seq >= 1),
    hash         TEXT NOT NULL,
    body         TEXT NOT NULL,
    at           TEXT GENERATED ALWAYS AS (body::jsonb ->> 'at') STORED,
    actor        TEXT GENERATED ALWAYS AS (body::jsonb ->> 'actor') STORED,
    on_behalf_of TEXT GENERATED ALWAYS AS (body::jsonb ->> 'on_behalf_of') STORED,
    action       TEXT GENERATED ALWAYS AS (body::jsonb ->> 'action') STORED,
    entity       TEXT GENERATED ALWAYS AS (body::jsonb ->> 'entity') STORED,
    entity_id    TEXT GENERATED ALWAYS AS (body::jsonb ->> 'entity_id') STORED,
    digest       TEXT GENERATED ALWAYS AS (body::jsonb ->> 'digest') STORED,
    provisions   TEXT GENERATED ALWAYS AS (body::jsonb ->> 'provisions') STORED
);
CREATE INDEX ledger_records_entity ON ledger_records (entity, entity_id, seq);

CREATE FUNCTION ledger_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger records are append-only';
END;
$$;
CREATE TRIGGER ledger_records_no_change BEFORE UPDATE OR DELETE ON ledger_records
FOR EACH ROW EXECUTE FUNCTION ledger_records_append_only();

CREATE TABLE ledger_checkpoints (
    seq       BIGINT PRIMARY KEY,
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
CREATE TRIGGER ledger_checkpoints_no_change BEFORE UPDATE OR DELETE ON ledger_checkpoints
FOR EACH ROW EXECUTE FUNCTION ledger_records_append_only();
CREATE TRIGGER ledger_keys_no_change BEFORE UPDATE OR DELETE ON ledger_keys
FOR EACH ROW EXECUTE FUNCTION ledger_records_append_only();

-- Installation settings, such as the city's name.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
