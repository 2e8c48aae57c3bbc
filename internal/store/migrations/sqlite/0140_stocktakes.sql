-- 9.2.2 利用状況調査: a stocktake of a 課's devices and media. Starting
-- one copies the register's items in use into stocktake_items, so what was
-- looked for stays as it was when the count began; each item is then
-- marked found, missing or elsewhere (with where), and closing turns each
-- missing item into a corrective action and, where it held 機密性2以上
-- data, an incident report.
CREATE TABLE stocktakes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_code  TEXT NOT NULL REFERENCES org_units (code),
    title      TEXT NOT NULL,
    state      TEXT NOT NULL,
    started_by TEXT NOT NULL,
    started_at TEXT NOT NULL,
    closed_by  TEXT NOT NULL DEFAULT '',
    closed_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stocktakes_unit ON stocktakes (unit_code, started_at);

CREATE TABLE stocktake_items (
    stocktake_id    BIGINT  NOT NULL REFERENCES stocktakes (id),
    kind            TEXT    NOT NULL,
    item_id         TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    location        TEXT    NOT NULL DEFAULT '',
    confidentiality INTEGER NOT NULL DEFAULT 0,
    mark            TEXT    NOT NULL DEFAULT '',
    place           TEXT    NOT NULL DEFAULT '',
    marked_by       TEXT    NOT NULL DEFAULT '',
    marked_at       TEXT    NOT NULL DEFAULT '',
    action_id       BIGINT  NOT NULL DEFAULT 0,
    incident_id     BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (stocktake_id, kind, item_id)
);
