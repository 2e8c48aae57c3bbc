-- 6 物理的セキュリティ: the registers of managed areas (6.2), devices (6.1,
-- 6.4, 8.1.13, 8.1.14) and removable media (6.4.3, 4.2カ). What each holds
-- is in asset_holders as area:ID, device:ID, medium:ID (4.2オ(4)).
CREATE TABLE areas (
    id            TEXT PRIMARY KEY, -- 管理番号
    name          TEXT    NOT NULL,
    unit_code     TEXT    NOT NULL REFERENCES org_units (code),
    kind          TEXT    NOT NULL, -- 6.2.1ア
    building      TEXT    NOT NULL,
    floor         INTEGER NOT NULL, -- 6.2.1イ; -1 is the first basement
    is_new        INTEGER NOT NULL DEFAULT 0,
    entry_control TEXT    NOT NULL, -- 6.2.2ア
    search_key    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX areas_unit ON areas (unit_code, id);
CREATE INDEX areas_name ON areas (name, id);
CREATE INDEX areas_updated ON areas (updated_at, id);

-- 6.2.2ア: who may enter each area.
CREATE TABLE area_people (
    area_id  TEXT NOT NULL REFERENCES areas (id),
    staff_no TEXT NOT NULL REFERENCES org_people (staff_no),
    PRIMARY KEY (area_id, staff_no)
);
CREATE INDEX area_people_staff ON area_people (staff_no);

CREATE TABLE devices (
    id              TEXT PRIMARY KEY, -- 管理番号
    name            TEXT    NOT NULL,
    unit_code       TEXT    NOT NULL REFERENCES org_units (code),
    kind            TEXT    NOT NULL,
    issued_to       TEXT    REFERENCES org_people (staff_no), -- NULL: not issued to anyone
    location        TEXT    NOT NULL DEFAULT '',
    area_id         TEXT    REFERENCES areas (id),
    disk_encryption INTEGER NOT NULL DEFAULT 0, -- 6.4.3
    screen_lock     INTEGER NOT NULL DEFAULT 0, -- 6.4.4ア
    remote_wipe     INTEGER NOT NULL DEFAULT 0, -- 6.4.4イ
    privacy_filter  INTEGER NOT NULL DEFAULT 0, -- 6.4.4ウ
    usb_control     INTEGER NOT NULL DEFAULT 0, -- 5.1イ(2)
    bios_password   INTEGER NOT NULL DEFAULT 0, -- 6.4.2ア
    search_key      TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX devices_unit ON devices (unit_code, id);
CREATE INDEX devices_name ON devices (name, id);
CREATE INDEX devices_updated ON devices (updated_at, id);
CREATE INDEX devices_kind ON devices (kind, id);
CREATE INDEX devices_area ON devices (area_id);
CREATE INDEX devices_issued ON devices (issued_to);
CREATE INDEX devices_unencrypted ON devices (disk_encryption, id);

CREATE TABLE media (
    id         TEXT PRIMARY KEY, -- 管理番号
    name       TEXT    NOT NULL,
    unit_code  TEXT    NOT NULL REFERENCES org_units (code),
    kind       TEXT    NOT NULL,
    encrypted  INTEGER NOT NULL DEFAULT 0, -- 6.4.3
    location   TEXT    NOT NULL DEFAULT '',
    area_id    TEXT    REFERENCES areas (id), -- 4.2カ(3)
    cabinet    TEXT    NOT NULL DEFAULT '',
    search_key TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX media_unit ON media (unit_code, id);
CREATE INDEX media_name ON media (name, id);
CREATE INDEX media_updated ON media (updated_at, id);
CREATE INDEX media_kind ON media (kind, id);
CREATE INDEX media_area ON media (area_id);
