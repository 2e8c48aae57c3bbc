-- 11.1.3: the yearly audit plan per 年度, drafted by the audit director
-- and approved by the CISO.
CREATE TABLE audit_plans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    fiscal_year INTEGER NOT NULL UNIQUE,
    state       TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    drafted_by  TEXT    NOT NULL,
    drafted_at  TEXT    NOT NULL,
    approved_by TEXT    NOT NULL DEFAULT '',
    approved_at TEXT    NOT NULL DEFAULT '',
    version     INTEGER NOT NULL
);

-- Each audit of a plan: scope, criteria, dates, and the report (11.1.5).
CREATE TABLE audits (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id          INTEGER NOT NULL REFERENCES audit_plans (id),
    title            TEXT    NOT NULL,
    units            TEXT    NOT NULL DEFAULT '',
    systems          TEXT    NOT NULL DEFAULT '',
    contractor       TEXT    NOT NULL DEFAULT '',
    provisions       TEXT    NOT NULL,
    criteria         TEXT    NOT NULL,
    external_allowed INTEGER NOT NULL DEFAULT 0,
    period_from      TEXT    NOT NULL,
    period_to        TEXT    NOT NULL,
    starts           TEXT    NOT NULL,
    ends             TEXT    NOT NULL,
    state            TEXT    NOT NULL,
    summary          TEXT    NOT NULL DEFAULT '',
    submitted_by     TEXT    NOT NULL DEFAULT '',
    submitted_at     TEXT    NOT NULL DEFAULT '',
    created_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL
);
CREATE INDEX audits_plan ON audits (plan_id, id);

CREATE TABLE audit_auditors (
    audit_id     INTEGER NOT NULL REFERENCES audits (id),
    seq          INTEGER NOT NULL,
    staff_no     TEXT    NOT NULL DEFAULT '',
    name         TEXT    NOT NULL DEFAULT '',
    organisation TEXT    NOT NULL DEFAULT '',
    external     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (audit_id, seq)
);
CREATE INDEX audit_auditors_staff ON audit_auditors (staff_no);

-- Work an auditor recorded; independence is checked again each time.
CREATE TABLE audit_work (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    audit_id INTEGER NOT NULL REFERENCES audits (id),
    staff_no TEXT    NOT NULL,
    note     TEXT    NOT NULL,
    at       TEXT    NOT NULL
);
CREATE INDEX audit_work_audit ON audit_work (audit_id, id);

-- A seeded draw per audit and register: one only, shown again from its seed.
CREATE TABLE audit_samples (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    register   TEXT    NOT NULL,
    seed       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    population TEXT    NOT NULL,
    drawn      TEXT    NOT NULL,
    drawn_by   TEXT    NOT NULL,
    drawn_at   TEXT    NOT NULL,
    PRIMARY KEY (audit_id, register)
);

CREATE TABLE audit_verdicts (
    audit_id  INTEGER NOT NULL REFERENCES audits (id),
    register  TEXT    NOT NULL,
    record_id TEXT    NOT NULL,
    conforms  INTEGER NOT NULL,
    note      TEXT    NOT NULL DEFAULT '',
    by_staff  TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    PRIMARY KEY (audit_id, register, record_id)
);

-- 11.1.6: evidence and working papers with their SHA-256; never changed,
-- never deleted; past keep_until they are listed for disposal by permit.
CREATE TABLE audit_evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    audit_id     INTEGER NOT NULL REFERENCES audits (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    keep_until   TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX audit_evidence_audit ON audit_evidence (audit_id, id);
CREATE INDEX audit_evidence_keep ON audit_evidence (keep_until);

-- 11.1.5, 11.1.7: findings, each with the corrective action it opened.
CREATE TABLE audit_findings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    provisions  TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    unit_code   TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    action_id   INTEGER NOT NULL DEFAULT 0, -- the corrective_actions row it opened
    created_by  TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX audit_findings_audit ON audit_findings (audit_id, id);
CREATE INDEX audit_findings_unit ON audit_findings (unit_code);

CREATE TRIGGER audit_evidence_kept BEFORE UPDATE ON audit_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER audit_evidence_undeleted BEFORE DELETE ON audit_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
