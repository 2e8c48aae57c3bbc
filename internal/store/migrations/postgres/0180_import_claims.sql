-- A staged import being written in short transactions. The import's
-- rows are claimed (import_asset_claims) in chunks, each checked against
-- the version its check read; when the last chunk is claimed the import
-- turns to 'applying', and from then it is written to the end, chunk by
-- chunk, even after a restart (the claims hold each row as checked). A
-- claimed asset cannot be saved by anyone else until its chunk is
-- written. Working storage, not a register: the rows written carry the
-- ledger records.
CREATE TABLE import_applies (
    id         TEXT PRIMARY KEY,
    sheet      TEXT NOT NULL,
    state      TEXT NOT NULL,
    actor      TEXT NOT NULL,
    on_behalf  TEXT NOT NULL,
    rows_total BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE import_asset_claims (
    asset_id      TEXT PRIMARY KEY,
    import_id     TEXT NOT NULL REFERENCES import_applies (id) ON DELETE CASCADE,
    seq           BIGINT NOT NULL,
    existed       INTEGER NOT NULL,
    stage_changed INTEGER NOT NULL,
    row_json      TEXT NOT NULL
);
CREATE INDEX import_asset_claims_seq ON import_asset_claims (import_id, seq);
