-- 10.1.3: after a contract is made, the contractor's security is checked
-- regularly (its report, an on-site inspection) and what is found is
-- acted on. Each contract has its interval in months; each check is kept
-- with its result, and a result calling for correction names the
-- corrective action it opened.
CREATE TABLE contract_check_plans (
    contract_id     TEXT    NOT NULL PRIMARY KEY REFERENCES contracts (id),
    interval_months INTEGER NOT NULL,
    set_by          TEXT    NOT NULL,
    set_at          TEXT    NOT NULL
);
CREATE TABLE contract_checks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id TEXT    NOT NULL REFERENCES contracts (id),
    checked_on  TEXT    NOT NULL,
    kind        TEXT    NOT NULL, -- report or inspection
    checker     TEXT    NOT NULL,
    result      TEXT    NOT NULL, -- conforming or corrective
    note        TEXT    NOT NULL DEFAULT '',
    evidence    TEXT    NOT NULL DEFAULT '', -- SHA-256 hex of the report kept outside
    action_id   INTEGER  NOT NULL DEFAULT 0,
    recorded_by TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX contract_checks_contract ON contract_checks (contract_id, checked_on);
