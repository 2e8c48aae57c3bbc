-- 9.2.1ア, イ: files kept as evidence of the work on a finding of the
-- continuous check (what was done to fix it), with the SHA-256 of their
-- bytes taken when kept; never changed or deleted.
CREATE TABLE compliance_finding_evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rule         TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX compliance_finding_evidence_key ON compliance_finding_evidence (rule, subject, id);
CREATE TRIGGER compliance_finding_evidence_kept BEFORE UPDATE ON compliance_finding_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
CREATE TRIGGER compliance_finding_evidence_undeleted BEFORE DELETE ON compliance_finding_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is never deleted'); END;
