-- 5, 6.1, 8.1, 8.4: the register of information systems (情報システム台帳).
CREATE TABLE systems (
    id                 TEXT PRIMARY KEY,
    name               TEXT    NOT NULL,
    description        TEXT    NOT NULL DEFAULT '',
    unit_code          TEXT    NOT NULL REFERENCES org_units (code),
    zone               TEXT    NOT NULL, -- 5.1 to 5.4
    hosting            TEXT    NOT NULL, -- 6.1.6
    redundant          INTEGER NOT NULL DEFAULT 0, -- 6.1.2
    ups                INTEGER NOT NULL DEFAULT 0, -- 6.1.3
    surge_protection   INTEGER NOT NULL DEFAULT 0, -- 6.1.3
    maintenance        TEXT    NOT NULL DEFAULT '', -- 6.1.5ア
    backup             TEXT    NOT NULL DEFAULT '', -- 8.1.3
    log_items          TEXT    NOT NULL DEFAULT '', -- 8.1.7
    log_retention_days INTEGER NOT NULL DEFAULT 0,
    log_review         TEXT    NOT NULL DEFAULT '',
    auth_factors       INTEGER NOT NULL DEFAULT 1, -- 5.1イ(1), 6.4.2ア
    external_access    INTEGER NOT NULL DEFAULT 0, -- 8.2.2
    public_domain      TEXT    NOT NULL DEFAULT '', -- 8.1.12
    tls                INTEGER NOT NULL DEFAULT 0,
    contractor         TEXT    NOT NULL DEFAULT '',
    documents          TEXT    NOT NULL DEFAULT '', -- 8.1.6
    search_key         TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX systems_unit ON systems (unit_code, id);
CREATE INDEX systems_zone ON systems (zone, id);

-- 8.4.1エ: the software each system runs and its end of support.
CREATE TABLE system_software (
    system_id      TEXT    NOT NULL REFERENCES systems (id),
    seq            INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    version        TEXT    NOT NULL DEFAULT '',
    end_of_support TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (system_id, seq)
);
CREATE INDEX system_software_eos ON system_software (end_of_support);
