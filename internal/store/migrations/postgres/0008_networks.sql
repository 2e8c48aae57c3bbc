-- 5, 8.1.9, 8.1.15, 8.2: network segments in their zones, and the
-- connections between segments, systems and external networks.
CREATE TABLE network_segments (
    id          TEXT PRIMARY KEY,
    name        TEXT    NOT NULL,
    zone        TEXT    NOT NULL, -- 5.1 to 5.4
    unit_code   TEXT    NOT NULL REFERENCES org_units (code),
    address     TEXT    NOT NULL DEFAULT '',
    wireless    INTEGER NOT NULL DEFAULT 0, -- 8.1.15
    description TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX network_segments_zone ON network_segments (zone, id);

CREATE TABLE network_connections (
    id            TEXT PRIMARY KEY,
    from_end      TEXT    NOT NULL, -- segment:ID, system:ID or external:NAME
    to_end        TEXT    NOT NULL,
    channel       TEXT    NOT NULL,
    protocol      TEXT    NOT NULL DEFAULT '',
    ports         TEXT    NOT NULL DEFAULT '',
    restriction   TEXT    NOT NULL DEFAULT '', -- 5.1ア
    sanitisation  TEXT    NOT NULL DEFAULT 'none', -- 5.2イ
    wireless      INTEGER NOT NULL DEFAULT 0, -- 8.1.15
    remote_access INTEGER NOT NULL DEFAULT 0, -- 6.3.6, 8.2.2
    description   TEXT    NOT NULL DEFAULT '',
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX network_connections_from ON network_connections (from_end);
CREATE INDEX network_connections_to ON network_connections (to_end);
