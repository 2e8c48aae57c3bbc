-- 11.1.7, 11.2.3, 11.2.4: the register of corrective actions (是正措置),
-- one for audit findings, self-check answers, continuous-check findings and
-- incidents' recurrence measures. The source is a plain kind and ID so
-- each process links to it without a foreign key into its tables.
CREATE TABLE corrective_actions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    source_kind       TEXT    NOT NULL,
    source_id         TEXT    NOT NULL,
    unit_code         TEXT    NOT NULL REFERENCES org_units (code),
    owner_role        TEXT    NOT NULL,
    owner_scope       TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    provisions        TEXT    NOT NULL DEFAULT '',
    due               TEXT    NOT NULL,
    root_cause        TEXT    NOT NULL DEFAULT '',
    plan              TEXT    NOT NULL DEFAULT '',
    state             TEXT    NOT NULL,
    completion_note   TEXT    NOT NULL DEFAULT '',
    completed_by      TEXT    NOT NULL DEFAULT '',
    completed_at      TEXT    NOT NULL DEFAULT '',
    effective         INTEGER NOT NULL DEFAULT 0,
    verification_note TEXT    NOT NULL DEFAULT '',
    verified_by       TEXT    NOT NULL DEFAULT '',
    verified_at       TEXT    NOT NULL DEFAULT '',
    reopened          INTEGER NOT NULL DEFAULT 0,
    created_by        TEXT    NOT NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    version           INTEGER NOT NULL
);
CREATE INDEX corrective_actions_unit ON corrective_actions (unit_code, state);
CREATE INDEX corrective_actions_due ON corrective_actions (state, due);
CREATE INDEX corrective_actions_source ON corrective_actions (source_kind, source_id);

-- Evidence of completion, with the SHA-256 taken at upload; never changed.
CREATE TABLE corrective_evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id    INTEGER NOT NULL REFERENCES corrective_actions (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX corrective_evidence_action ON corrective_evidence (action_id, id);
CREATE TRIGGER corrective_evidence_kept BEFORE UPDATE ON corrective_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER corrective_evidence_undeleted BEFORE DELETE ON corrective_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
