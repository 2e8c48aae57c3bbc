-- The standard as data: catalogs (one row per edition), their provisions in
-- document order, and mappings between provisions of two catalogs.
CREATE TABLE catalogs (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL,
    edition    TEXT NOT NULL,
    title      TEXT NOT NULL,
    issuer     TEXT NOT NULL DEFAULT '',
    effective  TEXT NOT NULL DEFAULT '',
    format     TEXT NOT NULL,
    header     TEXT NOT NULL,
    digest     TEXT NOT NULL,
    loaded_at  TEXT NOT NULL,
    UNIQUE (key, edition)
);

CREATE TABLE provisions (
    catalog_id INTEGER NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    pid        TEXT    NOT NULL,
    alt_id     TEXT    NOT NULL DEFAULT '', -- the id it has elsewhere, such as its OSCAL id
    parent     TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    data       TEXT    NOT NULL,
    search     TEXT    NOT NULL,
    PRIMARY KEY (catalog_id, pid)
);
CREATE INDEX provisions_order ON provisions (catalog_id, ord);
CREATE INDEX provisions_parent ON provisions (catalog_id, parent, ord);
CREATE INDEX provisions_alt ON provisions (catalog_id, alt_id);

CREATE TABLE catalog_mappings (
    from_key     TEXT NOT NULL,
    from_pid     TEXT NOT NULL,
    to_key       TEXT NOT NULL,
    to_pid       TEXT NOT NULL,
    relationship TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_key, from_pid, to_key, to_pid)
);
CREATE INDEX catalog_mappings_to ON catalog_mappings (to_key, to_pid);
