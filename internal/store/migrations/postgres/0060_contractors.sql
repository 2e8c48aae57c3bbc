-- Chapter 10: the register of 委託事業者, contracts, 再委託 chains and
-- 委託業務従事者. The contractors of the organisation master (3.2.5イ) are
-- the register's contractors: the columns below add what 10.1.1 asks.
ALTER TABLE org_contractors ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN contact TEXT NOT NULL DEFAULT '';
-- 10.1.1: the selection check, '' while none is recorded.
ALTER TABLE org_contractors ADD COLUMN selection_on TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN selection_by TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN selection_what TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN selection_evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE org_contractors ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- ISMS, プライバシーマーク and ISMAP, one of each kind per contractor.
CREATE TABLE contractor_certifications (
    contractor_id TEXT NOT NULL REFERENCES org_contractors (id),
    kind          TEXT NOT NULL,
    number        TEXT NOT NULL,
    expires_on    TEXT NOT NULL,
    PRIMARY KEY (contractor_id, kind)
);

-- 10.1.2: contracts, owned by a 課.
CREATE TABLE contracts (
    id            TEXT PRIMARY KEY,
    name          TEXT    NOT NULL,
    unit_code     TEXT    NOT NULL REFERENCES org_units (code),
    contractor_id TEXT    NOT NULL REFERENCES org_contractors (id),
    valid_from    TEXT    NOT NULL,
    valid_to      TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    my_number     INTEGER NOT NULL DEFAULT 0,
    exception_id  BIGINT  NOT NULL DEFAULT 0, -- the 例外措置 (9.5) it is in force under
    search_key    TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX contracts_unit ON contracts (unit_code, id);
CREATE INDEX contracts_contractor ON contracts (contractor_id);

-- 10.1.2ア, イ: the article that states each item.
CREATE TABLE contract_articles (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    item        TEXT NOT NULL,
    article     TEXT NOT NULL,
    PRIMARY KEY (contract_id, item)
);

-- What is entrusted: systems and information assets (4.2オ(4)).
CREATE TABLE contract_entrusted (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    kind        TEXT NOT NULL, -- system or asset
    ref_id      TEXT NOT NULL,
    PRIMARY KEY (contract_id, kind, ref_id)
);
CREATE INDEX contract_entrusted_ref ON contract_entrusted (kind, ref_id);

-- 10.1.4: 再委託 links, each from a contractor in the contract's chain.
CREATE TABLE subcontracts (
    id          TEXT PRIMARY KEY,
    contract_id TEXT    NOT NULL REFERENCES contracts (id),
    from_id     TEXT    NOT NULL REFERENCES org_contractors (id),
    to_id       TEXT    NOT NULL REFERENCES org_contractors (id),
    part        TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    permit_id   BIGINT  NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX subcontracts_contract ON subcontracts (contract_id);

-- 10.1.2ア(11), (12), 8.3.9: the people who do the work.
CREATE TABLE contract_staff (
    id          TEXT PRIMARY KEY,
    contract_id TEXT    NOT NULL REFERENCES contracts (id),
    name        TEXT    NOT NULL,
    affiliation TEXT    NOT NULL REFERENCES org_contractors (id),
    workplace   TEXT    NOT NULL,
    trained_on  TEXT    NOT NULL DEFAULT '',
    valid_from  TEXT    NOT NULL,
    valid_to    TEXT    NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX contract_staff_contract ON contract_staff (contract_id);

CREATE TABLE contract_staff_checks (
    staff_id   TEXT    NOT NULL REFERENCES contract_staff (id),
    seq        INTEGER NOT NULL,
    checked_on TEXT    NOT NULL,
    checker    TEXT    NOT NULL,
    shown      TEXT    NOT NULL,
    PRIMARY KEY (staff_id, seq)
);
