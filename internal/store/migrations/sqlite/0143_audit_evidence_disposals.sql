-- 11.1.6: audit evidence past its retention is disposed of by permit, not
-- deleted silently. The file's bytes are removed from audit_evidence; its
-- record (name, SHA-256) stays there, and this side table says who
-- disposed of it, when, and under which approved request.
CREATE TABLE audit_evidence_disposals (
    evidence_id  INTEGER PRIMARY KEY REFERENCES audit_evidence (id),
    permit_id    INTEGER NOT NULL REFERENCES permit_requests (id),
    disposed_by  TEXT    NOT NULL,
    disposed_at  TEXT    NOT NULL
);
CREATE INDEX audit_evidence_disposals_permit ON audit_evidence_disposals (permit_id);

-- Evidence is still never changed, except that a file recorded above as
-- disposed of loses its bytes, and nothing else.
DROP TRIGGER audit_evidence_kept;
CREATE TRIGGER audit_evidence_kept BEFORE UPDATE ON audit_evidence
WHEN NOT (NEW.id = OLD.id AND NEW.audit_id = OLD.audit_id AND NEW.name = OLD.name AND NEW.content_type = OLD.content_type
    AND NEW.size = OLD.size AND NEW.sha256 = OLD.sha256 AND NEW.note = OLD.note AND NEW.uploaded_by = OLD.uploaded_by
    AND NEW.uploaded_at = OLD.uploaded_at AND NEW.keep_until = OLD.keep_until AND length(NEW.data) = 0
    AND EXISTS (SELECT 1 FROM audit_evidence_disposals d WHERE d.evidence_id = OLD.id))
BEGIN SELECT RAISE(ABORT, 'evidence is never changed'); END;
