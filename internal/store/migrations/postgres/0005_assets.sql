-- 4 情報資産の分類と管理: the register of information assets (情報資産台帳).
CREATE TABLE assets (
    id                     TEXT PRIMARY KEY, -- 管理番号, the key imports match by
    unit_code              TEXT    NOT NULL REFERENCES org_units (code), -- 4.2ア(1)
    name                   TEXT    NOT NULL,
    description            TEXT    NOT NULL DEFAULT '',
    kind                   TEXT    NOT NULL,
    location               TEXT    NOT NULL DEFAULT '',
    confidentiality        INTEGER NOT NULL,
    confidentiality_reason TEXT    NOT NULL DEFAULT '',
    integrity              INTEGER NOT NULL,
    integrity_reason       TEXT    NOT NULL DEFAULT '',
    availability           INTEGER NOT NULL,
    availability_reason    TEXT    NOT NULL DEFAULT '',
    in_scope               INTEGER NOT NULL, -- 4.1.4ア, kept for filtering
    stage                  TEXT    NOT NULL,
    origin                 TEXT    NOT NULL DEFAULT '', -- 4.2エ
    original_id            TEXT    NOT NULL DEFAULT '', -- 4.2ア(3)
    search_key             TEXT    NOT NULL,
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX assets_unit ON assets (unit_code, id);
CREATE INDEX assets_confidentiality ON assets (confidentiality, id);
CREATE INDEX assets_updated ON assets (updated_at, id);
CREATE INDEX assets_name ON assets (name, id);
CREATE INDEX assets_original ON assets (original_id);
-- Counting a filtered register reads these narrow indexes, not the rows.
CREATE INDEX assets_scope ON assets (in_scope, updated_at, id);
CREATE INDEX assets_kind ON assets (kind, id);
CREATE INDEX assets_stage ON assets (stage, id);
-- (No index on search_key here: strpos cannot use one, while SQLite
-- counts a word search from it.)

-- What holds each asset: systems, devices, media, cabinets, areas. Each
-- takes the highest class of what it holds (4.2オ(4)).
CREATE TABLE asset_holders (
    holder   TEXT NOT NULL, -- kind:id
    asset_id TEXT NOT NULL REFERENCES assets (id),
    PRIMARY KEY (holder, asset_id)
);
CREATE INDEX asset_holders_asset ON asset_holders (asset_id);

-- The lifecycle (4.2ウ to ケ): each stage an asset entered, and when.
CREATE TABLE asset_stages (
    asset_id TEXT NOT NULL REFERENCES assets (id),
    seq      INTEGER NOT NULL,
    stage    TEXT NOT NULL,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    PRIMARY KEY (asset_id, seq)
);
