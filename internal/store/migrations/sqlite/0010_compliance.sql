-- 9.2.1: findings of the rules that check the registers against the
-- standard. A finding is one rule on one record; it opens when first
-- seen, keeps when it was last seen, and closes itself when the record
-- is fixed.
CREATE TABLE compliance_findings (
    rule         TEXT NOT NULL,
    subject      TEXT NOT NULL, -- kind:id
    provision    TEXT NOT NULL,
    severity     TEXT NOT NULL, -- high, medium, low
    kind         TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    unit_code    TEXT NOT NULL DEFAULT '', -- the 課 whose 情報管理者 answers for it
    message      TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    closed_at    TEXT NOT NULL DEFAULT '', -- '' while open
    PRIMARY KEY (rule, subject)
);
CREATE INDEX compliance_findings_open ON compliance_findings (closed_at, unit_code, severity);
CREATE INDEX compliance_findings_subject ON compliance_findings (subject);
CREATE INDEX compliance_findings_provision ON compliance_findings (provision, closed_at);

-- Findings accepted under a 例外措置 (9.5.1): shown apart, pointing to it.
CREATE TABLE compliance_acceptances (
    rule        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    reference   TEXT NOT NULL, -- the 例外措置's number
    reason      TEXT NOT NULL,
    until_day   TEXT NOT NULL,
    accepted_by TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    PRIMARY KEY (rule, subject)
);

-- Each full run: when, with which rules, how long reading and evaluating took.
CREATE TABLE compliance_runs (
    id            INTEGER PRIMARY KEY,
    started_at    TEXT    NOT NULL,
    rules_version TEXT    NOT NULL,
    read_ms       INTEGER NOT NULL,
    eval_ms       INTEGER NOT NULL,
    write_ms      INTEGER NOT NULL,
    findings      INTEGER NOT NULL,
    opened        INTEGER NOT NULL,
    closed        INTEGER NOT NULL
);

-- The trend: each day's open findings and checks per 課, from the last run
-- of the day. unit_code '' holds what no 課 answers for (city roles).
CREATE TABLE compliance_daily (
    day       TEXT    NOT NULL,
    unit_code TEXT    NOT NULL,
    checks    INTEGER NOT NULL, -- checks made, weighted by severity
    failed    INTEGER NOT NULL, -- checks failed, weighted by severity
    high      INTEGER NOT NULL,
    medium    INTEGER NOT NULL,
    low       INTEGER NOT NULL,
    PRIMARY KEY (day, unit_code)
);

-- A city's own rule files; the latest is in force, the shipped rules
-- until one is loaded.
CREATE TABLE compliance_rulesets (
    id        INTEGER PRIMARY KEY,
    version   TEXT NOT NULL,
    body      TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL
);
