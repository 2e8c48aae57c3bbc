-- 11.1.6: audit evidence past its retention is disposed of by permit, not
-- deleted silently. The file's bytes are removed from audit_evidence; its
-- record (name, SHA-256) stays there, and this side table says who
-- disposed of it, when, and under which approved request.
CREATE TABLE audit_evidence_disposals (
    evidence_id  BIGINT  PRIMARY KEY REFERENCES audit_evidence (id),
    permit_id    BIGINT  NOT NULL REFERENCES permit_requests (id),
    disposed_by  TEXT    NOT NULL,
    disposed_at  TEXT    NOT NULL
);
CREATE INDEX audit_evidence_disposals_permit ON audit_evidence_disposals (permit_id);

-- Evidence is still never changed, except that a file recorded above as
-- disposed of loses its bytes, and nothing else.
CREATE OR REPLACE FUNCTION audit_evidence_kept_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (NEW.id, NEW.audit_id, NEW.name, NEW.content_type, NEW.size, NEW.sha256, NEW.note, NEW.uploaded_by, NEW.uploaded_at, NEW.keep_until) IS NOT DISTINCT FROM (OLD.id, OLD.audit_id, OLD.name, OLD.content_type, OLD.size, OLD.sha256, OLD.note, OLD.uploaded_by, OLD.uploaded_at, OLD.keep_until) AND length(NEW.data) = 0 AND EXISTS (SELECT 1 FROM audit_evidence_disposals d WHERE d.evidence_id = OLD.id) THEN RETURN NEW; END IF; RAISE EXCEPTION 'evidence is never changed'; END $$;
