-- 10.2: the 外部サービス the city uses, each owned by a 課, on a
-- provider's standard terms (約款) or under a contract, with its ISMAP
-- registration; and what is put on each, so the CISO's 利用基準 can be
-- checked against the highest 機密性 of the assets there.
CREATE TABLE external_services (
    id            TEXT PRIMARY KEY,
    name          TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    contractor_id TEXT    NOT NULL DEFAULT '', -- a contractor of the register, '' for none
    kind          TEXT    NOT NULL,            -- terms (約款) or contract
    ismap_number  TEXT    NOT NULL DEFAULT '',
    ismap_expires TEXT    NOT NULL DEFAULT '',
    unit_code     TEXT    NOT NULL REFERENCES org_units (code),
    note          TEXT    NOT NULL DEFAULT '',
    search_key    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX external_services_unit ON external_services (unit_code, id);

-- The systems using a service and the information assets put on it.
CREATE TABLE external_service_uses (
    service_id TEXT NOT NULL REFERENCES external_services (id),
    kind       TEXT NOT NULL, -- system or asset
    ref_id     TEXT NOT NULL,
    PRIMARY KEY (service_id, kind, ref_id)
);
CREATE INDEX external_service_uses_ref ON external_service_uses (kind, ref_id);
