-- 11.2: files kept as evidence of a self-check answer, with the SHA-256
-- of their bytes; like incident evidence, never changed.
CREATE TABLE selfcheck_evidence (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES selfcheck_reports (id),
    question     TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX selfcheck_evidence_report ON selfcheck_evidence (report_id, id);
CREATE TRIGGER selfcheck_evidence_no_update BEFORE UPDATE ON selfcheck_evidence
BEGIN SELECT RAISE(ABORT, 'self-check evidence is never changed'); END;
CREATE TRIGGER selfcheck_evidence_no_delete BEFORE DELETE ON selfcheck_evidence
BEGIN SELECT RAISE(ABORT, 'self-check evidence is never deleted'); END;
